import BentaCore
import Foundation
import SQLKit

/// The calls account managers have to make about overdue invoices (`collection_calls`). At most one call per account
/// is open: `open_account_id` holds the account's id while the call is open and is NULL once its outcome is logged,
/// so the unique key admits one open call and any number of closed ones on both engines.
///
/// A manager sees the calls of the accounts they see (`VisibilitySQL.accounts`).
public struct CollectionCallStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Puts `call` on the list unless its account already has an open call, and returns the account's open call:
    /// `call` itself, or the one that was already open (put there by an earlier or concurrent run). Safe to call
    /// from several servers at once: the unique `open_account_id` decides, never a read before the write.
    public func openIfNone(_ call: CollectionCall) async throws -> CollectionCall {
        let inserted = try await db.raw(
            """
            INSERT INTO collection_calls (id, company_id, account_id, assignee_id, cause, due_on, open_account_id,
                created_at, updated_at, version)
            VALUES (\(bind: call.id.description), \(bind: call.companyID.description),
                \(bind: call.accountID.description), \(bind: call.assigneeID.description),
                \(bind: call.cause.rawValue), \(bind: call.dueOn.iso8601String), \(bind: call.accountID.description),
                \(bind: call.createdAt.millisecondsSince1970), \(bind: call.updatedAt.millisecondsSince1970),
                \(bind: call.version))
            ON CONFLICT (open_account_id) DO NOTHING RETURNING id
            """
        ).all()
        if !inserted.isEmpty { return call }
        guard
            let open = try await db.raw(
                """
                SELECT * FROM collection_calls
                WHERE open_account_id = \(bind: call.accountID.description)
                    AND company_id = \(bind: call.companyID.description)
                """
            ).first().map(Self.decode)
        else { throw CorruptRow(description: "collection call: neither inserted nor open for the account") }
        return open
    }

    /// A call the viewer may see (its account is visible to them); `forUpdate` locks the call's row.
    public func find(
        _ id: CollectionCall.ID, viewer: Viewer, forUpdate: Bool = false
    ) async throws
        -> CollectionCall?
    {
        try await db.firstSeenThroughAccount(
            "collection_calls", alias: "c",
            where: "c.id = \(bind: id.description) AND c.company_id = \(bind: viewer.companyID.description)",
            viewer: viewer, forUpdate: forUpdate, decode: Self.decode)
    }

    /// Saves a changed call if the stored version is still `expectedVersion`; false when it is not. A call with its
    /// outcome logged releases the account's open slot.
    public func save(_ call: CollectionCall, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE collection_calls SET assignee_id = \(bind: call.assigneeID.description),
                due_on = \(bind: call.dueOn.iso8601String),
                open_account_id = \(bind: call.isOpen ? call.accountID.description : nil),
                reason = \(bind: call.reason?.rawValue), outcome_note = \(bind: call.outcomeNote),
                overdue_minor = \(bind: call.overdueAtOutcome?.minorUnits),
                currency = \(bind: call.overdueAtOutcome?.currency.code), promise_id = \(bind: call.promiseID),
                logged_by = \(bind: call.loggedBy?.description),
                logged_at = \(bind: call.loggedAt?.millisecondsSince1970),
                updated_at = \(bind: call.updatedAt.millisecondsSince1970), version = \(bind: call.version)
            WHERE id = \(bind: call.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    /// One page of the calls the viewer sees: open ones by due day (then id), done ones newest first; optionally one
    /// assignee's. Each row carries the account's name.
    public func list(
        viewer: Viewer, open: Bool, assigneeID: User.ID?, dueBy: CalendarDate? = nil, page: PageRequest
    ) async throws -> Page<(call: CollectionCall, accountName: String)> {
        var sql: SQLQueryString = """
            SELECT c.*, a.name AS account_name FROM collection_calls c JOIN accounts a ON a.id = c.account_id
            WHERE c.company_id = \(bind: viewer.companyID.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        sql += open ? " AND c.logged_at IS NULL" : " AND c.logged_at IS NOT NULL"
        if let assigneeID { sql += " AND c.assignee_id = \(bind: assigneeID.description)" }
        if let dueBy { sql += " AND c.due_on <= \(bind: dueBy.iso8601String)" }
        let decode: (any SQLRow) throws -> (call: CollectionCall, accountName: String) = { row in
            (try Self.decode(row), try row.string("account_name"))
        }
        guard open else { return try await db.newestFirstPage(sql, alias: "c", page: page, decode: decode) }
        if let encoded = page.cursor, let cursor = SortCursor(encoded: encoded) {
            sql += """
                 AND (c.due_on > \(bind: cursor.sortName)
                    OR (c.due_on = \(bind: cursor.sortName) AND c.id > \(bind: cursor.id)))
                """
        }
        sql += " ORDER BY c.due_on, c.id LIMIT \(literal: page.limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(page.limit).map(decode)
        var next: String?
        if rows.count > page.limit, let last = items.last {
            next = SortCursor(sortName: last.call.dueOn.iso8601String, id: last.call.id.description).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    /// The overdue invoices of `accounts` as of `today` (due before it, open amount above zero), oldest due first;
    /// one statement for any number of accounts. The viewer's visibility was checked on the calls.
    public func overdueInvoices(
        accounts: [Account.ID], companyID: Company.ID, today: CalendarDate
    ) async throws
        -> [OverdueInvoice]
    {
        guard !accounts.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT x.* FROM (
                SELECT i.id, i.account_id, i.number, i.currency, COALESCE(i.due_date, i.issue_date) AS due,
                    CAST(i.total_minor
                    - COALESCE((SELECT SUM(n.total_minor) FROM invoices n
                        WHERE n.corrects_invoice_id = i.id AND n.kind = 'credit_note' AND n.status = 'issued'), 0)
                    - COALESCE((SELECT SUM(pa.cash_minor + pa.withheld_minor) FROM payment_allocations pa
                        WHERE pa.invoice_id = i.id), 0) AS BIGINT) AS open_minor
                FROM invoices i
                WHERE i.company_id = \(bind: companyID.description)
                    AND i.account_id IN (\(binds: accounts.map(\.description)))
                    AND i.kind = 'invoice' AND i.status = 'issued'
                    AND COALESCE(i.due_date, i.issue_date) < \(bind: today.iso8601String)) x
            WHERE x.open_minor > 0
            ORDER BY x.account_id, x.due, x.id
            """
        ).all()
        return try rows.map { row in
            guard let currency = Currency(code: try row.string("currency")),
                let due = CalendarDate(iso8601: try row.string("due"))
            else { throw CorruptRow(description: "overdue invoice currency or due date") }
            return OverdueInvoice(
                invoiceID: try row.id("id"), accountID: try row.id("account_id"),
                number: try row.optionalString("number") ?? "",
                dueDate: due, openAmount: Money(minorUnits: try row.int64("open_minor"), currency: currency),
                daysLate: due.days(until: today))
        }
    }

    /// Whom to call at each of `accounts`: the first active contact (by name) with a phone, else the account's own
    /// first phone; one statement for any number of accounts.
    public func contacts(accounts: [Account.ID]) async throws -> [Account.ID: CallContact] {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT a.id AS account_id, a.phones_json AS account_phones, c.name AS contact_name,
                c.phones_json AS contact_phones
            FROM accounts a LEFT JOIN contacts c ON c.account_id = a.id AND c.status = 'active'
                AND c.phones_json <> '[]'
            WHERE a.id IN (\(binds: accounts.map(\.description)))
            ORDER BY a.id, c.sort_name, c.id
            """
        ).all()
        var result: [Account.ID: CallContact] = [:]
        for row in rows {
            let account: Account.ID = try row.id("account_id")
            guard result[account] == nil else { continue }
            if let name = try row.optionalString("contact_name"),
                let phone = try row.phones("contact_phones").first
            {
                result[account] = CallContact(name: name, phone: phone.e164, phoneDisplay: phone.display)
            } else {
                let phone = try row.phones("account_phones").first
                result[account] = CallContact(name: nil, phone: phone?.e164, phoneDisplay: phone?.display)
            }
        }
        return result
    }

    static func decode(_ row: any SQLRow) throws -> CollectionCall {
        guard let cause = CollectionCall.Cause(rawValue: try row.string("cause")),
            let dueOn = CalendarDate(iso8601: try row.string("due_on"))
        else { throw CorruptRow(description: "collection call cause or due date") }
        var reason: LatePaymentReason?
        if let text = try row.optionalString("reason") {
            guard let value = LatePaymentReason(rawValue: text) else {
                throw CorruptRow(description: "collection call reason: \(text)")
            }
            reason = value
        }
        var overdue: Money?
        if let minor = try row.optionalInt64("overdue_minor"), let code = try row.optionalString("currency") {
            guard let currency = Currency(code: code) else { throw CorruptRow(description: "call currency") }
            overdue = Money(minorUnits: minor, currency: currency)
        }
        return CollectionCall(
            id: try row.id("id"), companyID: try row.id("company_id"), accountID: try row.id("account_id"),
            assigneeID: try row.id("assignee_id"), cause: cause, dueOn: dueOn, reason: reason,
            outcomeNote: try row.optionalString("outcome_note"), overdueAtOutcome: overdue,
            promiseID: try row.optionalString("promise_id"), loggedBy: try row.optionalID("logged_by"),
            loggedAt: try row.optionalDate("logged_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }
}
