import BentaCore
import BentaStore
import Foundation

/// An account's credit hold as the account page and the API show it: the open hold (nil when none), the overrides
/// recorded on it, newest first, and the one that lets documents through today, if any.
public struct CreditHoldState: Sendable, Hashable {
    public var accountID: Account.ID
    public var hold: CreditHold?
    public var overrides: [CreditHoldOverride]
    /// The override valid today that lasts longest.
    public var activeOverride: CreditHoldOverride?

    public init(
        accountID: Account.ID, hold: CreditHold?, overrides: [CreditHoldOverride], activeOverride: CreditHoldOverride?
    ) {
        self.accountID = accountID
        self.hold = hold
        self.overrides = overrides
        self.activeOverride = activeOverride
    }
}

/// Credit holds by hand: placing one (head, admin, accountant; a reason is required), releasing it (head, admin,
/// with a note) and the head's or admin's override that lets invoices be issued and deals be won until a date at
/// most ``CreditHoldRules/maximumOverrideDays`` days ahead. The dunning ladder places holds too
/// (`DunningService`); `CreditHoldGate` enforces them when an invoice is issued or a deal is won.
///
/// A manager reads the holds of the accounts they see; an account they do not see is not found.
public struct CreditHoldService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// The account's hold, its overrides and the one valid today.
    public func state(accountID: Account.ID, viewer: Viewer) async throws -> CreditHoldState {
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        return try await database.read { db in
            guard try await AccountStore(db).find(accountID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "account")
            }
            return try await Self.state(accountID: accountID, viewer: viewer, today: today, db: db)
        }
    }

    /// The state on `today` of an account the caller has already loaded for the viewer (the account page): one
    /// statement, two when the account is on hold.
    public func state(accountID: Account.ID, viewer: Viewer, today: CalendarDate) async throws -> CreditHoldState {
        try await database.read { db in try await Self.state(accountID: accountID, viewer: viewer, today: today, db: db)
        }
    }

    static func state(
        accountID: Account.ID, viewer: Viewer, today: CalendarDate, db: StoreConnection
    ) async throws -> CreditHoldState {
        let store = CreditHoldStore(db)
        guard let hold = try await store.openHold(accountID: accountID, viewer: viewer) else {
            return CreditHoldState(accountID: accountID, hold: nil, overrides: [], activeOverride: nil)
        }
        let overrides = try await store.overrides(of: hold.id)
        let active = overrides.filter { $0.isValid(on: today) }.max { $0.validUntil < $1.validUntil }
        return CreditHoldState(accountID: accountID, hold: hold, overrides: overrides, activeOverride: active)
    }

    /// Places a hold on an account the viewer sees (head, admin, accountant); 409 `credit_hold_exists` when the
    /// account is already on hold.
    public func place(accountID: Account.ID, reason: String?, viewer: Viewer) async throws -> CreditHoldState {
        guard CreditHoldRules.mayPlace(viewer.role) else {
            throw RecordError.forbidden(
                detail: "Only a head of sales, an admin or the accountant places a credit hold.")
        }
        let reason = try CreditHoldRules.validatedReason(reason)
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard try await AccountStore(db).find(accountID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "account")
            }
            let now = clock.now()
            let hold = CreditHold(
                id: clock.newID(), companyID: viewer.companyID, accountID: accountID, placedOn: today,
                placedBy: viewer.userID, dunningStepID: nil, reason: reason, createdAt: now, updatedAt: now, version: 1)
            guard try await CreditHoldStore(db).placeIfNone(hold) != nil else {
                throw RecordError.conflict(code: "credit_hold_exists", detail: "The account is already on credit hold.")
            }
            try await audit.record(
                "credit_hold.placed", entityType: "account", entityID: accountID.description,
                companyID: viewer.companyID, by: viewer, details: ["hold": hold.id.description], on: db)
            return try await Self.state(accountID: accountID, viewer: viewer, today: today, db: db)
        }
    }

    /// Releases the account's open hold (head, admin) at the version the caller read, with a note; 404
    /// `credit_hold_not_found` when the account is not on hold, 412 on a stale version.
    public func release(
        accountID: Account.ID, note: String?, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> CreditHoldState {
        guard CreditHoldRules.mayReleaseOrOverride(viewer.role) else {
            throw RecordError.forbidden(detail: "Only a head of sales or an admin releases a credit hold.")
        }
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let target = ChangeTarget<CreditHold>(
            entity: "credit_hold",
            load: { db in
                try await CreditHoldStore(db).openHold(accountID: accountID, viewer: viewer, forUpdate: true)
            },
            save: { hold, loaded, db in try await CreditHoldStore(db).update(hold, expectedVersion: loaded.version) })
        return try await database.transaction { db in
            _ = try await changes.change(target, expectedVersion: expectedVersion, by: viewer, on: db) {
                hold, context in
                try hold.release(by: viewer.userID, note: note, at: context.now)
                return AuditEntry(
                    "credit_hold.released", details: ["hold": hold.id.description],
                    filedUnder: ("account", accountID.description))
            }
            return try await Self.state(accountID: accountID, viewer: viewer, today: today, db: db)
        }
    }

    /// Records an override on the account's open hold (head, admin): documents go through until `validUntil`
    /// (inclusive), which is from today to ``CreditHoldRules/maximumOverrideDays`` days ahead. 409
    /// `not_on_credit_hold` when the account has no open hold.
    public func override(
        accountID: Account.ID, _ draft: CreditHoldOverrideDraft, viewer: Viewer
    ) async throws -> CreditHoldState {
        guard CreditHoldRules.mayReleaseOrOverride(viewer.role) else {
            throw RecordError.forbidden(detail: "Only a head of sales or an admin overrides a credit hold.")
        }
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        let valid = try draft.validated(today: today)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard try await AccountStore(db).find(accountID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "account")
            }
            let store = CreditHoldStore(db)
            guard let hold = try await store.openHold(accountID: accountID, viewer: viewer, forUpdate: true) else {
                throw RecordError.conflict(code: "not_on_credit_hold", detail: "The account is not on credit hold.")
            }
            let granted = CreditHoldOverride(
                id: clock.newID(), companyID: viewer.companyID, holdID: hold.id, accountID: accountID,
                grantedBy: viewer.userID, reason: valid.reason, validUntil: valid.validUntil, createdAt: clock.now())
            try await store.insert(granted)
            try await audit.record(
                "credit_hold.overridden", entityType: "account", entityID: accountID.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "hold": hold.id.description, "override": granted.id.description,
                    "valid_until": granted.validUntil.iso8601String,
                ], on: db)
            return try await Self.state(accountID: accountID, viewer: viewer, today: today, db: db)
        }
    }

    /// Which of `accounts` are on hold (one statement), for lists.
    public func holds(of accounts: [Account.ID], viewer: Viewer) async throws -> [Account.ID: CreditHold] {
        try await database.read { db in
            try await CreditHoldStore(db).openHolds(of: accounts, companyID: viewer.companyID)
        }
    }
}
