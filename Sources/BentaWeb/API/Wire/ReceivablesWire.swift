import BentaCore
import Foundation

/// `GET /api/v1/accounts/{id}/statement`: the statement of account with every member always present.
struct StatementOfAccountResponse: Encodable {
    let statement: StatementOfAccount

    init(_ statement: StatementOfAccount) {
        self.statement = statement
    }

    func encode(to encoder: any Encoder) throws {
        let s = statement
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(s.accountID.description, forKey: .accountId)
        try c.encode(Party(s.customer), forKey: .customer)
        try c.encode(s.currency.code, forKey: .currency)
        try c.encode(s.from.iso8601String, forKey: .from)
        try c.encode(s.to.iso8601String, forKey: .to)
        try c.encode(s.opening.decimalString, forKey: .openingBalance)
        try c.encode(s.closing.decimalString, forKey: .closingBalance)
        try c.encode(s.unappliedCredit.decimalString, forKey: .unappliedCredit)
        try c.encode(s.openTotal.decimalString, forKey: .openTotal)
        try c.encode(s.lines.map(Line.init), forKey: .lines)
        try c.encode(s.openInvoices.map(OpenInvoice.init), forKey: .openInvoices)
    }

    private enum Keys: String, CodingKey {
        case accountId, customer, currency, from, to, openingBalance, closingBalance, unappliedCredit, openTotal,
            lines, openInvoices
    }

    struct Party: Encodable {
        let party: InvoiceParty
        init(_ party: InvoiceParty) { self.party = party }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(party.name, forKey: .name)
            try c.encode(party.tin, forKey: .tin)
            try c.encode(party.address, forKey: .address)
            try c.encode(party.email, forKey: .email)
        }

        private enum Keys: String, CodingKey { case name, tin, address, email }
    }

    struct Line: Encodable {
        let line: StatementLine
        init(_ line: StatementLine) { self.line = line }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(line.date.iso8601String, forKey: .date)
            try c.encode(line.kind.rawValue, forKey: .kind)
            try c.encode(line.documentID, forKey: .documentId)
            try c.encode(line.reference, forKey: .reference)
            try c.encode(line.invoiceNumber, forKey: .invoiceNumber)
            try c.encode(line.amount.decimalString, forKey: .amount)
            try c.encode(line.applied?.decimalString, forKey: .applied)
            try c.encode(line.balance.decimalString, forKey: .balance)
        }

        private enum Keys: String, CodingKey {
            case date, kind, documentId, reference, invoiceNumber, amount, applied, balance
        }
    }

    struct OpenInvoice: Encodable {
        let invoice: StatementOpenInvoice
        init(_ invoice: StatementOpenInvoice) { self.invoice = invoice }

        /// The invoice's reference, then its age.
        func encode(to encoder: any Encoder) throws {
            try InvoiceReferenceWire(invoice).encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(invoice.daysPastDue, forKey: .daysPastDue)
            try c.encode(invoice.bucketLabelKey, forKey: .bucket)
        }

        private enum Keys: String, CodingKey { case daysPastDue, bucket }
    }
}

/// The body of `POST /api/v1/accounts/{id}/statement/email`; every member optional.
struct StatementEmailRequest: Decodable {
    static let allowedKeys: Set<String> = ["from", "to", "currency", "recipients"]
    var from: String?
    var to: String?
    var currency: String?
    var recipients: [String]?
}

/// `GET /api/v1/receivables/metrics`.
struct ReceivablesMetricsResponse: Encodable {
    let metrics: ReceivablesMetrics

    func encode(to encoder: any Encoder) throws {
        let m = metrics
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(m.from.iso8601String, forKey: .from)
        try c.encode(m.to.iso8601String, forKey: .to)
        try c.encode(m.currency.code, forKey: .currency)
        try c.encode(m.ownerID?.description, forKey: .ownerId)
        try c.encode(m.periodDays, forKey: .periodDays)
        try c.encode(m.months, forKey: .months)
        try c.encode(m.beginningReceivables.decimalString, forKey: .beginningReceivables)
        try c.encode(m.endingReceivables.decimalString, forKey: .endingReceivables)
        try c.encode(m.endingCurrentReceivables.decimalString, forKey: .endingCurrentReceivables)
        try c.encode(m.creditSales.decimalString, forKey: .creditSales)
        try c.encode(m.dso.map(DecimalText.format), forKey: .dso)
        try c.encode(m.bestPossibleDSO.map(DecimalText.format), forKey: .bestPossibleDso)
        try c.encode(m.averageDaysDelinquent.map(DecimalText.format), forKey: .averageDaysDelinquent)
        try c.encode(m.cei.map(DecimalText.format), forKey: .cei)
    }

    private enum Keys: String, CodingKey {
        case from, to, currency, ownerId, periodDays, months, beginningReceivables, endingReceivables,
            endingCurrentReceivables, creditSales, dso, bestPossibleDso, averageDaysDelinquent, cei
    }
}

/// `GET /api/v1/receivables/unpaid-past-term`: one page of the report, with the quarter's dates.
struct UnpaidPastTermResponse: Encodable {
    let quarter: TaxQuarter
    let page: Page<UnpaidPastTermInvoice>

    func encode(to encoder: any Encoder) throws {
        let due = UnpaidPastTermRule.dueDates(for: quarter)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(quarter.description, forKey: .quarter)
        try c.encode(due.first.iso8601String, forKey: .dueFrom)
        try c.encode(due.last.iso8601String, forKey: .dueTo)
        try c.encode(quarter.lastDay.iso8601String, forKey: .asOf)
        try c.encode(page.items.map(Row.init), forKey: .data)
        try c.encode(page.nextCursor, forKey: .nextCursor)
    }

    private enum Keys: String, CodingKey { case quarter, dueFrom, dueTo, asOf, data, nextCursor }

    struct Row: Encodable {
        let row: UnpaidPastTermInvoice
        init(_ row: UnpaidPastTermInvoice) { self.row = row }

        /// The invoice's reference, then its buyer and VAT.
        func encode(to encoder: any Encoder) throws {
            try InvoiceReferenceWire(row).encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.buyerName, forKey: .buyerName)
            try c.encode(row.buyerTIN, forKey: .buyerTin)
            try c.encode(row.total.currency.code, forKey: .currency)
            try c.encode(row.vat.decimalString, forKey: .vat)
            try c.encode(row.openVAT.decimalString, forKey: .openVat)
        }

        private enum Keys: String, CodingKey { case buyerName, buyerTin, currency, vat, openVat }
    }
}

/// An open invoice as a receivables report names it: the core rows that list one (a statement's open invoices, the
/// unpaid-past-term report) conform, so ``InvoiceReferenceWire`` writes them all alike.
protocol OpenInvoiceReference {
    var invoiceID: Invoice.ID { get }
    var number: String { get }
    var issueDate: CalendarDate { get }
    var dueDate: CalendarDate { get }
    var total: Money { get }
    var open: Money { get }
}

extension StatementOpenInvoice: OpenInvoiceReference {}
extension UnpaidPastTermInvoice: OpenInvoiceReference {}

/// The members every receivables row that names an invoice starts with: `invoice_id`, `number`, `issue_date`,
/// `due_date`, `total` and `open` (money as decimal strings). A row writes it into its own object, then adds its own
/// members.
struct InvoiceReferenceWire: Encodable {
    let invoiceId: String
    let number: String
    let issueDate: String
    let dueDate: String
    let total: String
    let open: String

    init(_ invoice: some OpenInvoiceReference) {
        invoiceId = invoice.invoiceID.description
        number = invoice.number
        issueDate = invoice.issueDate.iso8601String
        dueDate = invoice.dueDate.iso8601String
        total = invoice.total.decimalString
        open = invoice.open.decimalString
    }
}
