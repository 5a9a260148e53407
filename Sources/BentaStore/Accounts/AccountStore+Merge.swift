import BentaCore
import Foundation
import SQLKit

extension AccountStore {
    /// Accounts that could be the same company: sharing a TIN base, or with a word starting like `firstWord`.
    /// Visibility applies; the caller decides likeness. Both read an index: the TIN's (`accounts_tin`, every branch
    /// of the base number is one range of the 14 stored digits) and the full-text index.
    public func candidates(
        tinBase: String?, firstWord: String?, viewer: Viewer, limit: Int = 50
    ) async throws
        -> [Account]
    {
        let visible: SQLQueryString = "a.merged_into_id IS NULL AND " + VisibilitySQL.accounts(viewer)
        var parts: [SQLQueryString] = []
        if let tinBase {
            parts.append(
                "SELECT a.* FROM accounts a WHERE a.tin BETWEEN \(bind: tinBase + "00000") AND \(bind: tinBase + "99999") AND "
                    + visible)
        }
        if let firstWord, firstWord.count >= 3 {
            let search = SearchStore.textFilter(
                .account, column: "a.id", text: firstWord, companyID: viewer.companyID, db: db)
            parts.append("SELECT a.* FROM " + search.from + "accounts a WHERE " + search.condition + " AND " + visible)
        }
        guard !parts.isEmpty else { return [] }
        // One select per key, each on its own index; UNION drops an account both find.
        let sql: SQLQueryString =
            "SELECT * FROM (" + parts.joined(separator: " UNION ")
            + ") found ORDER BY sort_name, id LIMIT \(literal: limit)"
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
            INSERT INTO account_tags (company_id, account_id, tag, sort_name, account_owner_id, account_team_id)
            SELECT t.company_id, \(bind: to), t.tag, s.sort_name, s.owner_id, s.team_id FROM account_tags t
              JOIN accounts s ON s.id = \(bind: to) WHERE t.account_id = \(bind: from)
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
