import BentaCore
import BentaStore
import Foundation

/// Accounts: list, read, create, change, archive. Visibility comes from the store; ownership rules live here.
public struct AccountService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: AccountFilter, page: PageRequest) async throws -> Page<Account> {
        try await database.read { db in try await AccountStore(db).list(viewer: viewer, filter: filter, page: page) }
    }

    /// The account, or `notFound` when it does not exist or the viewer may not see it.
    public func account(_ id: Account.ID, viewer: Viewer) async throws -> Account {
        guard let account = try await database.read({ db in try await AccountStore(db).find(id, viewer: viewer) })
        else { throw RecordError.notFound(entity: "account") }
        return account
    }

    /// Creates an account. A manager's new account is their own; head and admin may name any owner.
    public func create(_ draft: AccountDraft, viewer: Viewer) async throws -> Account {
        var withOwner = draft
        if withOwner.ownerID.trimmingCharacters(in: .whitespaces).isEmpty {
            withOwner.ownerID = viewer.userID.description
        }
        let draft = withOwner
        return try await database.transaction { db in
            let fields = try await validate(draft, previous: nil, viewer: viewer, db: db)
            let now = clock.now()
            let account = Account(
                id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                updatedAt: now, version: 1)
            try await AccountStore(db).insert(account)
            try await audit.record(
                "account.created", entityType: "account", entityID: account.id.description,
                companyID: viewer.companyID, actor: viewer.userID, details: ["name": fields.name], on: db)
            return account
        }
    }

    /// Applies `change` to the account's current content, validates the whole, and saves it if the version still
    /// matches `expectedVersion` (nil skips the check, for forms that carry no version).
    public func update(
        _ id: Account.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout AccountDraft) -> Void
    ) async throws -> Account {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { account, context in
            var draft = AccountDraft(account.fields)
            change(&draft)
            let fields = try await validate(draft, previous: account.fields, viewer: viewer, db: context.db)
            let changed = Self.changedFields(account.fields, fields)
            account.fields = fields
            return AuditEntry("account.updated", details: ["fields": changed.joined(separator: ",")])
        }
    }

    /// Archives or restores the account.
    public func setStatus(
        _ status: RecordStatus, of id: Account.ID, viewer: Viewer, expectedVersion: Int64?
    )
        async throws -> Account
    {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { account, _ in
            if account.status == status { return nil }
            account.status = status
            return AuditEntry(status == .archived ? "account.archived" : "account.unarchived")
        }
    }

    /// The account as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Account.ID, viewer: Viewer) -> ChangeTarget<Account> {
        ChangeTarget(
            entity: "account", load: { db in try await AccountStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { account, loaded, db in try await AccountStore(db).update(account, expectedVersion: loaded.version) }
        )
    }

    /// The account's audit history, newest first.
    public func history(_ id: Account.ID, viewer: Viewer) async throws -> [AuditEvent] {
        _ = try await account(id, viewer: viewer)
        return try await database.read { db in
            try await AuditStore(db).history(
                companyID: viewer.companyID, entityType: "account", entityID: id.description)
        }
    }

    /// Field checks from the core plus the rules that need the database: the owner and team must exist in the
    /// company, a manager cannot give accounts away, and may share only with their own teams.
    private func validate(
        _ draft: AccountDraft, previous: AccountFields?, viewer: Viewer, db: StoreConnection
    )
        async throws -> AccountFields
    {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let fields = try draft.validated(defaultCountry: company.settings.country)
        var errors = ValidationErrors()
        let users = UserStore(db)
        try await OwnerCheck.check(
            fields.ownerID, previous: previous?.ownerID, record: "an account", viewer: viewer, db: db, into: &errors)
        if let team = fields.teamID, team != previous?.teamID {
            let teams = try await users.teams(companyID: viewer.companyID)
            if !teams.contains(where: { $0.id == team }) {
                errors.add(field: "team_id", code: "invalid_team", message: "Choose a team from the list.")
            } else if !viewer.role.seesAllRecords, !(try await users.teamIDs(of: viewer.userID)).contains(team) {
                errors.add(field: "team_id", code: "not_allowed", message: "You can only share with your own teams.")
            }
        }
        try errors.throwIfAny()
        return fields
    }

    static func changedFields(_ old: AccountFields, _ new: AccountFields) -> [String] {
        var names: [String] = []
        if old.name != new.name { names.append("name") }
        if old.registeredName != new.registeredName { names.append("registered_name") }
        if old.tin != new.tin { names.append("tin") }
        if old.billingAddress != new.billingAddress { names.append("billing_address") }
        if old.deliveryAddress != new.deliveryAddress { names.append("delivery_address") }
        if old.phones != new.phones { names.append("phones") }
        if old.email != new.email { names.append("email") }
        if old.website != new.website { names.append("website") }
        if old.industry != new.industry { names.append("industry") }
        if old.ownerID != new.ownerID { names.append("owner_id") }
        if old.teamID != new.teamID { names.append("team_id") }
        if old.tags != new.tags { names.append("tags") }
        if old.notes != new.notes { names.append("notes") }
        return names
    }
}
