import BentaCore
import Foundation
import SQLKit

extension ReceivablesStore {
    /// Credit sales of a period for DSO and CEI: the totals (VAT included, like the receivables) of the invoices
    /// issued `from`…`to` less the credit notes issued in it, in `currency`, for the customers the viewer sees and,
    /// when given, the invoices `ownerID` manages. One aggregate statement.
    public func creditSales(
        viewer: Viewer, from: CalendarDate, to: CalendarDate, currency: Currency, ownerID: User.ID?
    ) async throws -> Money {
        var sql: SQLQueryString = """
            SELECT CAST(COALESCE(SUM(CASE WHEN i.kind = 'invoice' THEN i.total_minor ELSE -i.total_minor END), 0)
                AS BIGINT) AS sales
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND i.status = 'issued'
                AND i.currency = \(bind: currency.code) AND i.issue_date >= \(bind: from.iso8601String)
                AND i.issue_date <= \(bind: to.iso8601String) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        if let ownerID { sql += " AND i.owner_id = \(bind: ownerID.description)" }
        let row = try await db.raw(sql).first()
        return Money(minorUnits: try row?.int64("sales") ?? 0, currency: currency)
    }

    /// The open receivables at the end of `asOf` in `currency` and the part not yet due then, from the aging
    /// aggregate (standard buckets; the first is "not due"), for the customers the viewer sees and, when given,
    /// the invoices `ownerID` manages.
    public func receivables(
        viewer: Viewer, asOf: CalendarDate, currency: Currency, ownerID: User.ID?
    ) async throws -> (total: Money, current: Money) {
        let grouping: AgingGrouping = ownerID == nil ? .currency : .manager
        // Grouped by manager or currency there is no paging: one row per (group, currency).
        let rows = try await aging(
            viewer: viewer, asOf: asOf, buckets: .standard, grouping: grouping, cursor: nil, limit: 1
        ).rows.filter { row in
            row.currency == currency && (ownerID.map { row.key == $0.description } ?? true)
        }
        var total: Int64 = 0
        var current: Int64 = 0
        for row in rows {
            total += row.total.minorUnits
            current += row.amounts.first?.minorUnits ?? 0
        }
        return (Money(minorUnits: total, currency: currency), Money(minorUnits: current, currency: currency))
    }
}
