import BentaCore
import Foundation
import SQLKit

/// Reads and writes accounts. Every read takes a ``Viewer`` and returns only what that viewer may see.
public struct AccountStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    static let columns: SQLQueryString = """
        a.id, a.company_id, a.name, a.registered_name, a.tin, a.billing_address, a.delivery_address, a.phones_json,
        a.email, a.website, a.industry, a.owner_id, a.team_id, a.tags_json, a.notes, a.country, a.is_vat_registered,
        a.buyer_kind, a.status, a.created_at, a.updated_at, a.version
        """

    /// The account if it exists and the viewer may see it; `forUpdate` locks its row until the transaction ends.
    public func find(_ id: Account.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Account? {
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM accounts a WHERE a.id = \(bind: id.description) AND "
            + VisibilitySQL.accounts(viewer)
        return try await db.first(sql, forUpdate: forUpdate, locking: "a", decode: Self.decode)
    }

    /// The viewer's accounts with these IDs (for showing names beside other records); invisible ones are left out.
    public func find(_ ids: [Account.ID], viewer: Viewer) async throws -> [Account] {
        if ids.isEmpty { return [] }
        let sql: SQLQueryString =
            "SELECT \(Self.columns) FROM accounts a WHERE a.id IN (\(binds: ids.map(\.description))) AND "
            + VisibilitySQL.accounts(viewer)
        return try await db.raw(sql).all().map(Self.decode)
    }

    /// One page of the accounts the viewer may see, sorted by name.
    public func list(viewer: Viewer, filter: AccountFilter, page: PageRequest) async throws -> Page<Account> {
        // A text filter starts from its matches in the full-text index (see SearchStore.textFilter) and sorts them;
        // on SQLite it sorts their narrow rows and reads only the page's accounts (textFilterPage).
        // A tag filter without text walks the tag's rows in page order (`account_tags_sorted`: each tag row keeps
        // its account's sort name), so a page is about 50 index steps whether the tag is common or rare.
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let tag = filter.tag?.lowercased() ?? ""
        if !text.isEmpty && db.dialect.name == "sqlite" {
            return try await textFilterPage(text: text, tag: tag, viewer: viewer, filter: filter, page: page)
        }
        if text.isEmpty, case .ownedOrShared(let user) = viewer.scope {
            return try await ownedOrSharedPage(user: user, tag: tag, viewer: viewer, filter: filter, page: page)
        }
        var sql: SQLQueryString = "SELECT \(Self.columns), a.sort_name FROM "
        if !text.isEmpty {
            let search = SearchStore.textFilter(
                .account, column: "a.id", text: text, companyID: viewer.companyID, db: db)
            sql += search.from + "accounts a WHERE " + search.condition + " AND "
            if !tag.isEmpty {
                sql += "EXISTS (SELECT 1 FROM account_tags t WHERE t.account_id = a.id AND t.tag = \(bind: tag)) AND "
            }
        } else if !tag.isEmpty {
            sql += "account_tags t CROSS JOIN accounts a WHERE t.company_id = \(bind: viewer.companyID.description) "
            sql += "AND t.tag = \(bind: tag) AND a.id = t.account_id AND "
        } else {
            sql += "accounts a WHERE "
        }
        sql += VisibilitySQL.accounts(viewer)
        if let owner = filter.ownerID { sql += " AND a.owner_id = \(bind: owner.description)" }
        if let status = filter.status { sql += " AND a.status = \(bind: status.rawValue)" }
        if text.isEmpty && !tag.isEmpty {
            return try await db.sortedPage(sql, alias: "t", idColumn: "account_id", page: page, decode: Self.decode)
        }
        return try await db.sortedPage(sql, alias: "a", page: page, decode: Self.decode)
    }

    /// A manager's page without a text filter: their own accounts and each of their teams' shared ones, each walked
    /// in page order on its own index and merged, instead of the company's accounts walked in page order and the
    /// visible ones kept: the accounts (`accounts_owner_page`, `accounts_team_page`, migration 46) or, with a tag,
    /// the tag's rows, which carry their account's owner and team (`account_tags_owner_page`,
    /// `account_tags_team_page`, migration 49). The same accounts as ``VisibilitySQL/accounts(_:alias:)`` sees: a
    /// shared account the manager owns is read once, as theirs.
    private func ownedOrSharedPage(
        user: User.ID, tag: String, viewer: Viewer, filter: AccountFilter, page: PageRequest
    ) async throws -> Page<Account> {
        let company = viewer.companyID.description
        // The rows the page walks, and their owner and team: the accounts' own, or their copies on the tag's rows.
        let (alias, idColumn, owner, team) =
            tag.isEmpty
            ? ("a", "id", "owner_id", "team_id")
            : ("t", "account_id", AccountVisibilityColumns.ownerColumn, AccountVisibilityColumns.teamColumn)
        let parts = try await VisibilitySQL.ownedOrSharedParts(
            user: user, alias: alias, ownerColumn: owner, teamColumn: team, db: db)
        let members = parts.map { visible in
            var sql: SQLQueryString = "SELECT \(Self.columns), a.sort_name FROM "
            if tag.isEmpty {
                sql += "accounts a WHERE a.company_id = \(bind: company) AND " + visible
            } else {
                sql += "account_tags t CROSS JOIN accounts a WHERE t.company_id = \(bind: company) "
                sql += "AND t.tag = \(bind: tag) AND " + visible + " AND a.id = t.account_id"
            }
            if let owner = filter.ownerID { sql += " AND a.owner_id = \(bind: owner.description)" }
            if let status = filter.status { sql += " AND a.status = \(bind: status.rawValue)" }
            return sql
        }
        return try await db.sortedUnionPage(members, alias: alias, idColumn: idColumn, page: page, decode: Self.decode)
    }

    /// Stores a new account with its phone and email index rows and its tags.
    public func insert(_ account: Account) async throws {
        let f = account.fields
        try await db.raw(
            """
            INSERT INTO accounts (id, company_id, name, sort_name, search_text, registered_name, tin, billing_address,
                delivery_address, phones_json, email, website, industry, owner_id, team_id, tags_json, notes, country,
                is_vat_registered, buyer_kind, status, created_at, updated_at, version)
            VALUES (\(bind: account.id.description), \(bind: account.companyID.description), \(bind: f.name),
                \(bind: f.name.lowercased()), \(bind: Self.searchText(f)), \(bind: f.registeredName),
                \(bind: f.tin?.digits), \(bind: f.billingAddress), \(bind: f.deliveryAddress),
                \(bind: try jsonText(f.phones)), \(bind: f.email?.value), \(bind: f.website), \(bind: f.industry),
                \(bind: f.ownerID.description), \(bind: f.teamID?.description), \(bind: try jsonText(f.tags)),
                \(bind: f.notes), \(bind: f.country.rawValue), \(bind: f.isVATRegistered), \(bind: f.buyerKind.rawValue),
                \(bind: account.status.rawValue), \(bind: account.createdAt.millisecondsSince1970),
                \(bind: account.updatedAt.millisecondsSince1970), \(bind: account.version))
            """
        ).run()
        try await writeIndexes(account)
    }

    /// Replaces the stored account if its version is still `expectedVersion`; returns false when it was not.
    public func update(_ account: Account, expectedVersion: Int64) async throws -> Bool {
        let f = account.fields
        let rows = try await db.raw(
            """
            UPDATE accounts SET name = \(bind: f.name), sort_name = \(bind: f.name.lowercased()),
                search_text = \(bind: Self.searchText(f)), registered_name = \(bind: f.registeredName),
                tin = \(bind: f.tin?.digits), billing_address = \(bind: f.billingAddress),
                delivery_address = \(bind: f.deliveryAddress), phones_json = \(bind: try jsonText(f.phones)),
                email = \(bind: f.email?.value), website = \(bind: f.website), industry = \(bind: f.industry),
                owner_id = \(bind: f.ownerID.description), team_id = \(bind: f.teamID?.description),
                tags_json = \(bind: try jsonText(f.tags)), notes = \(bind: f.notes),
                country = \(bind: f.country.rawValue), is_vat_registered = \(bind: f.isVATRegistered),
                buyer_kind = \(bind: f.buyerKind.rawValue), status = \(bind: account.status.rawValue), updated_at = \(bind: account.updatedAt.millisecondsSince1970),
                version = \(bind: account.version)
            WHERE id = \(bind: account.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { return false }
        try await db.raw(
            "DELETE FROM contact_points WHERE account_id = \(bind: account.id.description) AND contact_id IS NULL"
        ).run()
        try await db.raw("DELETE FROM account_tags WHERE account_id = \(bind: account.id.description)").run()
        try await writeIndexes(account)
        // Its deals' and contracts' indexed text holds its name.
        try await SearchStore(db).refreshRecords(of: account)
        return true
    }

    private func writeIndexes(_ account: Account) async throws {
        let f = account.fields
        try await SearchStore(db).index(
            .account, id: account.id.description, companyID: account.companyID,
            content: SearchWords.document(
                [f.name, f.registeredName, f.industry, f.email?.value], phones: f.phones.map(\.e164), tin: f.tin))
        var points: [(kind: String, value: String)] = f.phones.map { ("phone", $0.e164) }
        if let email = f.email { points.append(("email", email.normalized)) }
        for point in points {
            try await db.raw(
                """
                INSERT INTO contact_points (company_id, account_id, contact_id, kind, normalized)
                VALUES (\(bind: account.companyID.description), \(bind: account.id.description), NULL,
                    \(bind: point.kind), \(bind: point.value))
                """
            ).run()
        }
        for tag in f.tags {
            try await db.raw(
                """
                INSERT INTO account_tags (company_id, account_id, tag, sort_name, account_owner_id, account_team_id)
                VALUES (\(bind: account.companyID.description), \(bind: account.id.description), \(bind: tag),
                    \(bind: f.name.lowercased()), \(bind: f.ownerID.description), \(bind: f.teamID?.description))
                """
            ).run()
        }
    }

    static func searchText(_ f: AccountFields) -> String {
        SearchText.normalize([f.name, f.registeredName, f.industry])
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        let fields = AccountFields(
            name: try row.string("name"),
            registeredName: try row.optionalString("registered_name"),
            tin: try row.optionalString("tin").map { try TaxpayerID(parsing: $0) },
            billingAddress: try row.optionalString("billing_address"),
            deliveryAddress: try row.optionalString("delivery_address"),
            phones: try row.phones("phones_json"),
            email: try row.optionalString("email").map(EmailAddress.init(stored:)),
            website: try row.optionalString("website"),
            industry: try row.optionalString("industry"),
            ownerID: try row.id("owner_id"),
            teamID: try row.optionalID("team_id"),
            tags: try row.strings("tags_json"),
            notes: try row.optionalString("notes"),
            country: try Self.country(row),
            isVATRegistered: try row.bool("is_vat_registered"),
            buyerKind: try Self.buyerKind(row))
        guard let status = RecordStatus(rawValue: try row.string("status")) else {
            throw CorruptRow(description: "account status")
        }
        return Account(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields, status: status,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }

    static func country(_ row: any SQLRow) throws -> CountryCode {
        let text = try row.string("country")
        guard let country = CountryCode(rawValue: text) else {
            throw CorruptRow(description: "account country \(text)")
        }
        return country
    }

    static func buyerKind(_ row: any SQLRow) throws -> BuyerKind {
        let text = try row.string("buyer_kind")
        guard let kind = BuyerKind(rawValue: text) else {
            throw CorruptRow(description: "account buyer kind \(text)")
        }
        return kind
    }
}
