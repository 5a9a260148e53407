import BentaCore
import Foundation
import SQLKit

/// The collections reports (issue 12): why customers pay late, per manager, from the calls logged in a period; and
/// how many promises to pay were kept, per manager and (the broken ones) per customer, from the promises decided in
/// it. Three aggregate statements, whatever the number of calls and promises.
///
/// A manager sees the figures of the accounts they see (`VisibilitySQL.accounts`).
public struct CollectionReportStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The report for calls logged from `from` to `to` (company days, both included: `loggedFrom` ≤ logged_at <
    /// `loggedBefore`) and promises decided in those days; optionally one manager's (the account's owner).
    public func latePayments(
        viewer: Viewer, from: CalendarDate, to: CalendarDate, loggedFrom: Date, loggedBefore: Date,
        ownerID: User.ID?
    ) async throws -> LatePaymentReport {
        var reasons: SQLQueryString = """
            SELECT a.owner_id, c.reason, c.currency, COUNT(*) AS calls,
                CAST(COALESCE(SUM(c.overdue_minor), 0) AS BIGINT) AS overdue
            FROM collection_calls c JOIN accounts a ON a.id = c.account_id
            WHERE c.company_id = \(bind: viewer.companyID.description) AND c.reason IS NOT NULL
                AND c.logged_at >= \(bind: loggedFrom.millisecondsSince1970)
                AND c.logged_at < \(bind: loggedBefore.millisecondsSince1970) AND
            """
        reasons += " " + VisibilitySQL.accounts(viewer)
        if let ownerID { reasons += " AND a.owner_id = \(bind: ownerID.description)" }
        reasons += " GROUP BY a.owner_id, c.reason, c.currency ORDER BY a.owner_id, c.reason, c.currency"
        var reasonRows: [LatePaymentReport.ReasonRow] = []
        for row in try await db.raw(reasons).all() {
            guard let reason = LatePaymentReason(rawValue: try row.string("reason")) else {
                throw CorruptRow(description: "call reason")
            }
            var overdue: Money?
            if let code = try row.optionalString("currency") {
                guard let currency = Currency(code: code) else { throw CorruptRow(description: "call currency") }
                overdue = Money(minorUnits: try row.int64("overdue"), currency: currency)
            }
            reasonRows.append(
                LatePaymentReport.ReasonRow(
                    managerID: try row.id("owner_id"), reason: reason, calls: Int(try row.int64("calls")),
                    overdue: overdue))
        }
        var decided: SQLQueryString = """
            FROM payment_promise_outcomes o JOIN payment_promises p ON p.id = o.promise_id
            JOIN accounts a ON a.id = p.account_id
            WHERE o.company_id = \(bind: viewer.companyID.description)
                AND o.decided_on >= \(bind: from.iso8601String) AND o.decided_on <= \(bind: to.iso8601String) AND
            """
        decided += " " + VisibilitySQL.accounts(viewer)
        if let ownerID { decided += " AND a.owner_id = \(bind: ownerID.description)" }
        let promises: SQLQueryString =
            """
            SELECT a.owner_id,
                CAST(SUM(CASE WHEN o.status = 'kept' THEN 1 ELSE 0 END) AS BIGINT) AS kept,
                CAST(SUM(CASE WHEN o.status = 'partly_kept' THEN 1 ELSE 0 END) AS BIGINT) AS partly_kept,
                CAST(SUM(CASE WHEN o.status = 'broken' THEN 1 ELSE 0 END) AS BIGINT) AS broken
            """ + " " + decided + " GROUP BY a.owner_id ORDER BY a.owner_id"
        let promiseRows = try await db.raw(promises).all().map { row in
            LatePaymentReport.PromiseRow(
                managerID: try row.id("owner_id"), kept: Int(try row.int64("kept")),
                partlyKept: Int(try row.int64("partly_kept")), broken: Int(try row.int64("broken")))
        }
        let broken: SQLQueryString =
            "SELECT a.id AS account_id, a.name, COUNT(*) AS broken " + decided
            + " AND o.status = 'broken' GROUP BY a.id, a.name ORDER BY COUNT(*) DESC, a.name, a.id LIMIT 200"
        let brokenRows = try await db.raw(broken).all().map { row in
            LatePaymentReport.BrokenRow(
                accountID: try row.id("account_id"), accountName: try row.string("name"),
                broken: Int(try row.int64("broken")))
        }
        return LatePaymentReport(from: from, to: to, reasons: reasonRows, promises: promiseRows, broken: brokenRows)
    }
}
