import BentaCore
import BentaStore
import Foundation

/// Accounts: list, read, create, change, archive. Visibility comes from the store; ownership rules live here.
public struct AccountService: ArchivableRecordService {
    typealias Store = AccountStore

    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: AccountFilter, page: PageRequest) async throws -> Page<Account> {
        try await listRecords(viewer: viewer, filter: filter, page: page)
    }

    /// The account, or `notFound` when it does not exist or the viewer may not see it.
    public func account(_ id: Account.ID, viewer: Viewer) async throws -> Account {
        try await findRecord(id, viewer: viewer)
    }

    /// Creates an account. A manager's new account is their own; head and admin may name any owner.
    public func create(_ draft: AccountDraft, viewer: Viewer) async throws -> Account {
        var withOwner = draft
        if withOwner.ownerID.trimmingCharacters(in: .whitespaces).isEmpty {
            withOwner.ownerID = viewer.userID.description
        }
        return try await createRecord(withOwner, viewer: viewer)
    }

    /// Applies `change` to the account's current content, validates the whole, and saves it if the version still
    /// matches `expectedVersion` (nil skips the check, for forms that carry no version).
    public func update(
        _ id: Account.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout AccountDraft) -> Void
    ) async throws -> Account {
        try await updateRecord(id, viewer: viewer, expectedVersion: expectedVersion, change: change)
    }

    /// Archives or restores the account.
    public func setStatus(
        _ status: RecordStatus, of id: Account.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Account {
        try await setRecordStatus(status, of: id, viewer: viewer, expectedVersion: expectedVersion)
    }

    /// The account's audit history, newest first.
    public func history(_ id: Account.ID, viewer: Viewer) async throws -> [AuditEvent] {
        try await recordHistory(id, viewer: viewer)
    }

    static func createdDetails(_ fields: AccountFields) -> [String: String] { ["name": fields.name] }

    static func updatedDetails(from old: AccountFields, to new: AccountFields) -> [String: String] {
        ["fields": changedFields(old, new).joined(separator: ",")]
    }

    /// Field checks from the core plus the rules that need the database: the owner and team must exist in the
    /// company, a manager cannot give accounts away, and may share only with their own teams.
    func validate(
        _ draft: AccountDraft, previous: AccountFields?, viewer: Viewer, db: StoreConnection
    ) async throws -> AccountFields {
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
