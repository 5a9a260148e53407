import BentaCore
import Foundation
import SQLKit

extension ReceivablesStore {
    /// One keyset page of the overdue customers as of `asOf`, by manager (the account's owner), customer and
    /// currency: the open parts of their issued invoices that fell due before the day, read as the aging reads them
    /// (credit notes and allocations after the day do not count; instalments oldest first). One statement; the
    /// viewer's visibility and, when given, one manager's customers.
    public func overdueCustomers(
        viewer: Viewer, asOf: CalendarDate, ownerID: User.ID?, cursor: String?, limit: Int
    ) async throws -> Page<OverdueListRow> {
        var sql: SQLQueryString = "SELECT * FROM (" + overduePerCustomer(viewer: viewer, asOf: asOf, ownerID: ownerID)
        sql += ") t WHERE t.overdue_minor > 0"
        if let encoded = cursor {
            let parts = SortCursor(encoded: encoded)?.sortName.split(separator: "|", omittingEmptySubsequences: false)
            guard let after = SortCursor(encoded: encoded), let parts, parts.count == 2 else {
                throw ValidationErrors([
                    FieldError(field: "cursor", code: "invalid_cursor", message: "Use the cursor a page returned.")
                ])
            }
            let (owner, currency) = (String(parts[0]), String(parts[1]))
            sql += """
                 AND (t.owner_id > \(bind: owner) OR (t.owner_id = \(bind: owner) AND
                    (t.account_id > \(bind: after.id) OR (t.account_id = \(bind: after.id)
                        AND t.currency > \(bind: currency)))))
                """
        }
        sql += " ORDER BY t.owner_id, t.account_id, t.currency LIMIT \(literal: limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(limit).map { row in
            guard let currency = Currency(code: try row.string("currency")),
                let oldest = CalendarDate(iso8601: try row.string("oldest_due"))
            else { throw CorruptRow(description: "overdue currency or due date") }
            return OverdueListRow(
                managerID: try row.id("owner_id"), accountID: try row.id("account_id"),
                accountName: try row.string("account_name"),
                overdue: Money(minorUnits: try row.int64("overdue_minor"), currency: currency),
                open: Money(minorUnits: try row.int64("open_minor"), currency: currency),
                invoiceCount: Int(try row.int64("invoices")), oldestDue: oldest)
        }
        var next: String?
        if rows.count > limit, let last = items.last {
            next =
                SortCursor(
                    sortName: "\(last.managerID)|\(last.overdue.currency.code)", id: last.accountID.description
                ).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    /// The overdue totals per manager and currency as of `asOf` (customers and invoices counted), over the same
    /// customers as ``overdueCustomers(viewer:asOf:ownerID:cursor:limit:)``. One statement.
    public func overdueByManager(
        viewer: Viewer, asOf: CalendarDate, ownerID: User.ID?
    ) async throws -> [OverdueManagerTotal] {
        var sql: SQLQueryString = """
            SELECT t.owner_id, t.currency, CAST(SUM(t.overdue_minor) AS BIGINT) AS overdue_minor,
                CAST(COUNT(*) AS BIGINT) AS customers, CAST(SUM(t.invoices) AS BIGINT) AS invoices
            FROM (
            """
        sql += overduePerCustomer(viewer: viewer, asOf: asOf, ownerID: ownerID)
        sql += ") t WHERE t.overdue_minor > 0 GROUP BY t.owner_id, t.currency ORDER BY t.owner_id, t.currency"
        return try await db.raw(sql).all().map { row in
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "overdue currency")
            }
            return OverdueManagerTotal(
                managerID: try row.id("owner_id"),
                overdue: Money(minorUnits: try row.int64("overdue_minor"), currency: currency),
                customerCount: Int(try row.int64("customers")), invoiceCount: Int(try row.int64("invoices")))
        }
    }

    /// Per manager, customer and currency: the overdue and the open amount as of `asOf`, the invoices with an
    /// overdue part and the oldest overdue due date. The instalment arithmetic is the aging's (``aging``): each
    /// instalment's open part is max(cum − settled, 0) − max(cum before it − settled, 0), the last one taking what
    /// is left, so the parts add up to the invoice's open amount.
    private func overduePerCustomer(viewer: Viewer, asOf: CalendarDate, ownerID: User.ID?) -> SQLQueryString {
        let day = asOf.iso8601String
        var inner: SQLQueryString = """
            SELECT i.id AS invoice_id, a.owner_id, i.account_id, a.name AS account_name, i.currency, i.total_minor,
                COALESCE(i.due_date, i.issue_date) AS due,
                \(InvoiceSettlementSQL.settled(asOf: day)) AS settled
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND
            """
        inner += " " + VisibilitySQL.accounts(viewer)
        inner += " AND i.kind = 'invoice' AND i.status = 'issued' AND i.issue_date <= \(bind: day)"
        if let ownerID { inner += " AND a.owner_id = \(bind: ownerID.description)" }
        let instalments: SQLQueryString = """
            SELECT v.invoice_id, v.owner_id, v.account_id, v.account_name, v.currency, v.settled,
                COALESCE(ii.seq, 1) AS seq, COALESCE(ii.due_date, v.due) AS due,
                COALESCE(ii.amount_minor, v.total_minor) AS amount,
                SUM(COALESCE(ii.amount_minor, v.total_minor)) OVER (
                    PARTITION BY v.invoice_id ORDER BY COALESCE(ii.seq, 1)) AS cum,
                COUNT(*) OVER (PARTITION BY v.invoice_id) AS parts
            FROM (\(inner)) v LEFT JOIN invoice_instalments ii ON ii.invoice_id = v.invoice_id
            """
        let parts: SQLQueryString = """
            SELECT y.invoice_id, y.owner_id, y.account_id, y.account_name, y.currency, y.due,
                CASE WHEN y.seq = y.parts OR y.cum > y.settled THEN y.cum - y.settled ELSE 0 END
                - CASE WHEN y.seq > 1 AND y.cum - y.amount > y.settled THEN y.cum - y.amount - y.settled ELSE 0 END
                    AS open_minor
            FROM (\(instalments)) y
            """
        return """
            SELECT x.owner_id, x.account_id, x.account_name, x.currency,
                CAST(SUM(CASE WHEN x.due < \(bind: day) THEN x.open_minor ELSE 0 END) AS BIGINT) AS overdue_minor,
                CAST(SUM(x.open_minor) AS BIGINT) AS open_minor,
                CAST(COUNT(DISTINCT CASE WHEN x.due < \(bind: day) AND x.open_minor > 0 THEN x.invoice_id END)
                    AS BIGINT) AS invoices,
                MIN(CASE WHEN x.due < \(bind: day) AND x.open_minor > 0 THEN x.due END) AS oldest_due
            FROM (\(parts)) x
            GROUP BY x.owner_id, x.account_id, x.account_name, x.currency
            """
    }
}
