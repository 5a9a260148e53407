import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// One row, ready to write.
enum ImportPlan: Sendable {
    case account(AccountFields)
    /// A contact, and the account to create for it first when its company is new.
    case contact(ContactFields, newAccount: (id: Account.ID, name: String, owner: User.ID)?)
    case lead(LeadDraft, status: LeadStatus)
}

/// Turns CSV rows into validated plans with the same rules as the forms, and spots duplicates of existing records
/// and of earlier rows of the same file.
///
/// One batch of rows at a time, in two steps: ``check(_:)`` validates each row (pure) and gathers the keys the
/// batch needs from the database (``ImportKeys``); the caller looks those up (``ImportLookupStore``, a few indexed
/// queries); ``decide(_:existing:)`` then judges each row against what exists and against the earlier rows of the
/// file, which the planner remembers. Nothing of the company is loaded up front.
struct ImportPlanner: Sendable {
    let entity: ImportEntity
    let preset: ImportPreset
    let mapping: ImportMapping
    let header: [String]
    let viewer: Viewer
    let country: CountryCode
    let users: [User]
    /// The keys of the rows of this file planned so far (normalized names, TIN bases, phones, emails).
    var seen = ExistingImportKeys()
    let indexes: [ImportField: Int]
    /// Accounts this import creates for contacts whose company is new, by lowercased name.
    var newAccounts: [String: Account.ID] = [:]

    init(
        entity: ImportEntity, preset: ImportPreset, mapping: ImportMapping, header: [String], viewer: Viewer,
        country: CountryCode, users: [User]
    ) {
        self.entity = entity
        self.preset = preset
        self.mapping = mapping
        self.header = header
        self.viewer = viewer
        self.country = country
        self.users = users
        self.indexes = mapping.columnIndexes(in: header)
    }

    /// One row after validation, before the duplicate check.
    enum Checked: Sendable {
        /// Judged already: rejected, or a lead (leads are not checked for duplicates).
        case done(ImportRowResult, ImportPlan?)
        /// An account and its name as ``NameSimilarity/normalized(_:)`` leaves it (the duplicate key).
        case account(rowNumber: Int, fields: AccountFields, nameKey: String)
        /// A contact whose fields passed (with a stand-in account) or failed (`invalid`), and what decides its
        /// account: the name it gives and its owner, should the account be new.
        case contact(
            rowNumber: Int, name: String, accountName: String, fields: ContactFields?, invalid: [String],
            owner: Result<User.ID, OwnerProblem>)
    }

    /// Validates a batch of rows and gathers the keys to look up for it.
    func check(_ rows: [CSVRow]) -> (rows: [Checked], keys: ImportKeys) {
        var keys = ImportKeys()
        var checked: [Checked] = []
        checked.reserveCapacity(rows.count)
        for row in rows {
            let record = mapping.record(from: row, columnIndexes: indexes)
            let result: Checked =
                switch entity {
                case .accounts: checkAccount(record)
                case .contacts: checkContact(record)
                case .leads: checkLead(record)
                }
            switch result {
            case .account(_, let fields, let nameKey):
                keys.names.insert(nameKey)
                if let tin = fields.tin { keys.tinBases.insert(tin.baseNumber) }
                for phone in fields.phones { keys.phones.insert(phone.e164) }
                if let email = fields.email { keys.emails.insert(email.normalized) }
            case .contact(_, _, let accountName, let fields, _, _):
                if !accountName.isEmpty { keys.accountNames.insert(accountName.lowercased()) }
                for email in fields?.emails ?? [] { keys.emails.insert(email.normalized) }
            case .done: break
            }
            checked.append(result)
        }
        return (checked, keys)
    }

    /// Judges checked rows against what the company has (`existing`, for this batch's keys) and the earlier rows
    /// of the file.
    mutating func decide(
        _ rows: [Checked], existing: ExistingImportKeys
    ) -> [(result: ImportRowResult, plan: ImportPlan?)] {
        rows.map { row in
            switch row {
            case .done(let result, let plan): (result, plan)
            case .account(let rowNumber, let fields, let nameKey):
                decideAccount(rowNumber: rowNumber, fields: fields, nameKey: nameKey, existing: existing)
            case .contact(let rowNumber, let name, let accountName, let fields, let invalid, let owner):
                decideContact(
                    rowNumber: rowNumber, name: name, accountName: accountName, fields: fields, invalid: invalid,
                    owner: owner, existing: existing)
            }
        }
    }

    /// The owner a row names (by email, else by name), or the importing user when they may own records.
    func owner(_ record: ImportRecord) -> Result<User.ID, OwnerProblem> {
        if let text = record[.ownerEmail]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let lowered = text.lowercased()
            if let user = users.first(where: { $0.email.normalized == lowered || $0.name.lowercased() == lowered }),
                user.isActive, user.role.mayOwnAccounts
            {
                if !viewer.mayAssign(owner: user.id) {
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

    func checkAccount(_ record: ImportRecord) -> Checked {
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
            let outcome = ImportRowResult.Outcome.rejected(problems + messages(error))
            return .done(ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: outcome), nil)
        }
        if !problems.isEmpty {
            return .done(ImportRowResult(rowNumber: record.rowNumber, name: name, outcome: .rejected(problems)), nil)
        }
        return .account(rowNumber: record.rowNumber, fields: fields, nameKey: NameSimilarity.normalized(fields.name))
    }

    mutating func decideAccount(
        rowNumber: Int, fields: AccountFields, nameKey: String, existing: ExistingImportKeys
    ) -> (ImportRowResult, ImportPlan?) {
        if let reason = duplicateReason(fields, nameKey: nameKey, existing: existing) {
            return (ImportRowResult(rowNumber: rowNumber, name: fields.name, outcome: .duplicate(reason)), nil)
        }
        seen.names.insert(nameKey)
        if let tin = fields.tin { seen.tinBases.insert(tin.baseNumber) }
        for phone in fields.phones { seen.phones.insert(phone.e164) }
        if let email = fields.email { seen.emails.insert(email.normalized) }
        return (ImportRowResult(rowNumber: rowNumber, name: fields.name, outcome: .create), .account(fields))
    }

    func duplicateReason(_ fields: AccountFields, nameKey: String, existing: ExistingImportKeys) -> String? {
        if let tin = fields.tin,
            existing.tinBases.contains(tin.baseNumber) || seen.tinBases.contains(tin.baseNumber)
        {
            return "same TIN \(tin.formatted)"
        }
        if let phone = fields.phones.first(where: {
            existing.phones.contains($0.e164) || seen.phones.contains($0.e164)
        }) {
            return "same phone \(phone.display)"
        }
        if let email = fields.email,
            existing.emails.contains(email.normalized) || seen.emails.contains(email.normalized)
        {
            return "same email \(email.value)"
        }
        if existing.names.contains(nameKey) || seen.names.contains(nameKey) { return "same name" }
        return nil
    }

    func checkContact(_ record: ImportRecord) -> Checked {
        let name = record[.fullName] ?? ""
        let accountName = (record[.accountName] ?? record[.companyName] ?? "").trimmingCharacters(in: .whitespaces)
        var draft = ContactDraft()
        // The account is decided with the batch's lookups; validation only needs an ID of the right shape.
        draft.accountID = Account.ID(UUID()).description
        draft.name = name
        draft.position = record[.position] ?? ""
        draft.phones = record.list(.phone) + record.list(.mobile)
        draft.emails = record.list(.email) + record.list(.email2)
        draft.notes = record[.notes] ?? ""
        var fields: ContactFields?
        var invalid: [String] = []
        do {
            fields = try draft.validated(defaultCountry: country)
        } catch {
            invalid = messages(error)
        }
        return .contact(
            rowNumber: record.rowNumber, name: name, accountName: accountName, fields: fields, invalid: invalid,
            owner: owner(record))
    }

    mutating func decideContact(
        rowNumber: Int, name: String, accountName: String, fields: ContactFields?, invalid: [String],
        owner: Result<User.ID, OwnerProblem>, existing: ExistingImportKeys
    ) -> (ImportRowResult, ImportPlan?) {
        var problems: [String] = []
        var accountID: Account.ID?
        var newAccount: (id: Account.ID, name: String, owner: User.ID)?
        if accountName.isEmpty {
            problems.append("account: the row names no company or account")
        } else if let known = existing.accountIDs[accountName.lowercased()] ?? newAccounts[accountName.lowercased()] {
            accountID = known
        } else {
            switch owner {
            case .success(let ownerID):
                let id = Account.ID(UUID())
                newAccount = (id, String(accountName.prefix(200)), ownerID)
                accountID = id
            case .failure(let problem): problems.append(problem.message)
            }
        }
        guard var fields, invalid.isEmpty else {
            return (ImportRowResult(rowNumber: rowNumber, name: name, outcome: .rejected(problems + invalid)), nil)
        }
        guard problems.isEmpty, let accountID else {
            return (ImportRowResult(rowNumber: rowNumber, name: name, outcome: .rejected(problems)), nil)
        }
        fields.accountID = accountID
        if let email = fields.emails.first(where: {
            existing.emails.contains($0.normalized) || seen.emails.contains($0.normalized)
        }) {
            let outcome = ImportRowResult.Outcome.duplicate("same email \(email.value)")
            return (ImportRowResult(rowNumber: rowNumber, name: name, outcome: outcome), nil)
        }
        for email in fields.emails { seen.emails.insert(email.normalized) }
        if let newAccount { newAccounts[accountName.lowercased()] = newAccount.id }
        return (
            ImportRowResult(rowNumber: rowNumber, name: fields.name, outcome: .create),
            .contact(fields, newAccount: newAccount)
        )
    }

    func checkLead(_ record: ImportRecord) -> Checked {
        let (result, plan) = planLead(record)
        return .done(result, plan)
    }

    func planLead(_ record: ImportRecord) -> (ImportRowResult, ImportPlan?) {
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

/// Writes planned rows inside the caller's transaction; returns how many records were created. Accounts and
/// contacts go in multi-row inserts with their search-index and phone/email rows (``BulkInsert``, a few statements
/// per batch instead of five per row); leads one by one, through the routing rules.
struct ImportWriter {
    let clock: AppClock
    let audit: AuditWriter
    let db: StoreConnection
    let viewer: Viewer

    func write(_ plans: [ImportPlan]) async throws -> Int {
        let now = clock.now()
        var accounts: [Account] = []
        var contacts: [Contact] = []
        var created = 0
        for plan in plans {
            switch plan {
            case .account(let fields):
                accounts.append(
                    Account(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                        updatedAt: now, version: 1))
            case .contact(let fields, let newAccount):
                if let newAccount {
                    accounts.append(
                        Account(
                            id: newAccount.id, companyID: viewer.companyID,
                            fields: AccountFields(name: newAccount.name, ownerID: newAccount.owner), status: .active,
                            createdAt: now, updatedAt: now, version: 1))
                }
                contacts.append(
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
        // The accounts first: a contact's new account is among them.
        let bulk = BulkInsert(db)
        try await bulk.accounts(accounts)
        try await bulk.contacts(contacts)
        return created
    }
}
