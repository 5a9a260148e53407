import BentaCore
import Foundation
import SQLKit

/// Credit holds and the overrides a head or admin records on them. At most one hold per account is open: the open
/// one carries `open_account_id` (unique), which its release clears. Overrides are only ever inserted.
///
/// Lookups that take a ``Viewer`` see only the accounts the viewer sees (`VisibilitySQL.accounts`).
public struct CreditHoldStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Holds

    /// Places `hold` on its account unless the account already has an open hold; answers the placed hold, or nil
    /// when another one is open (two concurrent placements leave exactly one).
    public func placeIfNone(_ hold: CreditHold) async throws -> CreditHold? {
        let placed =
            !(try await db.raw(
                """
                INSERT INTO credit_holds (id, company_id, account_id, open_account_id, placed_on, placed_by,
                    dunning_step_id, reason, system_text, created_at, updated_at, version)
                VALUES (\(bind: hold.id.description), \(bind: hold.companyID.description),
                    \(bind: hold.accountID.description), \(bind: hold.accountID.description),
                    \(bind: hold.placedOn.iso8601String), \(bind: hold.placedBy?.description),
                    \(bind: hold.dunningStepID), \(bind: hold.reason),
                    \(bind: try SystemTextColumn.encode(hold.systemText)),
                    \(bind: hold.createdAt.millisecondsSince1970), \(bind: hold.updatedAt.millisecondsSince1970),
                    \(bind: hold.version))
                ON CONFLICT (open_account_id) DO NOTHING
                RETURNING id
                """
            ).all().isEmpty)
        return placed ? hold : nil
    }

    /// The account's open hold, if any (no visibility: for the issue and win checks, which run on an account the
    /// caller already loaded); `forUpdate` locks it so a release and a check queue behind each other.
    public func openHold(
        accountID: Account.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws
        -> CreditHold?
    {
        let sql: SQLQueryString = """
            SELECT h.* FROM credit_holds h
            WHERE h.open_account_id = \(bind: accountID.description) AND h.company_id = \(bind: companyID.description)
            """
        return try await db.first(sql, forUpdate: forUpdate, locking: "h", decode: Self.decodeHold)
    }

    /// The open hold of an account the viewer sees.
    public func openHold(accountID: Account.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> CreditHold? {
        try await db.firstSeenThroughAccount(
            "credit_holds", alias: "h", where: "h.open_account_id = \(bind: accountID.description)", viewer: viewer,
            forUpdate: forUpdate, decode: Self.decodeHold)
    }

    /// A hold by id, of an account the viewer sees; `forUpdate` locks it.
    public func find(_ id: CreditHold.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> CreditHold? {
        try await db.firstSeenThroughAccount(
            "credit_holds", alias: "h", where: "h.id = \(bind: id.description)", viewer: viewer, forUpdate: forUpdate,
            decode: Self.decodeHold)
    }

    /// Saves a hold if it still has `expectedVersion`: a release sets `released_at`/`released_by`/`release_note`
    /// and clears `open_account_id`, so the account may be held again later. False when another save came first.
    public func update(_ hold: CreditHold, expectedVersion: Int64) async throws -> Bool {
        let openAccount: String? = hold.isOpen ? hold.accountID.description : nil
        return
            !(try await db.raw(
                """
                UPDATE credit_holds SET open_account_id = \(bind: openAccount), reason = \(bind: hold.reason),
                    released_at = \(bind: hold.releasedAt?.millisecondsSince1970),
                    released_by = \(bind: hold.releasedBy?.description), release_note = \(bind: hold.releaseNote),
                    updated_at = \(bind: hold.updatedAt.millisecondsSince1970), version = \(bind: hold.version)
                WHERE id = \(bind: hold.id.description) AND version = \(bind: expectedVersion)
                RETURNING id
                """
            ).all().isEmpty)
    }

    /// Which of `accounts` have an open hold, with the hold (one statement, for lists).
    public func openHolds(
        of accounts: [Account.ID], companyID: Company.ID
    ) async throws
        -> [Account.ID: CreditHold]
    {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT h.* FROM credit_holds h
            WHERE h.company_id = \(bind: companyID.description)
                AND h.open_account_id IN (\(binds: accounts.map(\.description)))
            """
        ).all()
        var result: [Account.ID: CreditHold] = [:]
        for row in rows {
            let hold = try Self.decodeHold(row)
            result[hold.accountID] = hold
        }
        return result
    }

    static func decodeHold(_ row: any SQLRow) throws -> CreditHold {
        guard let placedOn = CalendarDate(iso8601: try row.string("placed_on")) else {
            throw CorruptRow(description: "credit hold date")
        }
        return CreditHold(
            id: try row.id("id"), companyID: try row.id("company_id"), accountID: try row.id("account_id"),
            placedOn: placedOn, placedBy: try row.optionalID("placed_by"),
            dunningStepID: try row.optionalString("dunning_step_id"), reason: try row.string("reason"),
            systemText: try SystemTextColumn.decode(row),
            releasedAt: try row.optionalDate("released_at"), releasedBy: try row.optionalID("released_by"),
            releaseNote: try row.optionalString("release_note"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }

    // MARK: Overrides

    public func insert(_ override: CreditHoldOverride) async throws {
        try await db.raw(
            """
            INSERT INTO credit_hold_overrides (id, company_id, hold_id, account_id, granted_by, reason, valid_until,
                created_at)
            VALUES (\(bind: override.id.description), \(bind: override.companyID.description),
                \(bind: override.holdID.description), \(bind: override.accountID.description),
                \(bind: override.grantedBy.description), \(bind: override.reason),
                \(bind: override.validUntil.iso8601String), \(bind: override.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The override of `hold` valid on `date` that lasts longest (the latest granted among equals), if any.
    public func validOverride(of hold: CreditHold.ID, on date: CalendarDate) async throws -> CreditHoldOverride? {
        try await db.raw(
            """
            SELECT * FROM credit_hold_overrides
            WHERE hold_id = \(bind: hold.description) AND valid_until >= \(bind: date.iso8601String)
            ORDER BY valid_until DESC, created_at DESC, id DESC LIMIT 1
            """
        ).first().map(Self.decodeOverride)
    }

    /// Every override recorded on `hold`, newest first (a hold has a handful).
    public func overrides(of hold: CreditHold.ID) async throws -> [CreditHoldOverride] {
        try await db.raw(
            """
            SELECT * FROM credit_hold_overrides WHERE hold_id = \(bind: hold.description)
            ORDER BY created_at DESC, id DESC LIMIT 200
            """
        ).all().map(Self.decodeOverride)
    }

    static func decodeOverride(_ row: any SQLRow) throws -> CreditHoldOverride {
        guard let validUntil = CalendarDate(iso8601: try row.string("valid_until")) else {
            throw CorruptRow(description: "credit hold override date")
        }
        return CreditHoldOverride(
            id: try row.id("id"), companyID: try row.id("company_id"), holdID: try row.id("hold_id"),
            accountID: try row.id("account_id"), grantedBy: try row.id("granted_by"), reason: try row.string("reason"),
            validUntil: validUntil, createdAt: try row.date("created_at"))
    }
}
