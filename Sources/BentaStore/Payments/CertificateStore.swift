import BentaCore
import Foundation
import SQLKit

/// BIR Form 2307 certificates with the allocations they cover, the pending-certificates report, and collection
/// receipts. Every row here is only ever inserted.
///
/// A manager sees the certificates and pending withholding of the accounts they see (`VisibilitySQL.accounts`).
public struct CertificateStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Certificates

    /// What a certificate needs to know of each allocation, in the company, in one statement (unknown ids are
    /// missing from the answer).
    public func candidates(
        _ ids: [PaymentAllocation.ID], companyID: Company.ID
    ) async throws -> [PaymentAllocation.ID: CertificateCandidate] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT pa.id, pa.account_id, pa.allocated_on, pa.withheld_minor,
                CAST(CASE WHEN pa.reverses_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS is_reversal,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM payment_allocations r WHERE r.reverses_id = pa.id)
                    THEN 1 ELSE 0 END AS BIGINT) AS is_reversed,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM certificate_allocations c WHERE c.allocation_id = pa.id)
                    THEN 1 ELSE 0 END AS BIGINT) AS is_covered
            FROM payment_allocations pa
            WHERE pa.company_id = \(bind: companyID.description) AND pa.id IN (\(binds: ids.map(\.description)))
            """
        ).all()
        var result: [PaymentAllocation.ID: CertificateCandidate] = [:]
        for row in rows {
            guard let date = CalendarDate(iso8601: try row.string("allocated_on")) else {
                throw CorruptRow(description: "allocation date")
            }
            let id: PaymentAllocation.ID = try row.id("id")
            result[id] = CertificateCandidate(
                id: id, accountID: try row.id("account_id"), allocatedOn: date,
                withheld: try row.int64("withheld_minor"), isReversal: try row.int64("is_reversal") != 0,
                isReversed: try row.int64("is_reversed") != 0, isCovered: try row.int64("is_covered") != 0)
        }
        return result
    }

    /// Inserts the certificate and the allocations it covers (`certificate_allocations`' key refuses an allocation
    /// covered twice).
    public func insert(_ certificate: WithholdingCertificate) async throws {
        try await db.raw(
            """
            INSERT INTO withholding_certificates (id, company_id, account_id, number, period_from, period_to,
                received_on, notes, created_by, created_at)
            VALUES (\(bind: certificate.id.description), \(bind: certificate.companyID.description),
                \(bind: certificate.accountID.description), \(bind: certificate.number),
                \(bind: certificate.period.firstDay.iso8601String), \(bind: certificate.period.lastDay.iso8601String),
                \(bind: certificate.receivedOn.iso8601String), \(bind: certificate.notes),
                \(bind: certificate.createdBy?.description), \(bind: certificate.createdAt.millisecondsSince1970))
            """
        ).run()
        for id in certificate.allocationIDs {
            try await db.raw(
                """
                INSERT INTO certificate_allocations (allocation_id, certificate_id)
                VALUES (\(bind: id.description), \(bind: certificate.id.description))
                """
            ).run()
        }
    }

    /// Per customer, quarter (of the allocation date) and currency: the withholding of live allocations (neither a
    /// reversal nor reversed) that no certificate covers. One aggregate statement per page, keyset-paged by
    /// (customer, quarter, currency); `quarter` keeps one quarter.
    public func pending(
        viewer: Viewer, quarter: TaxQuarter?, page: PageRequest
    ) async throws -> Page<PendingCertificate> {
        var inner: SQLQueryString = """
            SELECT pa.account_id, a.name AS account_name, pa.currency,
                CAST(CAST(substr(pa.allocated_on, 1, 4) AS INTEGER) AS BIGINT) AS y,
                CAST((CAST(substr(pa.allocated_on, 6, 2) AS INTEGER) + 2) / 3 AS BIGINT) AS q,
                CAST(SUM(pa.withheld_minor) AS BIGINT) AS amount, CAST(COUNT(*) AS BIGINT) AS allocations
            FROM payment_allocations pa JOIN accounts a ON a.id = pa.account_id
            WHERE pa.company_id = \(bind: viewer.companyID.description) AND pa.withheld_minor > 0
                AND pa.reverses_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM payment_allocations r WHERE r.reverses_id = pa.id)
                AND NOT EXISTS (SELECT 1 FROM certificate_allocations c WHERE c.allocation_id = pa.id)
                AND
            """
        inner += " " + VisibilitySQL.accounts(viewer)
        if let quarter {
            inner += """
                 AND pa.allocated_on >= \(bind: quarter.firstDay.iso8601String)
                 AND pa.allocated_on <= \(bind: quarter.lastDay.iso8601String)
                """
        }
        var after: (account: String, year: Int64, quarter: Int64, currency: String)?
        if let encoded = page.cursor {
            guard let cursor = SortCursor(encoded: encoded), let position = Self.position(cursor.sortName) else {
                throw ValidationErrors([
                    FieldError(field: "cursor", code: "invalid_cursor", message: "Use the cursor a page returned.")
                ])
            }
            after = (cursor.id, position.year, position.quarter, position.currency)
            inner += " AND pa.account_id >= \(bind: cursor.id)"
        }
        inner += " GROUP BY pa.account_id, a.name, pa.currency, y, q"
        var sql: SQLQueryString = "SELECT * FROM (" + inner + ") t"
        if let after {
            sql += """
                 WHERE t.account_id > \(bind: after.account) OR (t.account_id = \(bind: after.account) AND
                    (t.y > \(bind: after.year) OR (t.y = \(bind: after.year) AND
                    (t.q > \(bind: after.quarter) OR (t.q = \(bind: after.quarter) AND t.currency > \(bind: after.currency))))))
                """
        }
        sql += " ORDER BY t.account_id, t.y, t.q, t.currency LIMIT \(literal: page.limit + 1)"
        let rows = try await db.raw(sql).all()
        let items = try rows.prefix(page.limit).map { row in
            guard let currency = Currency(code: try row.string("currency")),
                let quarter = TaxQuarter(year: Int(try row.int64("y")), quarter: Int(try row.int64("q")))
            else { throw CorruptRow(description: "pending certificate currency or quarter") }
            return PendingCertificate(
                accountID: try row.id("account_id"), accountName: try row.string("account_name"), quarter: quarter,
                amount: Money(minorUnits: try row.int64("amount"), currency: currency),
                allocationCount: Int(try row.int64("allocations")))
        }
        var next: String?
        if rows.count > page.limit, let last = items.last {
            let position = "\(last.quarter)|\(last.amount.currency.code)"
            next = SortCursor(sortName: position, id: last.accountID.description).encoded
        }
        return Page(items: items, nextCursor: next)
    }

    private static func position(_ text: String) -> (year: Int64, quarter: Int64, currency: String)? {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, let quarter = TaxQuarter(text: String(parts[0])) else { return nil }
        return (Int64(quarter.year), Int64(quarter.quarter), String(parts[1]))
    }

    // MARK: Collection receipts

    public func insert(_ receipt: CollectionReceipt) async throws {
        try await db.raw(
            """
            INSERT INTO collection_receipts (payment_id, company_id, number, sequence, issued_on, issued_by, issued_at)
            VALUES (\(bind: receipt.paymentID.description), \(bind: receipt.companyID.description),
                \(bind: receipt.number), \(bind: receipt.sequence), \(bind: receipt.issuedOn.iso8601String),
                \(bind: receipt.issuedBy?.description), \(bind: receipt.issuedAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The collection receipt of a payment, if one was issued.
    public func receipt(payment: Payment.ID, companyID: Company.ID) async throws -> CollectionReceipt? {
        guard
            let row = try await db.raw(
                """
                SELECT * FROM collection_receipts
                WHERE payment_id = \(bind: payment.description) AND company_id = \(bind: companyID.description)
                """
            ).first()
        else { return nil }
        guard let date = CalendarDate(iso8601: try row.string("issued_on")) else {
            throw CorruptRow(description: "collection receipt date")
        }
        return CollectionReceipt(
            paymentID: try row.id("payment_id"), companyID: try row.id("company_id"), number: try row.string("number"),
            sequence: try row.int64("sequence"), issuedOn: date, issuedBy: try row.optionalID("issued_by"),
            issuedAt: try row.date("issued_at"))
    }

    /// The numbers of the given invoices of the company (one statement).
    public func invoiceNumbers(_ ids: [Invoice.ID], companyID: Company.ID) async throws -> [Invoice.ID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT id, number FROM invoices
            WHERE company_id = \(bind: companyID.description) AND id IN (\(binds: ids.map(\.description)))
            """
        ).all()
        var result: [Invoice.ID: String] = [:]
        for row in rows { result[try row.id("id")] = try row.optionalString("number") ?? "" }
        return result
    }
}
