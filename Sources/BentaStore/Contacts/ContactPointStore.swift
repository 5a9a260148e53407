import BentaCore
import Foundation
import SQLKit

/// Who has this phone number or email: the lookup behind caller identification and email filing.
public struct ContactPointMatch: Sendable, Hashable {
    public var accountID: Account.ID
    public var contactID: Contact.ID?
    public var ownerID: User.ID
}

public struct ContactPointStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Every active account and contact with this normalized phone (E.164) or email, whoever owns them.
    public func matches(companyID: Company.ID, kind: String, value: String) async throws -> [ContactPointMatch] {
        try await db.raw(
            """
            SELECT DISTINCT cp.account_id, cp.contact_id, a.owner_id, a.sort_name FROM contact_points cp
            JOIN accounts a ON a.id = cp.account_id
            LEFT JOIN contacts c ON c.id = cp.contact_id
            WHERE cp.company_id = \(bind: companyID.description) AND cp.kind = \(bind: kind)
              AND cp.normalized = \(bind: value) AND a.status = 'active'
              AND (c.id IS NULL OR c.status = 'active')
            ORDER BY a.sort_name, cp.account_id LIMIT 50
            """
        ).all().map { row in
            ContactPointMatch(
                accountID: try row.id("account_id"), contactID: try row.optionalID("contact_id"),
                ownerID: try row.id("owner_id"))
        }
    }
}
