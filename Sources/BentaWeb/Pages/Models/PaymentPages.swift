import BentaCore
import BentaFormats
import BentaServices
import Foundation

/// What the payment pages share: labels of methods and aging buckets, and field errors keyed by their full name
/// (`allocations[0].amount`), which the allocation rows show beside their own field.
enum PaymentPageValues {
    /// How many allocation rows the payment form offers.
    static let allocationRows = 5

    static func methodLabel(_ method: PaymentMethod, strings: [String: String]) -> String {
        strings["payment_method_\(method.rawValue)"] ?? method.rawValue
    }

    static func methods(selected: String, strings: [String: String]) -> [PageChoice] {
        PageChoice.labelled(PaymentMethod.allCases.map(\.rawValue), selected: selected, strings: strings) {
            "payment_method_\($0)"
        }
    }

    /// The bank accounts a form offers, the chosen one marked.
    static func bankAccounts(_ accounts: [BankAccount], selected: String) -> [PageOption] {
        accounts.map {
            PageOption(
                id: $0.id.description, name: "\($0.name) · \($0.bank) · \($0.currency.code)",
                selected: $0.id.description == selected)
        }
    }

    /// Each error under its full field name, translated by code where a translation exists.
    static func fieldErrors(_ errors: ValidationErrors?, strings: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for error in errors?.errors ?? [] {
            let text = strings["error_\(error.code)"] ?? error.message
            result[error.field] = result[error.field].map { "\($0) \(text)" } ?? text
        }
        return result
    }
}

/// Receivables aging as of a date (`payments_receivables.mustache`): one row per customer, manager or currency with
/// the five buckets, the totals per currency, and the next page of customers.
struct ReceivablesPage: PageModel {
    struct Row {
        var name: String
        var url: String
        var has_url: Bool
        var currency: String
        var amounts: [String]
        var total: String
        var invoices: String
        /// A customer's row: its statement of account up to the as-of date, which lists the invoices open then.
        var invoices_url: String?
    }

    struct Total {
        var currency: String
        var amounts: [String]
        var total: String
    }

    var as_of: String
    var as_of_label: String
    var groupings: [PageChoice]
    var group_heading: String
    var buckets: [String]
    var rows: [Row]
    var has_rows: Bool
    var totals: [Total]
    var is_manager_view: Bool
    var next_url: String?
    /// The collection figures of the 90 days up to the page's date (set by the controller).
    var metrics: [ReceivablesMetricsPart] = []
    /// The report pages and CSV exports beside the aging (set by the controller).
    var reports: [ReceivablesReportLinks] = []

    static func make(
        rows: [AgingRow], totals: [AgingRow], asOf: CalendarDate, grouping: AgingGrouping, nextCursor: String?,
        accountNames: [Account.ID: String], directory: PageDirectory, role: Role, strings: [String: String],
        language: LanguageCode
    ) -> ReceivablesPage {
        let money = MoneyFormatter(language: language)
        func name(_ key: String) -> (String, String) {
            switch grouping {
            case .customer:
                guard let id = Account.ID(string: key) else { return (key, "") }
                return (accountNames[id] ?? key, Paths.account(id))
            case .manager:
                guard let id = User.ID(string: key) else { return (key, "") }
                let name = directory.userName(id)
                return (name.isEmpty ? key : name, "")
            case .currency:
                return (key, "")
            }
        }
        return ReceivablesPage(
            as_of: asOf.iso8601String, as_of_label: DateFormatting.display(asOf, language: language),
            groupings: AgingGrouping.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["receivables_group_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == grouping)
            },
            group_heading: strings["receivables_group_\(grouping.rawValue)"] ?? grouping.rawValue,
            buckets: AgingBuckets.standard.buckets.map {
                strings[$0.labelKey.replacingOccurrences(of: ".", with: "_")] ?? $0.labelKey
            },
            rows: rows.map { row in
                let (label, url) = name(row.key)
                return Row(
                    name: label, url: url, has_url: !url.isEmpty, currency: row.currency.code,
                    amounts: row.amounts.map(money.format), total: money.format(row.total),
                    invoices: String(row.invoiceCount),
                    invoices_url: grouping == .customer
                        ? Account.ID(string: row.key).map {
                            Paths.accountStatement($0)
                                + QueryString.make([("to", asOf.iso8601String), ("currency", row.currency.code)])
                        } : nil)
            },
            has_rows: !rows.isEmpty,
            totals: totals.map {
                Total(currency: $0.currency.code, amounts: $0.amounts.map(money.format), total: money.format($0.total))
            },
            is_manager_view: role == .manager,
            next_url: nextCursor.map {
                Paths.receivables()
                    + QueryString.make([
                        ("as_of", asOf.iso8601String), ("group", grouping.rawValue), ("cursor", $0),
                    ])
            })
    }
}

/// The payments received, newest first (`payments_list.mustache`).
struct PaymentsListPage: PageModel {
    struct Row {
        var url: String
        var date: String
        var customer: String
        var customer_url: String
        var amount: String
        var method: String
        var reference: String
        var unallocated: String
        var has_unallocated: Bool
    }

    var payments: [Row]
    var has_payments: Bool
    var next_url: String?

    static func make(
        _ page: Page<PaymentSummary>, names: [Account.ID: String], strings: [String: String], language: LanguageCode
    ) -> PaymentsListPage {
        let money = MoneyFormatter(language: language)
        let rows = page.items.map { item in
            let payment = item.payment
            return Row(
                url: Paths.payment(payment.id), date: DateFormatting.display(payment.receivedOn, language: language),
                customer: names[payment.accountID] ?? "", customer_url: Paths.account(payment.accountID),
                amount: money.format(payment.amount),
                method: PaymentPageValues.methodLabel(payment.method, strings: strings),
                reference: payment.reference ?? "", unallocated: money.format(item.unallocated),
                has_unallocated: item.unallocated.isPositive)
        }
        return PaymentsListPage(
            payments: rows, has_payments: !rows.isEmpty,
            next_url: page.nextCursor.map { Paths.payments() + QueryString.make([("cursor", $0)]) })
    }
}

/// One payment with its allocations, each reversible by a finance role (`payment_detail.mustache`).
struct PaymentDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    struct Withholding {
        var label: String
        var amount: String
    }

    struct Allocation {
        var invoice: String
        var invoice_url: String
        var date: String
        var cash: String
        var withholdings: [Withholding]
        var is_reversal: Bool
        var is_reversed: Bool
        var may_reverse: Bool
        var reverse_url: String
    }

    var heading: String
    var payment_id: String
    var customer: String
    var customer_url: String
    var date: String
    var amount: String
    var method: String
    var reference: String
    var bank_account: String
    var notes: String
    var unallocated: String
    var allocations: [Allocation]
    var has_allocations: Bool
    var problem: String?

    static func make(
        _ detail: PaymentDetail, customer: String, invoiceNumbers: [Invoice.ID: String], bankAccount: String,
        mayReverse: Bool, problem: String?, strings: [String: String], language: LanguageCode
    ) -> PaymentDetailPage {
        let money = MoneyFormatter(language: language)
        let payment = detail.payment
        let reversedByLater = Set(detail.allocations.compactMap(\.reversesID))
        let rows = detail.allocations.map { allocation in
            let isReversal = allocation.reversesID != nil
            let isReversed = reversedByLater.contains(allocation.id)
            return Allocation(
                invoice: invoiceNumbers[allocation.invoiceID] ?? allocation.invoiceID.description,
                invoice_url: Paths.invoice(allocation.invoiceID),
                date: DateFormatting.display(allocation.allocatedOn, language: language),
                cash: money.format(allocation.cash),
                withholdings: allocation.withholdings.map {
                    Withholding(
                        label: "\(strings["withholding_kind_\($0.kind.rawValue)"] ?? $0.kind.rawValue) "
                            + "\($0.taxCode) \(DecimalText.format($0.ratePercent))%",
                        amount: money.format($0.amount))
                },
                is_reversal: isReversal, is_reversed: isReversed,
                may_reverse: mayReverse && !isReversal && !isReversed,
                reverse_url: Paths.reverseAllocation(allocation.id))
        }
        return PaymentDetailPage(
            heading: (strings["payment_heading"] ?? "Payment from {customer}").replacingOccurrences(
                of: "{customer}", with: customer),
            payment_id: payment.id.description, customer: customer, customer_url: Paths.account(payment.accountID),
            date: DateFormatting.display(payment.receivedOn, language: language), amount: money.format(payment.amount),
            method: PaymentPageValues.methodLabel(payment.method, strings: strings),
            reference: payment.reference ?? "", bank_account: bankAccount, notes: payment.notes ?? "",
            unallocated: money.format(detail.unallocated), allocations: rows, has_allocations: !rows.isEmpty,
            problem: problem)
    }
}

/// What the payment form holds, as typed: the payment and up to five allocation rows.
struct PaymentFormInput {
    struct Row {
        var invoiceID = ""
        var amount = ""
        /// "default" (the customer's withholding) or "none".
        var withholding = "default"
    }

    var accountID = ""
    var receivedOn = ""
    var amount = ""
    var currency = ""
    var exchangeRate = ""
    var method = PaymentMethod.bankTransfer.rawValue
    var reference = ""
    var bankAccountID = ""
    var notes = ""
    var rows = Array(repeating: Row(), count: PaymentPageValues.allocationRows)

    init() {}

    init(_ form: FormData) {
        accountID = form["account_id"]
        receivedOn = form["received_on"]
        amount = form["amount"]
        currency = form["currency"]
        exchangeRate = form["exchange_rate"]
        method = form["method"]
        reference = form["reference"]
        bankAccountID = form["bank_account_id"]
        notes = form["notes"]
        rows = (0..<PaymentPageValues.allocationRows).map { index in
            Row(
                invoiceID: form["allocations[\(index)][invoice_id]"], amount: form["allocations[\(index)][amount]"],
                withholding: form["allocations[\(index)][withholding]"] == "none" ? "none" : "default")
        }
    }

    /// The rows with an invoice or an amount, as allocations; their positions, for the errors of each row.
    var allocations: (drafts: [AllocationDraft], positions: [Int]) {
        var drafts: [AllocationDraft] = []
        var positions: [Int] = []
        for (index, row) in rows.enumerated() {
            let invoice = row.invoiceID.trimmingCharacters(in: .whitespaces)
            let amount = row.amount.trimmingCharacters(in: .whitespaces)
            guard !invoice.isEmpty || !amount.isEmpty else { continue }
            drafts.append(
                AllocationDraft(invoiceID: invoice, amount: amount, withholdings: row.withholding == "none" ? [] : nil))
            positions.append(index)
        }
        return (drafts, positions)
    }

    var draft: PaymentDraft {
        PaymentDraft(
            accountID: accountID, receivedOn: receivedOn, amount: amount, currency: currency, method: method,
            reference: reference, bankAccountID: bankAccountID, notes: notes, allocations: allocations.drafts,
            exchangeRate: exchangeRate)
    }
}

/// An open invoice a form offers for an allocation: its number, due date and open amount.
struct OpenInvoiceChoice {
    var id: String
    var label: String
}

/// One allocation row of a form: the invoice select, the amount, the withholding choice and each one's error.
struct AllocationRowField {
    struct Option {
        var id: String
        var label: String
        var selected: Bool
    }

    var index: String
    var number: String
    var invoices: [Option]
    var amount: String
    var withholds_default: Bool
    var invoice_error: String
    var has_invoice_error: Bool
    var amount_error: String
    var has_amount_error: Bool

    /// The rows with the errors of allocation `i` of the draft shown beside row `positions[i]`.
    static func make(
        _ rows: [PaymentFormInput.Row], positions: [Int], invoices: [OpenInvoiceChoice], errors: [String: String]
    ) -> [AllocationRowField] {
        rows.enumerated().map { index, row in
            var invoiceError: [String] = []
            var amountError: [String] = []
            if let sent = positions.firstIndex(of: index) {
                let prefix = "allocations[\(sent)]."
                for (field, text) in errors where field.hasPrefix(prefix) {
                    if field.hasPrefix(prefix + "invoice_id") {
                        invoiceError.append(text)
                    } else {
                        amountError.append(text)
                    }
                }
            }
            var options = invoices.map { Option(id: $0.id, label: $0.label, selected: $0.id == row.invoiceID) }
            if !row.invoiceID.isEmpty && !invoices.contains(where: { $0.id == row.invoiceID }) {
                options.insert(Option(id: row.invoiceID, label: row.invoiceID, selected: true), at: 0)
            }
            return AllocationRowField(
                index: String(index), number: String(index + 1), invoices: options, amount: row.amount,
                withholds_default: row.withholding != "none",
                invoice_error: invoiceError.sorted().joined(separator: " "),
                has_invoice_error: !invoiceError.isEmpty, amount_error: amountError.sorted().joined(separator: " "),
                has_amount_error: !amountError.isEmpty)
        }
    }
}

/// Recording a payment (`payment_new.mustache`): the customer picker, the payment's fields, and allocation rows
/// over the chosen customer's open invoices.
struct PaymentNewPage: PageModel {
    var account_picker: RecordPickerField
    var received_on: String
    var amount: String
    var currency: String
    var exchange_rate: String
    var methods: [PageChoice]
    var reference: String
    var bank_accounts: [PageOption]
    var notes: String
    var rows: [AllocationRowField]
    var has_customer: Bool
    var has_open_invoices: Bool
    var errors: [String: String]
    var has_errors: Bool

    static func make(
        _ input: PaymentFormInput, accountPicker: RecordPickerField, invoices: [OpenInvoiceChoice],
        bankAccounts: [BankAccount], positions: [Int], errors: [String: String]?, strings: [String: String]
    ) -> PaymentNewPage {
        PaymentNewPage(
            account_picker: accountPicker, received_on: input.receivedOn, amount: input.amount,
            currency: input.currency, exchange_rate: input.exchangeRate,
            methods: PaymentPageValues.methods(selected: input.method, strings: strings),
            reference: input.reference,
            bank_accounts: PaymentPageValues.bankAccounts(bankAccounts, selected: input.bankAccountID),
            notes: input.notes,
            rows: AllocationRowField.make(input.rows, positions: positions, invoices: invoices, errors: errors ?? [:]),
            has_customer: Account.ID(string: input.accountID) != nil, has_open_invoices: !invoices.isEmpty,
            errors: errors ?? [:], has_errors: !(errors ?? [:]).isEmpty)
    }
}

/// The statement upload, its result and the statements imported so far (`bank_statements.mustache`).
struct BankStatementsPage: PageModel {
    struct Statement {
        var file_name: String
        var format: String
        var bank_account: String
        var period: String
        var lines: String
        var duplicates: String
        var warnings: [String]
        var has_warnings: Bool
        var imported_at: String
        /// Where its import stands: importing (with the lines read so far), done, or stopped with the reason.
        var status: String
        var importing: Bool
        var failed: Bool
        var read: String
        var matched: String
        var import_error: String
    }

    struct Result {
        var lines: String
        var duplicates: String
        var warnings: [String]
        var has_warnings: Bool
    }

    var bank_accounts: [PageOption]
    var profiles: [PageOption]
    var statements: [Statement]
    var has_statements: Bool
    var result: Result?
    var next_url: String?
    var errors: [String: String]
    var has_errors: Bool
    /// A statement on the page is still importing: the page refreshes itself (``refreshSeconds``).
    var any_importing: Bool

    /// How often the page reloads while a statement imports.
    static let refreshSeconds = "3"

    static func make(
        _ page: Page<ImportedStatement>, bankAccounts: [BankAccount], profiles: [PaymentService.BankCSVProfileChoice],
        chosenAccount: String, chosenProfile: String,
        result: PaymentService.StatementImport?, errors: [String: String]?, directory: PageDirectory,
        language: LanguageCode, strings: [String: String]
    ) -> BankStatementsPage {
        let names = Dictionary(bankAccounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return BankStatementsPage(
            bank_accounts: PaymentPageValues.bankAccounts(bankAccounts, selected: chosenAccount),
            // The ready profiles, then the company's own.
            profiles: profiles.map { PageOption(id: $0.id, name: $0.name, selected: $0.id == chosenProfile) },
            statements: page.items.map { statement in
                let period = [statement.fromDate, statement.toDate].compactMap { $0 }.map {
                    DateFormatting.display($0, language: language)
                }
                return Statement(
                    file_name: statement.fileName, format: statement.format,
                    bank_account: names[statement.bankAccountID] ?? "", period: period.joined(separator: " – "),
                    lines: String(statement.lineCount), duplicates: String(statement.duplicateCount),
                    warnings: statement.warnings, has_warnings: !statement.warnings.isEmpty,
                    imported_at: directory.dateTime(statement.importedAt),
                    status: strings["statements_status_\(statement.importStatus.rawValue)"]
                        ?? statement.importStatus.rawValue,
                    importing: statement.importStatus == .importing,
                    failed: statement.importStatus == .failed || statement.importStatus == .stopped,
                    read: "\(statement.linesRead) / \(statement.linesTotal)", matched: String(statement.linesMatched),
                    import_error: statement.importStatus == .stopped
                        ? (strings["statements_stopped"] ?? "")
                            .replacingOccurrences(of: "{read}", with: String(statement.linesRead))
                            .replacingOccurrences(of: "{total}", with: String(statement.linesTotal))
                        : statement.importError ?? "")
            },
            has_statements: !page.items.isEmpty,
            result: result.map { imported in
                Result(
                    lines: String(imported.statements.reduce(0) { $0 + $1.lineCount }),
                    duplicates: String(imported.statements.reduce(0) { $0 + $1.duplicateCount }),
                    warnings: imported.warnings, has_warnings: !imported.warnings.isEmpty)
            },
            next_url: page.nextCursor.map { Paths.bankStatements() + QueryString.make([("cursor", $0)]) },
            errors: errors ?? [:], has_errors: !(errors ?? [:]).isEmpty,
            any_importing: page.items.contains { $0.importStatus == .importing })
    }
}

/// The review queue: statement lines waiting to be confirmed as a customer's payment or set aside
/// (`bank_statement_queue.mustache`).
struct StatementQueuePage: PageModel {
    struct Line {
        var date: String
        var amount: String
        var counterparty: String
        var remittance: String
        var reference: String
        var confirm_url: String
        var ignore_url: String
        /// In another currency than the base: never confirmed at import, the person confirming enters the rate.
        var needs_rate: Bool
    }

    var lines: [Line]
    var has_lines: Bool
    var next_url: String?

    static func make(
        _ page: Page<StatementLineRecord>, baseCurrency: Currency, language: LanguageCode
    ) -> StatementQueuePage {
        let money = MoneyFormatter(language: language)
        return StatementQueuePage(
            lines: page.items.map { line in
                Line(
                    date: DateFormatting.display(line.bookingDate, language: language),
                    amount: money.format(line.amount), counterparty: line.counterpartyName ?? "",
                    remittance: line.remittance, reference: line.bankReference ?? line.endToEndID ?? "",
                    confirm_url: Paths.confirmStatementLine(line.id), ignore_url: Paths.ignoreStatementLine(line.id),
                    needs_rate: line.amount.currency != baseCurrency)
            },
            has_lines: !page.items.isEmpty,
            next_url: page.nextCursor.map { Paths.statementQueue() + QueryString.make([("cursor", $0)]) })
    }
}

/// Confirming one statement line as a customer's payment: the customer, one invoice (or none: all credit), the
/// amount applied (`bank_statement_confirm.mustache`).
struct StatementConfirmPage: PageModel {
    var action_url: String
    var ignore_url: String
    var date: String
    var amount: String
    var counterparty: String
    var remittance: String
    var reference: String
    var account_picker: RecordPickerField
    var row: AllocationRowField
    /// The line is in another currency than the base: the form asks for the rate it was converted at.
    var needs_rate: Bool
    var exchange_rate: String
    var has_customer: Bool
    var has_open_invoices: Bool
    var errors: [String: String]
    var has_errors: Bool

    static func make(
        _ line: StatementLineRecord, input: PaymentFormInput, baseCurrency: Currency, accountPicker: RecordPickerField,
        invoices: [OpenInvoiceChoice], positions: [Int], errors: [String: String]?, language: LanguageCode
    ) -> StatementConfirmPage {
        let money = MoneyFormatter(language: language)
        return StatementConfirmPage(
            action_url: Paths.confirmStatementLine(line.id), ignore_url: Paths.ignoreStatementLine(line.id),
            date: DateFormatting.display(line.bookingDate, language: language), amount: money.format(line.amount),
            counterparty: line.counterpartyName ?? "", remittance: line.remittance,
            reference: line.bankReference ?? line.endToEndID ?? "", account_picker: accountPicker,
            row: AllocationRowField.make(
                Array(input.rows.prefix(1)), positions: positions, invoices: invoices, errors: errors ?? [:])[0],
            needs_rate: line.amount.currency != baseCurrency, exchange_rate: input.exchangeRate,
            has_customer: Account.ID(string: input.accountID) != nil, has_open_invoices: !invoices.isEmpty,
            errors: errors ?? [:], has_errors: !(errors ?? [:]).isEmpty)
    }
}
