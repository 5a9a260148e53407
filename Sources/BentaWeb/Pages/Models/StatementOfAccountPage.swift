import BentaCore
import Foundation

/// A customer's statement of account (`account_statement.mustache`): the period form, the movements with the
/// running balance, the open invoices with their age, the PDF link and the "email it" form.
struct StatementOfAccountPage: PageModel {
    struct Line {
        var date: String
        var description: String
        var reference: String
        var amount: String
        var balance: String
    }

    struct OpenInvoice {
        var number: String
        var url: String
        var due_date: String
        var days_past_due: String
        var bucket: String
        var total: String
        var open: String
    }

    var customer: String
    var customer_url: String
    var statement_url: String
    var from: String
    var to: String
    var currency: String
    var period_label: String
    var opening: String
    var closing: String
    var unapplied_credit: String
    var has_unapplied_credit: Bool
    var lines: [Line]
    var has_lines: Bool
    var open_invoices: [OpenInvoice]
    var has_open_invoices: Bool
    var open_total: String
    var pdf_url: String
    var email_url: String
    var email: String
    var problem: String?
    var notice: String?

    static func make(
        _ statement: StatementOfAccount, accountName: String, email: String, problem: String?, notice: String?,
        strings: [String: String], language: LanguageCode
    ) -> StatementOfAccountPage {
        let money = MoneyFormatter(language: language)
        let id = statement.accountID
        let period = QueryString.make([
            ("from", statement.from.iso8601String), ("to", statement.to.iso8601String),
            ("currency", statement.currency.code),
        ])
        func describe(_ line: StatementLine) -> String {
            let text = strings["statement_kind_\(line.kind.rawValue)"] ?? line.kind.rawValue
            guard let number = line.invoiceNumber else { return text }
            return "\(text) \(number)"
        }
        return StatementOfAccountPage(
            customer: accountName, customer_url: Paths.account(id), statement_url: Paths.accountStatement(id),
            from: statement.from.iso8601String, to: statement.to.iso8601String, currency: statement.currency.code,
            period_label: DateFormatting.display(statement.from, language: language) + " – "
                + DateFormatting.display(statement.to, language: language),
            opening: money.format(statement.opening), closing: money.format(statement.closing),
            unapplied_credit: money.format(statement.unappliedCredit),
            has_unapplied_credit: !statement.unappliedCredit.isZero,
            lines: statement.lines.map { line in
                Line(
                    date: DateFormatting.display(line.date, language: language), description: describe(line),
                    reference: line.reference ?? "", amount: money.format(line.amount),
                    balance: money.format(line.balance))
            },
            has_lines: !statement.lines.isEmpty,
            open_invoices: statement.openInvoices.map { invoice in
                OpenInvoice(
                    number: invoice.number, url: Paths.invoice(invoice.invoiceID),
                    due_date: DateFormatting.display(invoice.dueDate, language: language),
                    days_past_due: String(max(0, invoice.daysPastDue)),
                    bucket: strings[invoice.bucketLabelKey.replacingOccurrences(of: ".", with: "_")]
                        ?? invoice.bucketLabelKey,
                    total: money.format(invoice.total), open: money.format(invoice.open))
            },
            has_open_invoices: !statement.openInvoices.isEmpty, open_total: money.format(statement.openTotal),
            pdf_url: Paths.accountStatementPDF(id) + period, email_url: Paths.emailAccountStatement(id),
            email: email, problem: problem, notice: notice)
    }
}

/// The collection figures block of the receivables page (`payments_receivables.mustache`): DSO, best possible DSO,
/// average days delinquent and CEI of the period ending on the page's date, with the amounts they come from.
struct ReceivablesMetricsPart {
    struct Figure {
        var id: String
        var label: String
        var value: String
    }

    var period_label: String
    var figures: [Figure]

    static func make(
        _ metrics: ReceivablesMetrics, strings: [String: String], language: LanguageCode
    ) -> ReceivablesMetricsPart {
        let money = MoneyFormatter(language: language)
        let none = strings["receivables_metric_none"] ?? "n/a"
        func figure(_ id: String, _ value: String) -> Figure {
            Figure(id: "metric-\(id)", label: strings["receivables_\(id)"] ?? id, value: value)
        }
        return ReceivablesMetricsPart(
            period_label: DateFormatting.display(metrics.from, language: language) + " – "
                + DateFormatting.display(metrics.to, language: language) + " (\(metrics.currency.code))",
            figures: [
                figure("dso", metrics.dso.map(DecimalText.format) ?? none),
                figure("best_dso", metrics.bestPossibleDSO.map(DecimalText.format) ?? none),
                figure("days_delinquent", metrics.averageDaysDelinquent.map(DecimalText.format) ?? none),
                figure("cei", metrics.cei.map(DecimalText.format) ?? none),
                figure("beginning", money.format(metrics.beginningReceivables)),
                figure("credit_sales", money.format(metrics.creditSales)),
                figure("ending", money.format(metrics.endingReceivables)),
                figure("ending_current", money.format(metrics.endingCurrentReceivables)),
            ])
    }
}
