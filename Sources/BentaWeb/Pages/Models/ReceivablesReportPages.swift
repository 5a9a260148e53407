import BentaCore
import Foundation

/// The overdue list per manager (`receivables_overdue.mustache`, issue 12's reports): the totals per manager and
/// currency, then the customers of each manager with what is overdue; each customer's figures open their statement
/// of account as of the day, which lists the invoices behind them. A head or admin sees every manager's customers
/// (or one manager's); a manager their own.
struct OverduePage: PageModel {
    struct Total {
        var manager: String
        var manager_url: String
        var currency: String
        var overdue: String
        var customers: Int
        var invoices: Int
    }

    struct Row {
        var account: String
        var account_url: String
        var statement_url: String
        var currency: String
        var overdue: String
        var open: String
        var invoices: Int
        var oldest_due: String
        var days_late: Int
    }

    struct Group {
        var manager: String
        var rows: [Row]
    }

    var as_of: String
    var as_of_label: String
    var is_manager_view: Bool
    var may_filter: Bool
    var managers: [PageChoice]
    var has_totals: Bool
    var totals: [Total]
    var groups: [Group]
    var csv_url: String
    var next_url: String?
    var late_payments_url: String
    var receivables_url: String

    static func make(
        _ list: OverdueList, ownerID: User.ID?, isManager: Bool, directory: PageDirectory,
        language: LanguageCode
    ) -> OverduePage {
        let money = MoneyFormatter(language: language)
        let day = list.asOf.iso8601String
        func name(_ id: User.ID) -> String {
            let name = directory.userName(id)
            return name.isEmpty ? id.description : name
        }
        var groups: [Group] = []
        var lastManager: User.ID?
        for customer in list.customers.items {
            let row = Row(
                account: customer.accountName, account_url: Paths.account(customer.accountID),
                statement_url: Paths.accountStatement(customer.accountID)
                    + QueryString.make([("to", day), ("currency", customer.overdue.currency.code)]),
                currency: customer.overdue.currency.code, overdue: money.format(customer.overdue),
                open: money.format(customer.open), invoices: customer.invoiceCount,
                oldest_due: DateFormatting.display(customer.oldestDue, language: language),
                days_late: customer.daysLate(asOf: list.asOf))
            if lastManager == customer.managerID, !groups.isEmpty {
                groups[groups.count - 1].rows.append(row)
            } else {
                groups.append(Group(manager: name(customer.managerID), rows: [row]))
                lastManager = customer.managerID
            }
        }
        let filters: [(String, String?)] = [("as_of", day), ("owner_id", isManager ? nil : ownerID?.description)]
        return OverduePage(
            as_of: day, as_of_label: DateFormatting.display(list.asOf, language: language),
            is_manager_view: isManager, may_filter: !isManager,
            managers: directory.users.filter { $0.role == .manager || $0.role == .head }.map {
                PageChoice(value: $0.id.description, label: $0.name, selected: $0.id == ownerID)
            },
            has_totals: !list.managers.isEmpty,
            totals: list.managers.map { total in
                Total(
                    manager: name(total.managerID),
                    manager_url: Paths.overdueCustomers()
                        + QueryString.make([("as_of", day), ("owner_id", total.managerID.description)]),
                    currency: total.overdue.currency.code, overdue: money.format(total.overdue),
                    customers: total.customerCount, invoices: total.invoiceCount)
            },
            groups: groups, csv_url: Paths.overdueCustomersCSV() + QueryString.make(filters),
            next_url: list.customers.nextCursor.map {
                Paths.overdueCustomers() + QueryString.make(filters + [("cursor", $0)])
            },
            late_payments_url: Paths.latePaymentReasons(), receivables_url: Paths.receivables())
    }
}

/// The quarterly list of VAT invoices unpaid past their term (`receivables_unpaid_past_term.mustache`, output-VAT
/// relief): one keyset page of the invoices for the quarter chosen, and its CSV export.
struct UnpaidPastTermPage: PageModel {
    struct Row {
        var number: String
        var url: String
        var issue_date: String
        var due_date: String
        var buyer: String
        var tin: String
        var total: String
        var vat: String
        var open: String
        var open_vat: String
    }

    var quarter: String
    var quarters: [PageChoice]
    var rows: [Row]
    var has_rows: Bool
    var csv_url: String
    var next_url: String?

    static func make(
        _ page: Page<UnpaidPastTermInvoice>, quarter: TaxQuarter, today: CalendarDate, language: LanguageCode
    ) -> UnpaidPastTermPage {
        let money = MoneyFormatter(language: language)
        // The quarter of today and the seven before it, newest first; the one shown is always offered.
        var choices: [TaxQuarter] = []
        var cursor: TaxQuarter? = TaxQuarter(containing: today)
        while let current = cursor, choices.count < 8 {
            choices.append(current)
            cursor =
                current.quarter == 1
                ? TaxQuarter(year: current.year - 1, quarter: 4)
                : TaxQuarter(year: current.year, quarter: current.quarter - 1)
        }
        if !choices.contains(quarter) { choices.append(quarter) }
        return UnpaidPastTermPage(
            quarter: quarter.description,
            quarters: choices.map {
                PageChoice(value: $0.description, label: $0.description, selected: $0 == quarter)
            },
            rows: page.items.map { row in
                Row(
                    number: row.number, url: Paths.invoice(row.invoiceID),
                    issue_date: DateFormatting.display(row.issueDate, language: language),
                    due_date: DateFormatting.display(row.dueDate, language: language), buyer: row.buyerName,
                    tin: row.buyerTIN ?? "", total: money.format(row.total), vat: money.format(row.vat),
                    open: money.format(row.open), open_vat: money.format(row.openVAT))
            },
            has_rows: !page.items.isEmpty,
            csv_url: Paths.unpaidPastTermPageCSV() + QueryString.make([("quarter", quarter.description)]),
            next_url: page.nextCursor.map {
                Paths.unpaidPastTermPage() + QueryString.make([("quarter", quarter.description), ("cursor", $0)])
            })
    }
}

/// The report links and CSV exports under the receivables aging (`payments_receivables.mustache`): the overdue
/// list, why customers pay late, the unpaid-past-term list, and the aging (as shown), DSO/CEI and pending 2307s as
/// CSV.
struct ReceivablesReportLinks {
    var overdue_url: String
    var late_payments_url: String
    var unpaid_past_term_url: String
    var aging_csv_url: String
    var metrics_csv_url: String
    var certificates_csv_url: String

    static func make(asOf: CalendarDate, grouping: AgingGrouping) -> ReceivablesReportLinks {
        let day = asOf.iso8601String
        return ReceivablesReportLinks(
            overdue_url: Paths.overdueCustomers() + QueryString.make([("as_of", day)]),
            late_payments_url: Paths.latePaymentReasons(), unpaid_past_term_url: Paths.unpaidPastTermPage(),
            aging_csv_url: Paths.receivablesAgingCSV()
                + QueryString.make([("as_of", day), ("group", grouping.rawValue)]),
            metrics_csv_url: Paths.receivablesMetricsCSV() + QueryString.make([("to", day)]),
            certificates_csv_url: Paths.pendingCertificatesCSV())
    }
}
