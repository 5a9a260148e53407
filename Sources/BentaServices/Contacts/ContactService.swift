import BentaCore
import BentaStore
import Foundation

/// Contacts: the people at accounts. A viewer may work with a contact exactly when they may see its account.
public struct ContactService: ArchivableRecordService {
    typealias Store = ContactStore

    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: ContactFilter, page: PageRequest) async throws -> Page<Contact> {
        try await listRecords(viewer: viewer, filter: filter, page: page)
    }

    /// The contact, or `notFound` when it does not exist or the viewer may not see it.
    public func contact(_ id: Contact.ID, viewer: Viewer) async throws -> Contact {
        try await findRecord(id, viewer: viewer)
    }

    /// Creates a contact at an account the viewer can see.
    public func create(_ draft: ContactDraft, viewer: Viewer) async throws -> Contact {
        try await createRecord(draft, viewer: viewer)
    }

    /// Applies `change` to the contact's current content, validates the whole, and saves it if the version still
    /// matches `expectedVersion` (nil skips the check, for forms that carry no version).
    public func update(
        _ id: Contact.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout ContactDraft) -> Void
    ) async throws -> Contact {
        try await updateRecord(id, viewer: viewer, expectedVersion: expectedVersion, change: change)
    }

    /// Archives or restores the contact.
    public func setStatus(
        _ status: RecordStatus, of id: Contact.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Contact {
        try await setRecordStatus(status, of: id, viewer: viewer, expectedVersion: expectedVersion)
    }

    /// The contact's audit history, newest first.
    public func history(_ id: Contact.ID, viewer: Viewer) async throws -> [AuditEvent] {
        try await recordHistory(id, viewer: viewer)
    }

    static func createdDetails(_ fields: ContactFields) -> [String: String] {
        ["account_id": fields.accountID.description]
    }

    /// Field checks plus: the account must exist and be visible to the viewer (else it reads as a bad choice), and
    /// a contact cannot join an archived account.
    func validate(
        _ draft: ContactDraft, previous: ContactFields?, viewer: Viewer, db: StoreConnection
    ) async throws -> ContactFields {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let fields = try draft.validated(defaultCountry: company.settings.country)
        guard let account = try await AccountStore(db).find(fields.accountID, viewer: viewer) else {
            var errors = ValidationErrors()
            errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
            throw errors
        }
        if account.status == .archived && fields.accountID != previous?.accountID {
            throw RecordError.conflict(
                code: "account_archived", detail: "The account is archived; restore it before adding contacts.")
        }
        return fields
    }
}
