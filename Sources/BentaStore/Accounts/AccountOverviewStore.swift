import BentaCore
import Foundation
import SQLKit

/// The account page's 360° view (``AccountOverview``) in two statements whatever the account holds: one reads the
/// newest few deals, quotes, invoices and contracts (each kind by its account index, newest first), the other
/// sums what the customer owes.
public struct AccountOverviewStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The overview of `accountID` as seen by `viewer` on `today` (empty lists when the viewer does not see the
    /// account).
    public func overview(
        of accountID: Account.ID, viewer: Viewer, today: CalendarDate
    ) async throws
        -> AccountOverview
    {
        // Newest first within each kind (a union keeps no order of its parts).
        let rows = try await items(of: accountID, viewer: viewer, today: today).map { row in
            (row: row, created: try row.int64("created"), id: try row.string("id"))
        }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }.map(\.row)
        let limit = AccountOverview.shortListLength
        var deals: [AccountOverview.DealItem] = []
        var quotes: [AccountOverview.QuoteItem] = []
        var invoices: [AccountOverview.InvoiceItem] = []
        var contracts: [AccountOverview.ContractItem] = []
        var counts: [String: Int] = [:]
        for row in rows {
            let kind = try row.string("kind")
            counts[kind, default: 0] += 1
            guard counts[kind, default: 0] <= limit else { continue }
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "overview currency")
            }
            let money = { (column: String) in
                Money(minorUnits: try row.optionalInt64(column) ?? 0, currency: currency)
            }
            let day = try row.optionalString("day").flatMap(CalendarDate.init(iso8601:))
            let status = try row.string("status")
            switch kind {
            case "deal":
                guard let id = Deal.ID(string: try row.string("id")), let status = DealStatus(rawValue: status) else {
                    throw CorruptRow(description: "overview deal")
                }
                deals.append(
                    .init(
                        id: id, title: try row.string("label"), status: status, amount: try money("amount"),
                        expectedClose: day))
            case "quote":
                guard let id = Quote.ID(string: try row.string("id")), let status = QuoteStatus(rawValue: status)
                else { throw CorruptRow(description: "overview quote") }
                quotes.append(
                    .init(
                        id: id, number: try row.optionalString("label"), status: status, total: try money("amount"),
                        validUntil: day))
            case "invoice":
                guard let id = Invoice.ID(string: try row.string("id")),
                    let status = InvoiceStatus(rawValue: status),
                    let invoiceKind = InvoiceKind(rawValue: try row.string("detail"))
                else { throw CorruptRow(description: "overview invoice") }
                invoices.append(
                    .init(
                        id: id, kind: invoiceKind, number: try row.optionalString("label"), status: status,
                        issueDate: day, total: try money("amount"), credited: try money("credited"),
                        paid: try money("paid"), overdue: try money("overdue")))
            default:
                guard let id = Contract.ID(string: try row.string("id")),
                    let status = ContractStatus(rawValue: status)
                else { throw CorruptRow(description: "overview contract") }
                contracts.append(
                    .init(
                        id: id, number: try row.optionalString("detail"), title: try row.string("label"),
                        status: status, value: try money("amount"), endDate: day))
            }
        }
        func more(_ kind: String) -> Bool { counts[kind, default: 0] > limit }
        return AccountOverview(
            deals: .init(items: deals, hasMore: more("deal")), quotes: .init(items: quotes, hasMore: more("quote")),
            invoices: .init(items: invoices, hasMore: more("invoice")),
            contracts: .init(items: contracts, hasMore: more("contract")),
            balances: try await balances(of: accountID, viewer: viewer, today: today), today: today)
    }

    /// The first `shortListLength + 1` records of each kind, newest first, as rows of one shape: kind, id, label
    /// (title or number), detail (an invoice's kind, a contract's number), status, amount, currency, day, and for
    /// invoices what settled them and how much is past due.
    private func items(of accountID: Account.ID, viewer: Viewer, today: CalendarDate) async throws -> [any SQLRow] {
        let account = accountID.description
        let limit = AccountOverview.shortListLength + 1
        let visible: SQLQueryString =
            "EXISTS (SELECT 1 FROM accounts a WHERE a.id = \(bind: account) AND " + VisibilitySQL.accounts(viewer) + ")"
        let noMoney: SQLQueryString =
            "CAST(NULL AS BIGINT) AS credited, CAST(NULL AS BIGINT) AS paid, "
            + "CAST(NULL AS BIGINT) AS overdue"
        let deals: SQLQueryString =
            "SELECT 'deal' AS kind, d.id, d.title AS label, CAST(NULL AS TEXT) AS detail, d.status, "
            + "d.amount_minor AS amount, d.currency, d.expected_close AS day, " + noMoney
            + ", d.created_at AS created FROM deals d WHERE d.account_id = \(bind: account) AND " + visible
            + " ORDER BY d.created_at DESC, d.id DESC LIMIT \(literal: limit)"
        let quotes: SQLQueryString =
            "SELECT 'quote' AS kind, q.id, q.number AS label, CAST(NULL AS TEXT) AS detail, q.status, "
            + "q.total_minor AS amount, q.currency, q.valid_until AS day, " + noMoney
            + ", q.created_at AS created FROM quotes q WHERE q.account_id = \(bind: account) AND " + visible
            + " ORDER BY q.created_at DESC, q.id DESC LIMIT \(literal: limit)"
        let contracts: SQLQueryString =
            "SELECT 'contract' AS kind, c.id, c.title AS label, c.number AS detail, c.status, "
            + "c.effective_value_minor AS amount, c.currency, c.effective_end_date AS day, " + noMoney
            + ", c.created_at AS created FROM contracts c WHERE c.account_id = \(bind: account) AND " + visible
            + " ORDER BY c.created_at DESC, c.id DESC LIMIT \(literal: limit)"
        let invoices: SQLQueryString =
            "SELECT 'invoice' AS kind, i.id, i.number AS label, i.kind AS detail, i.status, i.total_minor AS amount, "
            + "i.currency, i.issue_date AS day, CAST(" + Self.credited + " AS BIGINT) AS credited, CAST(" + Self.paid
            + " AS BIGINT) AS paid, CAST(CASE WHEN i.kind = 'invoice' AND i.status = 'issued' AND "
            + Self.dueBefore(today) + " > " + Self.credited + " + " + Self.paid + " THEN " + Self.dueBefore(today)
            + " - " + Self.credited + " - " + Self.paid + " ELSE 0 END AS BIGINT) AS overdue, "
            + "i.created_at AS created FROM invoices i "
            + "WHERE i.account_id = \(bind: account) AND " + visible
            + " ORDER BY i.created_at DESC, i.id DESC LIMIT \(literal: limit)"
        let sql: SQLQueryString =
            "SELECT * FROM (" + deals + ") x1 UNION ALL SELECT * FROM (" + quotes + ") x2 UNION ALL SELECT * FROM ("
            + invoices + ") x3 UNION ALL SELECT * FROM (" + contracts + ") x4"
        return try await db.raw(sql).all()
    }

    /// What the customer owes, per currency: the open amount of its issued invoices (total − credit notes − cash
    /// and withholding allocated) and, of it, what is past due on `today` — each invoice's instalments due before
    /// `today` less what settled it, oldest first (as the aging report counts; without instalment rows, its due
    /// date decides). One aggregate.
    private func balances(
        of accountID: Account.ID, viewer: Viewer, today: CalendarDate
    ) async throws
        -> [AccountOverview.Balance]
    {
        let perInvoice: SQLQueryString =
            "SELECT i.currency, i.total_minor - " + Self.credited + " - " + Self.paid + " AS open_minor, "
            + Self.dueBefore(today) + " - " + Self.credited + " - " + Self.paid + " AS past_due "
            + "FROM invoices i JOIN accounts a ON a.id = i.account_id AND " + VisibilitySQL.accounts(viewer)
            + " WHERE i.account_id = \(bind: accountID.description) AND i.kind = 'invoice' AND i.status = 'issued'"
        let sql: SQLQueryString =
            "SELECT v.currency, CAST(SUM(v.open_minor) AS BIGINT) AS open_minor, "
            + "CAST(SUM(CASE WHEN v.past_due > 0 THEN v.past_due ELSE 0 END) AS BIGINT) AS overdue_minor, "
            + "CAST(SUM(CASE WHEN v.past_due > 0 THEN 1 ELSE 0 END) AS BIGINT) AS overdue_invoices "
            + "FROM (" + perInvoice + ") v WHERE v.open_minor <> 0 GROUP BY v.currency ORDER BY v.currency"
        return try await db.raw(sql).all().map { row in
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "overview balance currency")
            }
            return AccountOverview.Balance(
                open: Money(minorUnits: try row.int64("open_minor"), currency: currency),
                overdue: Money(minorUnits: try row.int64("overdue_minor"), currency: currency),
                overdueInvoices: Int(try row.int64("overdue_invoices")))
        }
    }

    /// The credit notes issued against invoice `i`.
    private static let credited: SQLQueryString =
        "COALESCE((SELECT SUM(n.total_minor) FROM invoices n WHERE n.corrects_invoice_id = i.id "
        + "AND n.kind = 'credit_note' AND n.status = 'issued'), 0)"

    /// The cash and withholding allocated to invoice `i` (reversals are negative allocations).
    private static let paid: SQLQueryString =
        "COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa "
        + "WHERE pa.invoice_id = i.id), 0)"

    /// What of invoice `i` fell due before `today`: its instalments due before then, or, issued without instalment
    /// rows, its whole total once its due date (else issue date) is past.
    private static func dueBefore(_ today: CalendarDate) -> SQLQueryString {
        let day = today.iso8601String
        return "(CASE WHEN EXISTS (SELECT 1 FROM invoice_instalments ii WHERE ii.invoice_id = i.id) THEN "
            + "COALESCE((SELECT SUM(ii.amount_minor) FROM invoice_instalments ii WHERE ii.invoice_id = i.id "
            + "AND ii.due_date < \(bind: day)), 0) "
            + "WHEN COALESCE(i.due_date, i.issue_date) < \(bind: day) THEN i.total_minor ELSE 0 END)"
    }
}
