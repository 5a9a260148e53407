import BentaCore
import Foundation
import SQLKit

/// Deals' credit splits (migration 28): the managers who share a deal's credit and their percentages.
///
/// Which deals may still have their split changed (open ones) and who may change it is the service's rule; the
/// credit events apply the splits in ``CreditEventStore``.
public struct CreditSplitStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The deal's split, nil when the deal is credited to its owner.
    public func split(dealID: String, companyID: Company.ID) async throws -> CreditSplit? {
        let rows = try await db.raw(
            """
            SELECT user_id, percent FROM deal_credit_splits
            WHERE deal_id = \(bind: dealID) AND company_id = \(bind: companyID.description) ORDER BY position
            """
        ).all()
        guard !rows.isEmpty else { return nil }
        return try CreditSplit(
            shares: try rows.map { row in
                let text = try row.string("percent")
                guard let percent = DecimalText.parse(text) else {
                    throw CorruptRow(description: "credit split percent: \(text)")
                }
                return CreditSplit.Share(managerID: try row.string("user_id"), percent: percent)
            })
    }

    /// The version of the deal's split (0 until first set; migration 38).
    public func version(dealID: String, companyID: Company.ID) async throws -> Int64 {
        let row = try await db.raw(
            """
            SELECT credit_split_version FROM deals
            WHERE id = \(bind: dealID) AND company_id = \(bind: companyID.description)
            """
        ).first()
        return try row?.int64("credit_split_version") ?? 0
    }

    /// Raises the version of the deal's split, if it is still `expected` (any when nil); the new version, or nil
    /// when another change came first.
    public func raiseVersion(dealID: String, companyID: Company.ID, expected: Int64?) async throws -> Int64? {
        var sql: SQLQueryString = """
            UPDATE deals SET credit_split_version = credit_split_version + 1
            WHERE id = \(bind: dealID) AND company_id = \(bind: companyID.description)
            """
        if let expected { sql += " AND credit_split_version = \(bind: expected)" }
        sql += " RETURNING credit_split_version"
        return try await db.raw(sql).first()?.int64("credit_split_version")
    }

    /// Replaces the deal's split with `split`, or removes it (nil: the owner is credited).
    public func replace(dealID: String, companyID: Company.ID, with split: CreditSplit?) async throws {
        try await db.raw(
            """
            DELETE FROM deal_credit_splits
            WHERE deal_id = \(bind: dealID) AND company_id = \(bind: companyID.description)
            """
        ).run()
        for (position, share) in (split?.shares ?? []).enumerated() {
            try await db.raw(
                """
                INSERT INTO deal_credit_splits (deal_id, position, company_id, user_id, percent)
                VALUES (\(bind: dealID), \(bind: Int64(position)), \(bind: companyID.description),
                    \(bind: share.managerID), \(bind: DecimalText.format(share.value)))
                """
            ).run()
        }
    }
}
