import BentaCore
import Foundation
import SQLKit

/// The reads behind a customer's statement of account and the output-VAT relief report, each a fixed number of
/// aggregate statements over the receivables ledger and the invoices (no query per line).
///
/// The statement reads the customer's `receivables` and `customer_credit` journal lines (index
/// `journal_lines_account`): one line per journal entry, the two accounts added, so a payment lowers the balance when
/// it arrives and an allocation only by what was withheld.
public struct StatementOfAccountStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// What the customer owed (receivables + customer credit) at the end of `day`, in `currency`.
    public func balance(
        accountID: Account.ID, companyID: Company.ID, currency: Currency, through day: CalendarDate
    ) async throws -> (balance: Money, credit: Money) {
        let row = try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS balance,
                CAST(COALESCE(SUM(CASE WHEN ledger_account = 'customer_credit' THEN amount_minor ELSE 0 END), 0)
                    AS BIGINT) AS credit
            FROM journal_lines
            WHERE company_id = \(bind: companyID.description)
                AND ledger_account IN ('receivables', 'customer_credit')
                AND party_id = \(bind: accountID.description) AND currency = \(bind: currency.code)
                AND entry_date <= \(bind: day.iso8601String)
            """
        ).first()
        return (
            Money(minorUnits: try row?.int64("balance") ?? 0, currency: currency),
            Money(minorUnits: -(try row?.int64("credit") ?? 0), currency: currency)
        )
    }

    /// The customer's ledger movements dated `from`…`to` in `currency`, by date and then as they were posted, each
    /// with its document's number or reference; at most `limit` + 1 (the caller refuses more than `limit`).
    public func movements(
        accountID: Account.ID, companyID: Company.ID, currency: Currency, from: CalendarDate, to: CalendarDate,
        limit: Int
    ) async throws -> [StatementMovement] {
        let sql: SQLQueryString = """
            SELECT m.entry_id, m.entry_date, m.source, m.source_id, m.amount, m.created_at,
                d.number AS document_number, pa.cash_minor, pa.withheld_minor, ai.number AS invoice_number,
                p.reference AS payment_reference
            FROM (
                SELECT e.id AS entry_id, e.entry_date, e.source, e.source_id, e.created_at,
                    CAST(SUM(l.amount_minor) AS BIGINT) AS amount
                FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                WHERE l.company_id = \(bind: companyID.description)
                    AND l.ledger_account IN ('receivables', 'customer_credit')
                    AND l.party_id = \(bind: accountID.description) AND l.currency = \(bind: currency.code)
                    AND l.entry_date >= \(bind: from.iso8601String) AND l.entry_date <= \(bind: to.iso8601String)
                GROUP BY e.id, e.entry_date, e.source, e.source_id, e.created_at
                ORDER BY e.entry_date, e.created_at, e.id
                LIMIT \(literal: limit + 1)
            ) m
            LEFT JOIN invoices d ON m.source IN ('invoice', 'credit_note') AND d.id = m.source_id
            LEFT JOIN payment_allocations pa ON m.source IN ('allocation', 'allocation_reversal')
                AND pa.id = m.source_id
            LEFT JOIN invoices ai ON ai.id = pa.invoice_id
            LEFT JOIN payments p ON p.id = (CASE WHEN m.source IN ('payment', 'payment_void') THEN m.source_id
                ELSE pa.payment_id END)
            ORDER BY m.entry_date, m.created_at, m.entry_id
            """
        return try await db.raw(sql).all().map { row in
            guard let date = CalendarDate(iso8601: try row.string("entry_date")),
                let source = JournalSource(rawValue: try row.string("source"))
            else { throw CorruptRow(description: "statement entry date or source") }
            let kind: StatementLineKind
            switch source {
            case .invoice: kind = .invoice
            case .creditNote: kind = .creditNote
            case .payment: kind = .payment
            case .allocation: kind = .allocation
            case .allocationReversal: kind = .allocationReversal
            case .paymentVoid: kind = .paymentVoid
            }
            var applied: Money?
            if let cash = try row.optionalInt64("cash_minor"), let withheld = try row.optionalInt64("withheld_minor") {
                applied = Money(minorUnits: cash + withheld, currency: currency)
            }
            return StatementMovement(
                date: date, kind: kind, documentID: try row.string("source_id"),
                reference: try row.optionalString("document_number") ?? (try row.optionalString("payment_reference")),
                invoiceNumber: try row.optionalString("invoice_number"),
                amount: Money(minorUnits: try row.int64("amount"), currency: currency), applied: applied)
        }
    }

    /// The customer's issued invoices in `currency` still open at the end of `asOf` (credit notes and allocations
    /// after it do not count), by due date; at most `limit` + 1.
    public func openInvoices(
        accountID: Account.ID, companyID: Company.ID, currency: Currency, asOf: CalendarDate, limit: Int
    ) async throws -> [(
        id: Invoice.ID, number: String, issueDate: CalendarDate, dueDate: CalendarDate, total: Money,
        open: Money
    )] {
        let day = asOf.iso8601String
        let sql: SQLQueryString = """
            SELECT x.id, x.number, x.issue_date, x.due, x.total_minor, x.open_minor FROM (
                SELECT i.id, i.number, i.issue_date, COALESCE(i.due_date, i.issue_date) AS due, i.total_minor,
                    CAST(i.total_minor - \(InvoiceSettlementSQL.settled(asOf: day)) AS BIGINT) AS open_minor
                FROM invoices i
                WHERE i.account_id = \(bind: accountID.description) AND i.company_id = \(bind: companyID.description)
                    AND i.kind = 'invoice' AND i.status = 'issued' AND i.currency = \(bind: currency.code)
                    AND i.issue_date <= \(bind: day)
            ) x WHERE x.open_minor <> 0
            ORDER BY x.due, x.number LIMIT \(literal: limit + 1)
            """
        return try await db.raw(sql).all().map { row in
            guard let issued = CalendarDate(iso8601: try row.string("issue_date")),
                let due = CalendarDate(iso8601: try row.string("due"))
            else { throw CorruptRow(description: "statement invoice dates") }
            return (
                try row.id("id"), try row.optionalString("number") ?? "", issued, due,
                Money(minorUnits: try row.int64("total_minor"), currency: currency),
                Money(minorUnits: try row.int64("open_minor"), currency: currency)
            )
        }
    }

    /// VAT invoices (VAT shown, issued on or after `UnpaidPastTermRule.firstSaleDate`, with a term of at least a
    /// day) of customers the viewer sees, due `dueFrom`…`dueTo` and still open at the end of `asOf`, by due date
    /// and id: one keyset page (at most `limit` rows after `cursor`) from one aggregate statement on the index
    /// `invoices_due` (M0021).
    public func unpaidPastTerm(
        viewer: Viewer, dueFrom: CalendarDate, dueTo: CalendarDate, asOf: CalendarDate, cursor: String?, limit: Int
    ) async throws -> Page<UnpaidPastTermInvoice> {
        let day = asOf.iso8601String
        var inner: SQLQueryString = """
            SELECT i.id, i.number, i.issue_date, i.due_date, i.currency, i.total_minor, i.tax_minor, i.buyer_json,
                COALESCE(a.registered_name, a.name) AS account_name, a.tin AS account_tin,
                CAST(i.total_minor - \(InvoiceSettlementSQL.settled(asOf: day)) AS BIGINT) AS open_minor
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND i.kind = 'invoice'
                AND i.status = 'issued' AND i.due_date >= \(bind: dueFrom.iso8601String)
                AND i.due_date <= \(bind: dueTo.iso8601String) AND i.due_date > i.issue_date
                AND i.tax_minor > 0 AND i.issue_date >= \(bind: UnpaidPastTermRule.firstSaleDate.iso8601String)
                AND
            """
        inner += " " + VisibilitySQL.accounts(viewer)
        if let encoded = cursor {
            guard let position = SortCursor(encoded: encoded), CalendarDate(iso8601: position.sortName) != nil else {
                throw ValidationErrors([
                    FieldError(field: "cursor", code: "invalid_cursor", message: "Use the cursor a page returned.")
                ])
            }
            inner += """
                 AND (i.due_date > \(bind: position.sortName)
                    OR (i.due_date = \(bind: position.sortName) AND i.id > \(bind: position.id)))
                """
        }
        let sql: SQLQueryString =
            "SELECT * FROM (" + inner + ") x WHERE x.open_minor > 0 ORDER BY x.due_date, x.id LIMIT "
            + "\(literal: limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(limit).map { row in
            guard let currency = Currency(code: try row.string("currency")),
                let issued = CalendarDate(iso8601: try row.string("issue_date")),
                let due = CalendarDate(iso8601: try row.string("due_date"))
            else { throw CorruptRow(description: "unpaid past term invoice") }
            let buyer = try row.optionalString("buyer_json").map {
                try StoredJSON.decode(InvoiceParty.self, from: $0)
            }
            let accountTIN = try row.optionalString("account_tin").flatMap { try? TaxpayerID(parsing: $0) }
            let accountName = try row.string("account_name")
            return UnpaidPastTermInvoice(
                invoiceID: try row.id("id"), number: try row.optionalString("number") ?? "", issueDate: issued,
                dueDate: due, buyerName: buyer?.name ?? accountName,
                buyerTIN: buyer?.tin ?? accountTIN?.formatted,
                total: Money(minorUnits: try row.int64("total_minor"), currency: currency),
                vat: Money(minorUnits: try row.int64("tax_minor"), currency: currency),
                open: Money(minorUnits: try row.int64("open_minor"), currency: currency))
        }
        var next: String?
        if rows.count > limit, let last = items.last {
            next = SortCursor(sortName: last.dueDate.iso8601String, id: last.invoiceID.description).encoded
        }
        return Page(items: items, nextCursor: next)
    }
}
