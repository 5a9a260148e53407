import BentaCore
import BentaFormats
import BentaStore
import Foundation
import SQLKit

/// One row, ready to write.
enum ImportPlan: Sendable {
    case account(AccountFields)
    /// A contact, and the account to create for it first when its company is new.
    case contact(ContactFields, newAccount: (id: Account.ID, name: String, owner: User.ID)?)
    case lead(LeadDraft, status: LeadStatus)
}

/// Turns CSV rows into validated plans with the same rules as the forms, and spots duplicates of existing records
/// and of earlier rows of the same file. Pure: everything it needs from the database is loaded up front.
struct ImportPlanner: Sendable {
    let entity: ImportEntity
    let preset: ImportPreset
    let mapping: ImportMapping
    let header: [String]
    let viewer: Viewer
    let country: CountryCode
    let users: [User]
    var accountNames: [String: Account.ID]
    var existing: (names: Set<String>, tins: Set<String>, phones: Set<String>, emails: Set<String>)
    let indexes: [ImportField: Int]
    /// Accounts this import creates for contacts whose company is new, by lowercased name.
    var newAccounts: [String: Account.ID] = [:]

    init(
        entity: ImportEntity, preset: ImportPreset, mapping: ImportMapping, header: [String], viewer: Viewer,
        country: CountryCode, users: [User], accountNames: [String: Account.ID],
        existing: (names: Set<String>, tins: Set<String>, phones: Set<String>, emails: Set<String>)
    ) {
        self.entity = entity
        self.preset = preset
        self.mapping = mapping
        self.header = header
        self.viewer = viewer
        self.country = country
        self.users = users
        self.accountNames = accountNames
        self.existing = existing
        self.indexes = mapping.columnIndexes(in: header)
    }

    mutating func plan(_ row: CSVRow) -> (result: ImportRowResult, plan: ImportPlan?) {
        let record = mapping.record(from: row, columnIndexes: indexes)
        switch entity {
        case .accounts: return planAccount(record)
        case .contacts: return planContact(record)
        case .leads: return planLead(record)
        }
    }

    /// The owner a row names (by email, else by name), or the importing user when they may own records.
    func owner(_ record: ImportRecord) -> Result<User.ID, OwnerProblem> {
        if let text = record[.ownerEmail]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let lowered = text.lowercased()
            if let user = users.first(where: { $0.email.normalized == lowered || $0.name.lowercased() == lowered }),
                user.isActive, user.role.mayOwnAccounts
            {
                if !viewer.role.mayReassignOwners && user.id != viewer.userID {
                    return .failure(
                        OwnerProblem(message: "owner: only the head of sales or an admin can import records for others")
                    )
                }
                return .success(user.id)
            }
            return .failure(OwnerProblem(message: "owner: no active manager “\(text.prefix(60))” in Benta"))
        }
        if viewer.role.mayOwnAccounts { return .success(viewer.userID) }
        return .failure(OwnerProblem(message: "owner: give each row an owner (column for the owner's email)"))
    }

    struct OwnerProblem: Error {
        let message: String
    }

    func messages(_ errors: ValidationErrors) -> [String] {
        errors.errors.map { error in
            let field = error.field.split(separator: "[").first.map(String.init) ?? error.field
            return "\(column(for: field) ?? field): \(error.message)"
        }
    }

    /// The CSV column that feeds a Benta field, for messages that name what the user sees in their file.
    func column(for benta: String) -> String? {
        let candidates: [ImportField] =
            switch benta {
            case "name": [.name, .fullName, .firstName]
            case "person_name": [.fullName, .firstName]
            case "company_name": [.companyName]
            case "phones", "phone": [.phone, .mobile]
            case "email", "emails": [.email, .email2]
            case "tin": [.tin]
            case "website": [.website]
            default: []
            }
        return candidates.compactMap { mapping.columns[$0] }.first
    }

    mutating func planAccount(_ record: ImportRecord) -> (ImportRowResult, ImportPlan?) {
        let name = record[.name] ?? ""
        var draft = AccountDraft()
        draft.name = name
        draft.registeredName = record[.registeredName] ?? ""
        draft.tin = record[.tin] ?? ""
        draft.billingAddress = record[.billingAddress] ?? ""
        draft.deliveryAddress = record[.deliveryAddress] ?? ""
        draft.phones = record.list(.phone) + record.list(.mobile)
        draft.email = record.list(.email).first ?? ""
        draft.website = record.list(.website).first ?? ""
        draft.industry = record[.industry] ?? ""
        draft.tags = record.list(.tags)
        draft.notes = record[.notes] ?? ""
        var problems: [String] = []
        switch owner(record) {
        case .success(let id): draft.ownerID = id.description
        case .failure(let problem): problems.append(problem.message)
        }
        let fields: AccountFields
        do {
            fields = try draft.validated(defaultCountry: country)
        } catch {
            return (
                ImportRowResult(
                    rowNumber: record.rowNumber, name: name, outcome: .rejected(problems + messages(error))), nil
            )
        }
        if !problems.isEmpty {
            return (ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: .rejected(problems)), nil)
        }
        if let reason = duplicateReason(fields) {
            return (ImportRowResult(rowNumber: record.rowNumber, name: fields.name, outcome: .duplicate(reason)), nil)
        }
        existing.names.insert(NameSimilarity.normalized(fields.name))
        if let tin = fields.tin { existing.tins.insert(tin.baseNumber) }
        for phone in fields.phones { existing.phones.insert(phone.e164) }
        if let email = fields.email { existing.emails.insert(email.normalized) }
        return (ImportRowResult(rowNumber: record.rowNumber, name: fields.name, outcome: .create), .account(fields))
    }

    func duplicateReason(_ fields: AccountFields) -> String? {
        if let tin = fields.tin, existing.tins.contains(tin.baseNumber) { return "same TIN \(tin.formatted)" }
        if let phone = fields.phones.first(where: { existing.phones.contains($0.e164) }) {
            return "same phone \(phone.display)"
        }
        if let email = fields.email, existing.emails.contains(email.normalized) { return "same email \(email.value)" }
        if existing.names.contains(NameSimilarity.normalized(fields.name)) { return "same name" }
        return nil
    }

    mutating func planContact(_ record: ImportRecord) -> (ImportRowResult, ImportPlan?) {
        let name = record[.fullName] ?? ""
        var problems: [String] = []
        let accountName = (record[.accountName] ?? record[.companyName] ?? "").trimmingCharacters(in: .whitespaces)
        var accountID: Account.ID?
        var newAccount: (id: Account.ID, name: String, owner: User.ID)?
        if accountName.isEmpty {
            problems.append("account: the row names no company or account")
        } else if let known = accountNames[accountName.lowercased()] ?? newAccounts[accountName.lowercased()] {
            accountID = known
        } else {
            switch owner(record) {
            case .success(let ownerID):
                let id = Account.ID(UUID())
                newAccount = (id, String(accountName.prefix(200)), ownerID)
                accountID = id
            case .failure(let problem): problems.append(problem.message)
            }
        }
        var draft = ContactDraft()
        draft.accountID = accountID?.description ?? Account.ID(UUID()).description
        draft.name = name
        draft.position = record[.position] ?? ""
        draft.phones = record.list(.phone) + record.list(.mobile)
        draft.emails = record.list(.email) + record.list(.email2)
        draft.notes = record[.notes] ?? ""
        let fields: ContactFields
        do {
            fields = try draft.validated(defaultCountry: country)
        } catch {
            return (
                ImportRowResult(
                    rowNumber: record.rowNumber, name: name, outcome: .rejected(problems + messages(error))), nil
            )
        }
        if !problems.isEmpty {
            return (ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: .rejected(problems)), nil)
        }
        if let email = fields.emails.first(where: { existing.emails.contains($0.normalized) }) {
            return (
                ImportRowResult(
                    rowNumber: record.rowNumber, name: name, outcome: .duplicate("same email \(email.value)")), nil
            )
        }
        for email in fields.emails { existing.emails.insert(email.normalized) }
        if let newAccount { newAccounts[accountName.lowercased()] = newAccount.id }
        return (
            ImportRowResult(rowNumber: record.rowNumber, name: fields.name, outcome: .create),
            .contact(fields, newAccount: newAccount)
        )
    }

    mutating func planLead(_ record: ImportRecord) -> (ImportRowResult, ImportPlan?) {
        var draft = LeadDraft()
        draft.personName = record[.fullName] ?? ""
        draft.companyName = record[.companyName] ?? ""
        draft.phone = (record.list(.phone) + record.list(.mobile)).first ?? ""
        draft.email = record.list(.email).first ?? ""
        let sourceText = (record[.source] ?? "").lowercased().replacingOccurrences(of: " ", with: "_")
        draft.source = (LeadSource(rawValue: sourceText) ?? .import).rawValue
        draft.interest = [record[.interest], record[.notes]].compactMap { $0 }.joined(separator: "\n")
        draft.province = record[.province] ?? ""
        draft.industry = record[.industry] ?? ""
        var problems: [String] = []
        if record[.ownerEmail] != nil {
            switch owner(record) {
            case .success(let id): draft.ownerID = id.description
            case .failure(let problem): problems.append(problem.message)
            }
        }
        let name = draft.personName.isEmpty ? draft.companyName : draft.personName
        do {
            // Without an owner the routing rules decide at write time; validate with a stand-in.
            _ = try draft.validated(defaultCountry: country, owner: viewer.userID)
        } catch {
            return (
                ImportRowResult(
                    rowNumber: record.rowNumber, name: name, outcome: .rejected(problems + messages(error))), nil
            )
        }
        if !problems.isEmpty {
            return (ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: .rejected(problems)), nil)
        }
        let status = LeadStatus(rawValue: (record[.status] ?? "").lowercased()).flatMap { $0.isOpen ? $0 : nil } ?? .new
        return (
            ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: .create), .lead(draft, status: status)
        )
    }
}

/// Writes planned rows inside the caller's transaction; returns how many records were created.
struct ImportWriter {
    let clock: AppClock
    let audit: AuditWriter
    let db: any SQLDatabase
    let viewer: Viewer

    func write(_ plans: [ImportPlan]) async throws -> Int {
        var created = 0
        let now = clock.now()
        for plan in plans {
            switch plan {
            case .account(let fields):
                try await AccountStore(db).insert(
                    Account(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                        updatedAt: now, version: 1))
            case .contact(let fields, let newAccount):
                if let newAccount {
                    try await AccountStore(db).insert(
                        Account(
                            id: newAccount.id, companyID: viewer.companyID,
                            fields: AccountFields(name: newAccount.name, ownerID: newAccount.owner), status: .active,
                            createdAt: now, updatedAt: now, version: 1))
                }
                try await ContactStore(db).insert(
                    Contact(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                        updatedAt: now, version: 1))
            case .lead(let draft, let status):
                _ = try await LeadService.create(
                    draft, status: status, viewer: draft.ownerID.isEmpty ? nil : viewer, companyID: viewer.companyID,
                    byRouting: draft.ownerID.isEmpty, clock: clock, audit: audit, db: db)
            }
            created += 1
        }
        return created
    }
}
