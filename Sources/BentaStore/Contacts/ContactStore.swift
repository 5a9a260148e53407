import BentaCore
import Foundation
import SQLKit

/// Reads and writes contacts. A contact is visible exactly when its account is.
public struct ContactStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    private static let columns: SQLQueryString = """
        c.id, c.company_id, c.account_id, c.name, c.position, c.phones_json, c.emails_json, c.preferred_channel,
        c.notes, c.status, c.created_at, c.updated_at, c.version
        """

    /// The contact if the viewer may see its account; `forUpdate` locks the contact's row until the transaction ends.
    public func find(_ id: Contact.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Contact? {
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.id = \(bind: id.description) AND "
            + VisibilitySQL.accounts(viewer)
        return try await db.first(sql, forUpdate: forUpdate, locking: "c", decode: Self.decode)
    }

    /// The viewer's contacts with these IDs, in one query; invisible ones are left out.
    public func find(_ ids: [Contact.ID], viewer: Viewer) async throws -> [Contact] {
        if ids.isEmpty { return [] }
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.id IN "
            + "(\(binds: ids.map(\.description))) AND " + VisibilitySQL.accounts(viewer)
        return try await db.raw(sql).all().map(Self.decode)
    }

    /// One page of the contacts the viewer may see, sorted by name. A manager's page without a text or account
    /// filter is read as a union from indexes (``ownedOrSharedPage(user:viewer:filter:page:)``); one account's
    /// contacts are read on `contacts_account` (a statement fewer), a text filter's from its matches.
    public func list(viewer: Viewer, filter: ContactFilter, page: PageRequest) async throws -> Page<Contact> {
        // A text filter starts from its matches in the full-text index (see SearchStore.textFilter).
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty, filter.accountID == nil, case .ownedOrShared(let user) = viewer.scope {
            return try await ownedOrSharedPage(user: user, viewer: viewer, filter: filter, page: page)
        }
        let search =
            text.isEmpty
            ? nil : SearchStore.textFilter(.contact, column: "c.id", text: text, companyID: viewer.companyID, db: db)
        var sql: SQLQueryString =
            "SELECT \(Self.columns), c.sort_name FROM " + (search?.from ?? "") + "contacts c WHERE "
        if let search { sql += search.condition + " AND " }
        // The contact's own company: the list walks `contacts_list_visible` in page order instead of every account of
        // the company and a sort (issue 11: 45–77 ms → under 1 ms at 100,000 contacts). Visibility from the contact's
        // copies of its account's owner and team, so no account is read (a text filter's matches: ~30% less time).
        sql += VisibilitySQL.accountCopies(viewer, alias: "c")
        if let account = filter.accountID { sql += " AND c.account_id = \(bind: account.description)" }
        // The account's owner as the contact carries it (migration 47): an owner's contacts on `contacts_owner_page`.
        if let owner = filter.ownerID { sql += " AND c.account_owner_id = \(bind: owner.description)" }
        if let status = filter.status { sql += " AND c.status = \(bind: status.rawValue)" }
        return try await db.sortedPage(sql, alias: "c", page: page, decode: Self.decode)
    }

    /// A manager's page without a text or account filter: the contacts of their own accounts and of each of their
    /// teams' shared ones, each walked in page order on its own index (`contacts_owner_page`, `contacts_team_page`,
    /// migration 47) and merged, instead of the company's contacts walked in page order with each one's account
    /// joined to keep the visible ones (about fifty read for one shown: 14 ms a page at a million contacts). The
    /// contact's copies of its account's owner and team (`account_owner_id`, `account_team_id`, kept by triggers)
    /// say whose it is, so no account is read: the same contacts as ``VisibilitySQL/accounts(_:alias:)`` sees.
    private func ownedOrSharedPage(
        user: User.ID, viewer: Viewer, filter: ContactFilter, page: PageRequest
    ) async throws -> Page<Contact> {
        let parts = try await VisibilitySQL.ownedOrSharedParts(
            user: user, alias: "c", ownerColumn: AccountVisibilityColumns.ownerColumn,
            teamColumn: AccountVisibilityColumns.teamColumn, db: db)
        let members = parts.map { visible in
            var sql: SQLQueryString = "SELECT \(Self.columns), c.sort_name FROM contacts c "
            sql += "WHERE c.company_id = \(bind: viewer.companyID.description) AND " + visible
            if let owner = filter.ownerID { sql += " AND c.account_owner_id = \(bind: owner.description)" }
            if let status = filter.status { sql += " AND c.status = \(bind: status.rawValue)" }
            return sql
        }
        return try await db.sortedUnionPage(members, alias: "c", page: page, decode: Self.decode)
    }

    public func insert(_ contact: Contact) async throws {
        let f = contact.fields
        try await db.raw(
            """
            INSERT INTO contacts (id, company_id, account_id, name, sort_name, search_text, position, phones_json,
                emails_json, preferred_channel, notes, status, created_at, updated_at, version, account_owner_id,
                account_team_id)
            VALUES (\(bind: contact.id.description), \(bind: contact.companyID.description),
                \(bind: f.accountID.description), \(bind: f.name), \(bind: f.name.lowercased()),
                \(bind: Self.searchText(f)), \(bind: f.position), \(bind: try jsonText(f.phones)),
                \(bind: try jsonText(f.emails.map(\.value))), \(bind: f.preferredChannel?.rawValue), \(bind: f.notes),
                \(bind: contact.status.rawValue), \(bind: contact.createdAt.millisecondsSince1970),
                \(bind: contact.updatedAt.millisecondsSince1970), \(bind: contact.version),
            """
                + AccountVisibilityColumns.values(accountID: f.accountID.description) + ")"
        ).run()
        try await writeIndexes(contact)
    }

    public func update(_ contact: Contact, expectedVersion: Int64) async throws -> Bool {
        let f = contact.fields
        let rows = try await db.raw(
            """
            UPDATE contacts SET account_id = \(bind: f.accountID.description), name = \(bind: f.name),
                sort_name = \(bind: f.name.lowercased()), search_text = \(bind: Self.searchText(f)),
                position = \(bind: f.position), phones_json = \(bind: try jsonText(f.phones)),
                emails_json = \(bind: try jsonText(f.emails.map(\.value))),
                preferred_channel = \(bind: f.preferredChannel?.rawValue), notes = \(bind: f.notes),
                status = \(bind: contact.status.rawValue),
                updated_at = \(bind: contact.updatedAt.millisecondsSince1970), version = \(bind: contact.version)
            WHERE id = \(bind: contact.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { return false }
        try await db.raw("DELETE FROM contact_points WHERE contact_id = \(bind: contact.id.description)").run()
        try await writeIndexes(contact)
        return true
    }

    private func writeIndexes(_ contact: Contact) async throws {
        let f = contact.fields
        try await SearchStore(db).index(
            .contact, id: contact.id.description, companyID: contact.companyID,
            content: SearchWords.document([f.name, f.position] + f.emails.map(\.value), phones: f.phones.map(\.e164)))
        let points = f.phones.map { ("phone", $0.e164) } + f.emails.map { ("email", $0.normalized) }
        for (kind, value) in points {
            try await db.raw(
                """
                INSERT INTO contact_points (company_id, account_id, contact_id, kind, normalized)
                VALUES (\(bind: contact.companyID.description), \(bind: f.accountID.description),
                    \(bind: contact.id.description), \(bind: kind), \(bind: value))
                """
            ).run()
        }
    }

    static func searchText(_ f: ContactFields) -> String {
        SearchText.normalize([f.name, f.position])
    }

    static func decode(_ row: any SQLRow) throws -> Contact {
        let emails = try row.strings("emails_json").map(EmailAddress.init(stored:))
        let channel = try row.optionalString("preferred_channel").flatMap(ContactChannel.init(rawValue:))
        let fields = ContactFields(
            accountID: try row.id("account_id"), name: try row.string("name"),
            position: try row.optionalString("position"), phones: try row.phones("phones_json"),
            emails: emails, preferredChannel: channel, notes: try row.optionalString("notes"))
        guard let status = RecordStatus(rawValue: try row.string("status")) else {
            throw CorruptRow(description: "contact status")
        }
        return Contact(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields, status: status,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}
