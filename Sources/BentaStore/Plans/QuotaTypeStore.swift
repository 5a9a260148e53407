import BentaCore
import Foundation
import SQLKit

/// The company's quota types (issue 13), by code: a short list (at most ``maximumCount``), read whole on the
/// primary key. The built-in `total` is not stored. Types are never deleted: plan versions name them.
public struct QuotaTypeStore: Sendable {
    /// The most quota types a company may define, so the list is always read whole.
    public static let maximumCount = 20

    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The company's own types, by code (one statement on the primary key).
    public func all(companyID: Company.ID) async throws -> [QuotaType] {
        try await db.raw(
            """
            SELECT code, name, rule FROM quota_types WHERE company_id = \(bind: companyID.description)
            ORDER BY code LIMIT \(literal: Self.maximumCount)
            """
        ).all().map { row in
            guard let rule = QuotaRule(rawValue: try row.string("rule")) else {
                throw CorruptRow(description: "quota type rule")
            }
            return QuotaType(uncheckedCode: try row.string("code"), name: try row.string("name"), rule: rule)
        }
    }

    /// Adds a type; false when the company already has one with that code.
    public func insert(
        _ type: QuotaType, companyID: Company.ID, by user: User.ID, at now: Date
    ) async throws -> Bool {
        let rows = try await db.raw(
            """
            INSERT INTO quota_types (company_id, code, name, rule, created_by, created_at)
            VALUES (\(bind: companyID.description), \(bind: type.code), \(bind: type.name), \(bind: type.rule.rawValue),
                \(bind: user.description), \(bind: now.millisecondsSince1970))
            ON CONFLICT (company_id, code) DO NOTHING RETURNING code
            """
        ).all()
        return !rows.isEmpty
    }
}
