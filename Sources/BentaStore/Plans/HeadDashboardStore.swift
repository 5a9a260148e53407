import BentaCore
import Foundation
import SQLKit

/// What the head's dashboard reads beyond the plan's own figures, each in one statement over the invoices, deals
/// and allocations the viewer sees: every customer's payment habit, the open invoices and the open deals the cash
/// forecast times.
///
/// Amounts come back in the company's base currency: a document in another currency is converted by the exchange
/// rate stored on it (`BaseCurrencyAmounts`), one without a rate is left out, and deals in another currency are
/// left out (deals store no rate), as the plan's actuals are counted.
public struct HeadDashboardStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// One open invoice as the dashboard reads it.
    public struct OpenInvoice: Sendable, Hashable {
        public let invoiceID: Invoice.ID
        public let accountID: Account.ID
        public let accountName: String
        /// The due date (the issue date for an invoice without one).
        public let dueDate: CalendarDate
        /// The open amount with VAT, in the base currency.
        public let open: Money
        /// The open amount's share net of VAT, in the base currency (`CreditBasis.collectedNet`).
        public let openNet: Money
    }

    /// Each customer's payment habit from the invoices paid in full (credit notes and allocations reach the total):
    /// the day of the last allocation against the due date and the issue date. One aggregate statement; customers
    /// without a paid invoice are absent.
    public func paymentHabits(viewer: Viewer) async throws -> [Account.ID: PaymentHabit] {
        let paid: SQLQueryString = """
            SELECT i.account_id, COALESCE(i.due_date, i.issue_date) AS due, i.issue_date,
                (SELECT MAX(pa.allocated_on) FROM payment_allocations pa WHERE pa.invoice_id = i.id) AS paid_on,
                i.total_minor,
                COALESCE((SELECT SUM(n.total_minor) FROM invoices n
                    WHERE n.corrects_invoice_id = i.id AND n.kind = 'credit_note' AND n.status = 'issued'), 0)
                + COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
                    WHERE pa.invoice_id = i.id), 0) AS settled
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND
            """ + " " + VisibilitySQL.accounts(viewer) + " AND i.kind = 'invoice' AND i.status = 'issued'"
        let late = Self.days(from: "p.due", to: "p.paid_on", on: db)
        let toPay = Self.days(from: "p.issue_date", to: "p.paid_on", on: db)
        let sql: SQLQueryString = """
            SELECT p.account_id, CAST(COUNT(*) AS BIGINT) AS invoices,
                CAST(SUM(\(unsafeRaw: late)) AS BIGINT) AS days_late,
                CAST(SUM(\(unsafeRaw: toPay)) AS BIGINT) AS days_to_pay
            FROM (\(paid)) p
            WHERE p.paid_on IS NOT NULL AND p.settled >= p.total_minor
            GROUP BY p.account_id
            """
        var habits: [Account.ID: PaymentHabit] = [:]
        for row in try await db.raw(sql).all() {
            habits[try row.id("account_id")] = PaymentHabit(
                paidInvoices: Int(try row.int64("invoices")), totalDaysLate: Int(try row.int64("days_late")),
                totalDaysToPay: Int(try row.int64("days_to_pay")))
        }
        return habits
    }

    /// The issued invoices still open as of `asOf` (what credit notes and allocations dated through it leave), by
    /// due date: one statement.
    public func openInvoices(viewer: Viewer, asOf: CalendarDate, base: Currency) async throws -> [OpenInvoice] {
        let day = asOf.iso8601String
        var inner: SQLQueryString = """
            SELECT i.id, i.account_id, a.name AS account_name, COALESCE(i.due_date, i.issue_date) AS due,
                i.currency, i.exchange_rate, i.total_minor, i.total_without_tax_minor,
                CAST(COALESCE((SELECT SUM(n.total_minor) FROM invoices n
                    WHERE n.corrects_invoice_id = i.id AND n.kind = 'credit_note' AND n.status = 'issued'
                        AND n.issue_date <= \(bind: day)), 0)
                + COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
                    WHERE pa.invoice_id = i.id AND pa.allocated_on <= \(bind: day)), 0) AS BIGINT) AS settled
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND
            """
        inner += " " + VisibilitySQL.accounts(viewer)
        inner += " AND i.kind = 'invoice' AND i.status = 'issued' AND i.issue_date <= \(bind: day)"
        let sql: SQLQueryString = """
            SELECT o.* FROM (\(inner)) o WHERE o.total_minor > o.settled ORDER BY o.due, o.id
            """
        var result: [OpenInvoice] = []
        for row in try await db.raw(sql).all() {
            guard let currency = Currency(code: try row.string("currency")),
                let due = CalendarDate(iso8601: try row.string("due"))
            else { throw CorruptRow(description: "invoice currency or due date") }
            let gross = Money(minorUnits: try row.int64("total_minor"), currency: currency)
            let open = Money(minorUnits: gross.minorUnits - (try row.int64("settled")), currency: currency)
            let net = try CreditBasis.collectedNet(
                settled: open,
                invoiceNet: Money(minorUnits: try row.int64("total_without_tax_minor"), currency: currency),
                invoiceGross: gross)
            let rate = try row.optionalString("exchange_rate").flatMap(DecimalText.parse)
            guard
                let openInBase = try BaseCurrencyAmounts.converting(
                    net: open, vat: .zero(currency), exchangeRate: rate, to: base)?.net,
                let netInBase = try BaseCurrencyAmounts.converting(
                    net: net, vat: .zero(currency), exchangeRate: rate, to: base)?.net
            else { continue }
            result.append(
                OpenInvoice(
                    invoiceID: try row.id("id"), accountID: try row.id("account_id"),
                    accountName: try row.string("account_name"), dueDate: due, open: openInBase, openNet: netInBase))
        }
        return result
    }

    /// The open deals in the base currency expected to close by `through` (those whose date has passed too), each
    /// with its probability in force (the deal's own, else its stage's): one statement.
    public func openDeals(viewer: Viewer, through: CalendarDate, base: Currency) async throws -> [CashForecast.OpenDeal]
    {
        var sql: SQLQueryString = """
            SELECT d.id, d.account_id, d.expected_close, d.amount_minor,
                COALESCE(d.probability, s.probability) AS probability
            FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id JOIN accounts a ON a.id = d.account_id
            WHERE d.company_id = \(bind: viewer.companyID.description) AND d.status = 'open'
                AND d.expected_close <= \(bind: through.iso8601String) AND d.currency = \(bind: base.code) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer) + " ORDER BY d.expected_close, d.id"
        return try await db.raw(sql).all().map { row in
            guard let close = CalendarDate(iso8601: try row.string("expected_close")) else {
                throw CorruptRow(description: "deal expected close")
            }
            return CashForecast.OpenDeal(
                dealID: try row.string("id"), accountID: try row.string("account_id"), expectedClose: close,
                amount: Money(minorUnits: try row.int64("amount_minor"), currency: base),
                probabilityPercent: Int(try row.int64("probability")))
        }
    }

    /// The whole days from the ISO date in column `start` to the one in `end`, on either engine.
    private static func days(from start: String, to end: String, on db: any SQLDatabase) -> String {
        db.dialect.name == "sqlite"
            ? "CAST(julianday(\(end)) - julianday(\(start)) AS INTEGER)"
            : "(CAST(\(end) AS DATE) - CAST(\(start) AS DATE))"
    }
}
