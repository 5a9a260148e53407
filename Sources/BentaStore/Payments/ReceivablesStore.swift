import BentaCore
import Foundation
import SQLKit

/// Receivables as of a date, computed by one aggregate query: each issued invoice's open amount as it stood that day
/// (credit notes issued and allocations made after it do not count), spread over its instalments oldest first, each
/// instalment's open part in the bucket of its own days past due.
public struct ReceivablesStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The open amounts per group, currency and bucket, for the invoices the viewer sees. Grouped by customer, the
    /// rows are one keyset page of customers (by id, after `cursor`, at most `limit` customers); the next cursor is
    /// returned when more may follow.
    public func aging(
        viewer: Viewer, asOf: CalendarDate, buckets: AgingBuckets, grouping: AgingGrouping, cursor: String?,
        limit: Int
    ) async throws -> (rows: [AgingRow], nextCursor: String?) {
        let day = asOf.iso8601String
        var bucketCase: SQLQueryString = "CASE"
        for (index, bucket) in buckets.buckets.enumerated() {
            guard let upper = bucket.upperDays else { break }
            let boundary = asOf.adding(days: -upper).iso8601String
            bucketCase += " WHEN y.due >= \(bind: boundary) THEN \(literal: index)"
        }
        bucketCase += " ELSE \(literal: buckets.buckets.count - 1) END"
        let groupColumn: SQLQueryString
        switch grouping {
        case .customer: groupColumn = "i.account_id"
        case .manager: groupColumn = "i.owner_id"
        case .currency: groupColumn = "i.currency"
        }
        // Per invoice: what was settled by the day (credit notes, cash and withholding).
        var inner: SQLQueryString = """
            SELECT i.id AS invoice_id, \(groupColumn) AS group_key, i.currency AS currency, i.total_minor,
                COALESCE(i.due_date, i.issue_date) AS due,
                \(InvoiceSettlementSQL.settled(asOf: day)) AS settled
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: viewer.companyID.description) AND
            """
        inner += " " + VisibilitySQL.accounts(viewer)
        inner += " AND i.kind = 'invoice' AND i.status = 'issued' AND i.issue_date <= \(bind: day)"
        var next: String?
        if grouping == .customer {
            // The page of customers: the next `limit` accounts (by id) that have issued invoices.
            var page: SQLQueryString = """
                SELECT DISTINCT i.account_id FROM invoices i JOIN accounts a ON a.id = i.account_id
                WHERE i.company_id = \(bind: viewer.companyID.description) AND
                """
            page += " " + VisibilitySQL.accounts(viewer)
            page += " AND i.kind = 'invoice' AND i.status = 'issued'"
            if let cursor { page += " AND i.account_id > \(bind: cursor)" }
            page += " ORDER BY i.account_id LIMIT \(literal: limit + 1)"
            let ids = try await db.raw(page).all().map { try $0.string("account_id") }
            guard !ids.isEmpty else { return ([], nil) }
            let kept = Array(ids.prefix(limit))
            if ids.count > limit { next = kept.last }
            inner += " AND i.account_id IN (\(binds: kept))"
        }
        // Per instalment (an invoice issued without rows is one instalment: its due date, its total): the running
        // total through it (`cum`), so what is settled covers the oldest first. Its open part is
        // max(cum − settled, 0) − max(cum before it − settled, 0); the first and the last take what is left over
        // either way, so the parts add up to the invoice's open amount exactly (`InstalmentSchedule.openParts`).
        // An invoice is counted once, on its oldest open instalment.
        let instalments: SQLQueryString = """
            SELECT v.group_key, v.currency, v.settled, COALESCE(ii.seq, 1) AS seq,
                COALESCE(ii.due_date, v.due) AS due, COALESCE(ii.amount_minor, v.total_minor) AS amount,
                SUM(COALESCE(ii.amount_minor, v.total_minor)) OVER (
                    PARTITION BY v.invoice_id ORDER BY COALESCE(ii.seq, 1)) AS cum,
                COUNT(*) OVER (PARTITION BY v.invoice_id) AS parts
            FROM (\(inner)) v LEFT JOIN invoice_instalments ii ON ii.invoice_id = v.invoice_id
            """
        let parts: SQLQueryString = """
            SELECT y.group_key, y.currency, \(bucketCase) AS bucket,
                CASE WHEN y.seq = y.parts OR y.cum > y.settled THEN y.cum - y.settled ELSE 0 END
                - CASE WHEN y.seq > 1 AND y.cum - y.amount > y.settled THEN y.cum - y.amount - y.settled ELSE 0 END
                    AS open_minor,
                CASE WHEN y.seq = 1 OR y.cum - y.amount <= y.settled THEN 1 ELSE 0 END AS oldest_open
            FROM (\(instalments)) y
            """
        let sql: SQLQueryString = """
            SELECT x.group_key, x.currency, x.bucket, CAST(SUM(x.open_minor) AS BIGINT) AS open_minor,
                CAST(SUM(x.oldest_open) AS BIGINT) AS invoices
            FROM (\(parts)) x WHERE x.open_minor <> 0
            GROUP BY x.group_key, x.currency, x.bucket ORDER BY x.group_key, x.currency, x.bucket
            """
        var rows: [AgingRow] = []
        for row in try await db.raw(sql).all() {
            let key = try row.string("group_key")
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "aging currency")
            }
            let bucket = Int(try row.int64("bucket"))
            let amount = try row.int64("open_minor")
            let count = Int(try row.int64("invoices"))
            if rows.last?.key != key || rows.last?.currency != currency {
                rows.append(
                    AgingRow(
                        key: key, currency: currency,
                        amounts: Array(repeating: .zero(currency), count: buckets.buckets.count), invoiceCount: 0))
            }
            rows[rows.count - 1].amounts[bucket] = Money(minorUnits: amount, currency: currency)
            rows[rows.count - 1].invoiceCount += count
        }
        return (rows, next)
    }
}
