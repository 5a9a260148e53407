import BentaCore
import BentaStore
import Foundation

/// Contacts: the people at accounts. A viewer may work with a contact exactly when they may see its account.
public struct ContactService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func list(viewer: Viewer, filter: ContactFilter, page: PageRequest) async throws -> Page<Contact> {
        try await database.read { db in try await ContactStore(db).list(viewer: viewer, filter: filter, page: page) }
    }

    public func contact(_ id: Contact.ID, viewer: Viewer) async throws -> Contact {
        guard let contact = try await database.read({ db in try await ContactStore(db).find(id, viewer: viewer) })
        else { throw RecordError.notFound(entity: "contact") }
        return contact
    }

    public func create(_ draft: ContactDraft, viewer: Viewer) async throws -> Contact {
        try await database.transaction { db in
            let fields = try await validate(draft, viewer: viewer, db: db)
            let now = clock.now()
            let contact = Contact(
                id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                updatedAt: now, version: 1)
            try await ContactStore(db).insert(contact)
            try await audit.record(
                "contact.created", entityType: "contact", entityID: contact.id.description,
                companyID: viewer.companyID, actor: viewer.userID,
                details: ["account_id": fields.accountID.description], on: db)
            return contact
        }
    }

    public func update(
        _ id: Contact.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout ContactDraft) -> Void
    ) async throws -> Contact {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { contact, context in
            var draft = ContactDraft(contact.fields)
            change(&draft)
            contact.fields = try await validate(
                draft, previousAccount: contact.fields.accountID, viewer: viewer, db: context.db)
            return AuditEntry("contact.updated")
        }
    }

    public func setStatus(
        _ status: RecordStatus, of id: Contact.ID, viewer: Viewer, expectedVersion: Int64?
    )
        async throws -> Contact
    {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { contact, _ in
            if contact.status == status { return nil }
            contact.status = status
            return AuditEntry(status == .archived ? "contact.archived" : "contact.unarchived")
        }
    }

    /// The contact as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Contact.ID, viewer: Viewer) -> ChangeTarget<Contact> {
        ChangeTarget(
            entity: "contact", load: { db in try await ContactStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { contact, loaded, db in try await ContactStore(db).update(contact, expectedVersion: loaded.version) }
        )
    }

    /// The contact's audit history, newest first.
    public func history(_ id: Contact.ID, viewer: Viewer) async throws -> [AuditEvent] {
        _ = try await contact(id, viewer: viewer)
        return try await database.read { db in
            try await AuditStore(db).history(
                companyID: viewer.companyID, entityType: "contact", entityID: id.description)
        }
    }

    /// Field checks plus: the account must exist and be visible to the viewer (else it reads as a bad choice), and
    /// a contact cannot join an archived account.
    private func validate(
        _ draft: ContactDraft, previousAccount: Account.ID? = nil, viewer: Viewer, db: StoreConnection
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
        if account.status == .archived && fields.accountID != previousAccount {
            throw RecordError.conflict(
                code: "account_archived", detail: "The account is archived; restore it before adding contacts.")
        }
        return fields
    }
}
