import BentaCore
import Foundation
import SQLKit

extension AccountStore {
    /// Accounts that could be the same company: sharing a TIN base, or whose name starts like `firstWord`.
    /// Visibility applies; the caller decides likeness.
    public func candidates(
        tinBase: String?, firstWord: String?, viewer: Viewer, limit: Int = 50
    ) async throws
        -> [Account]
    {
        var conditions: [SQLQueryString] = []
        if let tinBase { conditions.append("a.tin LIKE \(bind: tinBase + "%")") }
        if let firstWord, firstWord.count >= 3 {
            conditions.append("a.search_text LIKE \(bind: SearchText.containsPattern(firstWord)) ESCAPE '\\'")
        }
        guard !conditions.isEmpty else { return [] }
        let sql: SQLQueryString =
            "SELECT a.* FROM accounts a WHERE a.merged_into_id IS NULL AND " + VisibilitySQL.accounts(viewer) + " AND ("
            + conditions.joined(separator: " OR ") + ") ORDER BY a.sort_name LIMIT \(literal: limit)"
        return try await db.raw(sql).all().map(Self.decode)
    }

    /// Moves everything that belongs to `victim` to `survivor` — contacts, timeline, tasks, meetings, phone and
    /// email index, tags, converted leads — and marks `victim` archived and merged. Run inside a transaction.
    public func mergeReferences(
        from victim: Account.ID, into survivor: Account.ID, companyID: Company.ID, at now: Date
    )
        async throws
    {
        let from = victim.description
        let to = survivor.description
        for table in ["contacts", "activities", "tasks", "meetings", "contact_points"] {
            try await db.raw(
                "UPDATE \(ident: table) SET account_id = \(bind: to) WHERE account_id = \(bind: from)"
            ).run()
        }
        try await db.raw(
            "UPDATE leads SET converted_account_id = \(bind: to) WHERE converted_account_id = \(bind: from)"
        ).run()
        try await db.raw(
            """
            INSERT INTO account_tags (company_id, account_id, tag)
            SELECT company_id, \(bind: to), tag FROM account_tags t WHERE t.account_id = \(bind: from)
              AND NOT EXISTS (SELECT 1 FROM account_tags u WHERE u.account_id = \(bind: to) AND u.tag = t.tag)
            """
        ).run()
        try await db.raw("DELETE FROM account_tags WHERE account_id = \(bind: from)").run()
        try await db.raw(
            """
            UPDATE accounts SET status = 'archived', merged_into_id = \(bind: to),
                updated_at = \(bind: now.millisecondsSince1970), version = version + 1
            WHERE id = \(bind: from) AND company_id = \(bind: companyID.description)
            """
        ).run()
        try await SearchStore(db).remove(.account, id: from)
    }
}

extension ContactStore {
    /// Moves the timeline, tasks, meeting seats and phone/email index of `victim` to `survivor`, and marks
    /// `victim` archived and merged. Run inside a transaction.
    public func mergeReferences(
        from victim: Contact.ID, into survivor: Contact, companyID: Company.ID, at now: Date
    )
        async throws
    {
        let from = victim.description
        let to = survivor.id.description
        let account = survivor.fields.accountID.description
        for table in ["activities", "tasks"] {
            try await db.raw(
                "UPDATE \(ident: table) SET contact_id = \(bind: to), account_id = \(bind: account) WHERE contact_id = \(bind: from)"
            ).run()
        }
        try await db.raw("UPDATE meeting_attendees SET contact_id = \(bind: to) WHERE contact_id = \(bind: from)").run()
        try await db.raw("DELETE FROM contact_points WHERE contact_id = \(bind: from)").run()
        try await db.raw(
            "UPDATE leads SET converted_contact_id = \(bind: to) WHERE converted_contact_id = \(bind: from)"
        ).run()
        try await db.raw(
            """
            UPDATE contacts SET status = 'archived', merged_into_id = \(bind: to),
                updated_at = \(bind: now.millisecondsSince1970), version = version + 1
            WHERE id = \(bind: from) AND company_id = \(bind: companyID.description)
            """
        ).run()
        try await SearchStore(db).remove(.contact, id: from)
    }
}
