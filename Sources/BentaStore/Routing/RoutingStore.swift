import BentaCore
import Foundation
import SQLKit

/// The lead routing rules and the round-robin position of a company.
public struct RoutingStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func rules(companyID: Company.ID) async throws -> [RoutingRule] {
        try await db.raw(
            """
            SELECT id, position, field, value, assignee_id FROM routing_rules
            WHERE company_id = \(bind: companyID.description) ORDER BY position, id
            """
        ).all().map { row in
            guard let field = RoutingRule.Field(rawValue: try row.string("field")) else {
                throw CorruptRow(description: "routing field")
            }
            return RoutingRule(
                id: try row.id("id"), position: Int(try row.int64("position")), field: field,
                value: try row.string("value"), assigneeID: try row.id("assignee_id"))
        }
    }

    public func insert(_ rule: RoutingRule, companyID: Company.ID, at now: Date) async throws {
        try await db.raw(
            """
            INSERT INTO routing_rules (id, company_id, position, field, value, assignee_id, created_at)
            VALUES (\(bind: rule.id.description), \(bind: companyID.description), \(bind: Int64(rule.position)),
                \(bind: rule.field.rawValue), \(bind: rule.value), \(bind: rule.assigneeID.description),
                \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// Removes a rule; false when it was not there.
    public func delete(_ id: RoutingRule.ID, companyID: Company.ID) async throws -> Bool {
        !(try await db.raw(
            """
            DELETE FROM routing_rules WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            RETURNING id
            """
        ).all().isEmpty)
    }

    /// The last manager who got a lead by round-robin, read under a row lock on PostgreSQL so two concurrent
    /// new leads do not both go to the same next manager (SQLite's write transaction already serializes).
    public func lockedRoundRobinPosition(companyID: Company.ID, at now: Date) async throws -> User.ID? {
        try await db.raw(
            """
            INSERT INTO routing_state (company_id, last_user_id, updated_at)
            VALUES (\(bind: companyID.description), NULL, \(bind: now.millisecondsSince1970))
            ON CONFLICT (company_id) DO NOTHING
            """
        ).run()
        let lock = SQLQueryString(SQLDialectFacts.rowLockSuffix(db))
        return try await db.raw(
            "SELECT last_user_id FROM routing_state WHERE company_id = \(bind: companyID.description)" + lock
        ).first()?.optionalID("last_user_id")
    }

    public func setRoundRobinPosition(_ user: User.ID, companyID: Company.ID, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE routing_state SET last_user_id = \(bind: user.description), updated_at = \(bind: now.millisecondsSince1970)
            WHERE company_id = \(bind: companyID.description)
            """
        ).run()
    }
}
