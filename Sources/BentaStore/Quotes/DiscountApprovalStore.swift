import BentaCore
import Foundation
import SQLKit

/// The discount approval queue (migration 34): requests for quote lines whose discount is above the company's limit.
/// Rows are inserted and their status moved on (pending → approved, rejected or superseded), never deleted.
public struct DiscountApprovalStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func insert(_ approval: DiscountApproval) async throws {
        try await db.raw(
            """
            INSERT INTO discount_approvals (id, company_id, quote_id, line_index, line_key, line_description,
                discount, limit_percent, requested_by, requested_at, status, decided_by, decided_at, reason, version)
            VALUES (\(bind: approval.id.description), \(bind: approval.companyID.description),
                \(bind: approval.quoteID.description), \(bind: Int64(approval.lineIndex)), \(bind: approval.lineKey),
                \(bind: approval.lineDescription), \(bind: approval.discount),
                \(bind: DecimalText.format(approval.limitPercent)), \(bind: approval.requestedBy.description),
                \(bind: approval.requestedAt.millisecondsSince1970), \(bind: approval.status.rawValue),
                \(bind: approval.decidedBy?.description), \(bind: approval.decidedAt?.millisecondsSince1970),
                \(bind: approval.reason), \(bind: approval.version))
            """
        ).run()
    }

    /// Every request of a quote, newest first (a quote has a handful).
    public func forQuote(_ quoteID: Quote.ID, companyID: Company.ID) async throws -> [DiscountApproval] {
        try await db.raw(
            """
            SELECT * FROM discount_approvals WHERE quote_id = \(bind: quoteID.description)
                AND company_id = \(bind: companyID.description) ORDER BY id DESC
            """
        ).all().map(Self.decode)
    }

    /// The company's requests in `status`, newest first, a keyset page on the queue index.
    public func list(
        companyID: Company.ID, status: DiscountApproval.Status, page: PageRequest
    ) async throws -> Page<DiscountApproval> {
        try await db.newestFirstPage(
            """
            SELECT a.* FROM discount_approvals a WHERE a.company_id = \(bind: companyID.description)
                AND a.status = \(bind: status.rawValue)
            """, alias: "a", page: page, decode: Self.decode)
    }

    public func find(
        _ id: DiscountApproval.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws -> DiscountApproval? {
        var sql: SQLQueryString = """
            SELECT * FROM discount_approvals WHERE id = \(bind: id.description)
                AND company_id = \(bind: companyID.description)
            """
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        return try await db.raw(sql).first().map(Self.decode)
    }

    /// Writes a request's new status, position, decision and reason at the version read; false when it changed
    /// since.
    public func update(_ approval: DiscountApproval, expectedVersion: Int64) async throws -> Bool {
        let row = try await db.raw(
            """
            UPDATE discount_approvals SET status = \(bind: approval.status.rawValue),
                line_index = \(bind: Int64(approval.lineIndex)), decided_by = \(bind: approval.decidedBy?.description),
                decided_at = \(bind: approval.decidedAt?.millisecondsSince1970), reason = \(bind: approval.reason),
                version = version + 1
            WHERE id = \(bind: approval.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).first()
        return row != nil
    }

    static func decode(_ row: any SQLRow) throws -> DiscountApproval {
        let statusText = try row.string("status")
        guard let status = DiscountApproval.Status(rawValue: statusText) else {
            throw CorruptRow(description: "discount approval status: \(statusText)")
        }
        let limitText = try row.string("limit_percent")
        guard let limit = DecimalText.parse(limitText) else {
            throw CorruptRow(description: "discount approval limit: \(limitText)")
        }
        return DiscountApproval(
            id: try row.id("id"), companyID: try row.id("company_id"), quoteID: try row.id("quote_id"),
            lineIndex: Int(try row.int64("line_index")), lineKey: try row.string("line_key"),
            lineDescription: try row.string("line_description"), discount: try row.string("discount"),
            limitPercent: limit, requestedBy: try row.id("requested_by"), requestedAt: try row.date("requested_at"),
            status: status, decidedBy: try row.optionalID("decided_by"), decidedAt: try row.optionalDate("decided_at"),
            reason: try row.optionalString("reason"), version: try row.int64("version"))
    }
}
