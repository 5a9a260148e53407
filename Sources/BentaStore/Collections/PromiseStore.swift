import BentaCore
import Foundation
import SQLKit

/// Promises to pay (`payment_promises` with their invoices in `payment_promise_invoices`) and, once the dunning run
/// decided them, their outcomes. All three tables are append-only: a promise is never changed, a later one is
/// another row.
///
/// A manager sees the promises of the accounts they see (`VisibilitySQL.accounts`).
public struct PromiseStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Inserts a promise and the invoices it covers.
    public func insert(_ stored: StoredPromise) async throws {
        let promise = stored.promise
        try await db.raw(
            """
            INSERT INTO payment_promises (id, company_id, account_id, call_id, promised_on, amount_minor, currency,
                grace_days, contact_name, channel, reason, note, logged_by, created_at)
            VALUES (\(bind: stored.id.description), \(bind: stored.companyID.description),
                \(bind: stored.accountID.description), \(bind: stored.callID?.description),
                \(bind: promise.promisedDate.iso8601String), \(bind: promise.amount.minorUnits),
                \(bind: promise.amount.currency.code), \(bind: Int64(promise.graceDays)),
                \(bind: promise.contactName), \(bind: promise.channel?.rawValue), \(bind: promise.reason?.rawValue),
                \(bind: promise.note), \(bind: promise.loggedBy), \(bind: stored.createdAt.millisecondsSince1970))
            """
        ).run()
        for invoice in promise.invoiceIDs {
            try await db.raw(
                """
                INSERT INTO payment_promise_invoices (promise_id, invoice_id)
                VALUES (\(bind: stored.id.description), \(bind: invoice))
                """
            ).run()
        }
    }

    /// One page of promises the viewer sees, newest first; optionally one account's and one status (open = no
    /// outcome yet). Two statements per page: the promises with their outcomes, then their invoices.
    public func list(
        viewer: Viewer, accountID: Account.ID?, status: PaymentPromiseStatus?, page: PageRequest
    ) async throws -> Page<StoredPromise> {
        var sql: SQLQueryString = """
            SELECT p.*, o.status AS outcome_status, o.decided_on, o.paid_minor
            FROM payment_promises p JOIN accounts a ON a.id = p.account_id
            LEFT JOIN payment_promise_outcomes o ON o.promise_id = p.id
            WHERE p.company_id = \(bind: viewer.companyID.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        if let accountID { sql += " AND p.account_id = \(bind: accountID.description)" }
        switch status {
        case nil: break
        case .open?: sql += " AND o.promise_id IS NULL"
        case let status?: sql += " AND o.status = \(bind: status.rawValue)"
        }
        let rows = try await db.newestFirstPage(sql, alias: "p", page: page) { $0 }
        let ids = try rows.items.map { try $0.string("id") }
        var invoices: [String: [String]] = [:]
        if !ids.isEmpty {
            for row in try await db.raw(
                """
                SELECT promise_id, invoice_id FROM payment_promise_invoices
                WHERE promise_id IN (\(binds: ids)) ORDER BY promise_id, invoice_id
                """
            ).all() {
                invoices[try row.string("promise_id"), default: []].append(try row.string("invoice_id"))
            }
        }
        return Page(
            items: try rows.items.map { row in try Self.decode(row, invoices: invoices[try row.string("id")] ?? []) },
            nextCursor: rows.nextCursor)
    }

    static func decode(_ row: any SQLRow, invoices: [String]) throws -> StoredPromise {
        guard let currency = Currency(code: try row.string("currency")),
            let promisedOn = CalendarDate(iso8601: try row.string("promised_on"))
        else { throw CorruptRow(description: "promise currency or date") }
        let promise = try PaymentPromise(
            promisedDate: promisedOn, amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
            invoiceIDs: invoices, loggedBy: try row.string("logged_by"),
            contactName: try row.optionalString("contact_name"),
            channel: try row.optionalString("channel").flatMap(DunningChannel.init(rawValue:)),
            reason: try row.optionalString("reason").flatMap(LatePaymentReason.init(rawValue:)),
            note: try row.optionalString("note"), graceDays: Int(try row.int64("grace_days")))
        var status = PaymentPromiseStatus.open
        if let text = try row.optionalString("outcome_status") {
            guard let decided = PaymentPromiseStatus(rawValue: text) else {
                throw CorruptRow(description: "promise outcome: \(text)")
            }
            status = decided
        }
        return StoredPromise(
            id: try row.id("id"), companyID: try row.id("company_id"), accountID: try row.id("account_id"),
            callID: try row.optionalID("call_id"), promise: promise, status: status,
            paid: try row.optionalInt64("paid_minor").map { Money(minorUnits: $0, currency: currency) },
            decidedOn: try row.optionalString("decided_on").flatMap(CalendarDate.init(iso8601:)),
            createdAt: try row.date("created_at"))
    }
}
