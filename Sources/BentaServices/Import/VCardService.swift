import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// What a vCard import did.
public struct VCardImportResult: Sendable {
    public var created: [Contact]
    public var createdAccounts: Int
    /// Cards that could not become contacts, with the reason (card number, 1-based).
    public var rejected: [(card: Int, name: String, reason: String)]
}

/// vCard 3.0/4.0 import and export of contacts.
public struct VCardService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// Every contact the viewer may see that matches the filter, as one vCard file.
    public func export(viewer: Viewer, filter: ContactFilter, version: VCardVersion = .v3) async throws -> String {
        var cards: [VCardContact] = []
        var cursor: String?
        repeat {
            let request = PageRequest(limit: 200, cursor: cursor)
            let page = try await database.read { db in
                try await ContactStore(db).list(viewer: viewer, filter: filter, page: request)
            }
            let names = try await AccountService.names(
                of: page.items.map(\.fields.accountID), viewer: viewer, database: database)
            for contact in page.items {
                let f = contact.fields
                let parts = f.name.split(separator: " ")
                cards.append(
                    VCardContact(
                        formattedName: f.name, familyName: parts.count > 1 ? String(parts.last ?? "") : "",
                        givenName: parts.count > 1 ? parts.dropLast().joined(separator: " ") : f.name,
                        organization: names[f.accountID], title: f.position,
                        phones: f.phones.map { VCardValue(value: $0.e164, types: ["voice"], isPreferred: false) },
                        emails: f.emails.map { VCardValue(value: $0.value, types: ["internet"], isPreferred: false) },
                        note: f.notes, uid: "urn:uuid:\(contact.id)"))
            }
            cursor = page.nextCursor
        } while cursor != nil
        return VCardWriter.write(cards, version: version)
    }

    /// Imports the cards of a file as contacts: into `account` when given, else into the account named by each
    /// card's organization (made when new, owned by the importing manager). One transaction for the whole file.
    public func importContacts(
        _ data: Data, into account: Account.ID?, viewer: Viewer
    ) async throws
        -> VCardImportResult
    {
        let cards: [VCardContact]
        do { cards = try VCardReader.read(data: data) } catch let error as VCardError {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "invalid_vcard", message: error.message)
            throw errors
        }
        return try await database.transaction { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let accounts = AccountStore(db)
            if let account, try await accounts.find(account, viewer: viewer) == nil {
                throw RecordError.notFound(entity: "account")
            }
            // The accounts the cards name, looked up once for the file (not every account of the company).
            var named = ImportKeys()
            if account == nil {
                named.accountNames = Set(
                    cards.map { ($0.organization ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
                        .filter { !$0.isEmpty })
            }
            var byName =
                named.accountNames.isEmpty
                ? [:] : try await ImportLookupStore(db).existing(named, ofContacts: true, viewer: viewer).accountIDs
            var result = VCardImportResult(created: [], createdAccounts: 0, rejected: [])
            let now = clock.now()
            for (index, card) in cards.enumerated() {
                let name = card.formattedName.trimmingCharacters(in: .whitespacesAndNewlines)
                var target = account
                if target == nil {
                    let organization = (card.organization ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                    if organization.isEmpty {
                        result.rejected.append(
                            (index + 1, name, "The card names no organization; import it from an account's page."))
                        continue
                    }
                    if let known = byName[organization.lowercased()] {
                        target = known
                    } else if viewer.role.mayOwnAccounts {
                        let made = Account(
                            id: clock.newID(), companyID: viewer.companyID,
                            fields: AccountFields(name: String(organization.prefix(200)), ownerID: viewer.userID),
                            status: .active, createdAt: now, updatedAt: now, version: 1)
                        try await accounts.insert(made)
                        byName[organization.lowercased()] = made.id
                        result.createdAccounts += 1
                        target = made.id
                    } else {
                        result.rejected.append(
                            (index + 1, name, "No account “\(organization.prefix(60))” you can see."))
                        continue
                    }
                }
                guard let target else { continue }
                var draft = ContactDraft()
                draft.accountID = target.description
                draft.name = String(name.prefix(200))
                draft.position = String((card.title ?? "").prefix(200))
                // Numbers and addresses Benta cannot check are kept in the notes rather than lost with the card.
                let phones = card.phones.map(\.value)
                let goodPhones = phones.filter {
                    (try? PhoneEntry(parsing: $0, defaultCountry: company.settings.country)) != nil
                }
                let emails = card.emails.map(\.value)
                let goodEmails = emails.filter { (try? EmailAddress(parsing: $0)) != nil }
                draft.phones = Array(goodPhones.prefix(10))
                draft.emails = Array(goodEmails.prefix(10))
                let unchecked =
                    phones.filter { !goodPhones.contains($0) } + emails.filter { !goodEmails.contains($0) }
                    + goodPhones.dropFirst(10) + goodEmails.dropFirst(10)
                var notes = card.note ?? ""
                if !unchecked.isEmpty {
                    notes +=
                        (notes.isEmpty ? "" : "\n") + "From the vCard, not checked: "
                        + unchecked.joined(separator: ", ")
                }
                draft.notes = String(notes.prefix(10_000))
                do {
                    let fields = try draft.validated(defaultCountry: company.settings.country)
                    let contact = Contact(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active,
                        createdAt: now, updatedAt: now, version: 1)
                    try await ContactStore(db).insert(contact)
                    result.created.append(contact)
                } catch let errors as ValidationErrors {
                    result.rejected.append((index + 1, name, errors.errors.map(\.message).joined(separator: " ")))
                }
            }
            try await audit.record(
                "import.vcard", entityType: "import", entityID: clock.newID(User.self).description,
                companyID: viewer.companyID, by: viewer,
                details: ["created": String(result.created.count), "rejected": String(result.rejected.count)], on: db)
            return result
        }
    }
}
