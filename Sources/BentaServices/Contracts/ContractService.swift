import BentaCore
import BentaStore
import Foundation
import SQLKit

/// Contracts: drafts from a template, sending (numbered), signing, activation, termination, signed copies,
/// amendments, templates, PDF and the renewal sweep. Every state change is audited in its own transaction.
public struct ContractService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    // MARK: Reading

    public func list(viewer: Viewer, filter: ContractFilter, page: PageRequest) async throws -> Page<Contract> {
        try await database.read { db in try await ContractStore(db).list(viewer: viewer, filter: filter, page: page) }
    }

    public func contract(_ id: Contract.ID, viewer: Viewer) async throws -> Contract {
        guard let contract = try await database.read({ db in try await ContractStore(db).find(id, viewer: viewer) })
        else { throw RecordError.notFound(entity: "contract") }
        return contract
    }

    /// The company's calendar date now.
    public func today(companyID: Company.ID) async throws -> CalendarDate {
        let company = try await database.read { db in try await CompanyStore(db).find(companyID) }
        return CalendarDate.from(clock.now(), in: company?.settings.timeZone ?? .gmt)
    }

    /// The parties as printed: frozen at sending, else read from the company, account and signatory now.
    public func parties(of contract: Contract, viewer: Viewer) async throws -> ContractParties {
        if let parties = contract.parties { return parties }
        return try await database.read { db in try await Self.liveParties(contract.fields, viewer: viewer, db: db) }
    }

    static func liveParties(
        _ fields: ContractFields, viewer: Viewer, db: any SQLDatabase
    ) async throws
        -> ContractParties
    {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let account = try await AccountStore(db).find(fields.accountID, viewer: viewer)
        let contact = try await ContactStore(db).find(fields.signatoryContactID, viewer: viewer)
        let s = company.settings
        return ContractParties(
            sellerName: s.registeredName.isEmpty ? s.name : s.registeredName, sellerAddress: s.registeredAddress,
            sellerTIN: s.tin?.formatted,
            buyerName: account.map { $0.fields.registeredName ?? $0.fields.name } ?? "",
            buyerAddress: account?.fields.billingAddress ?? "", buyerTIN: account?.fields.tin?.formatted,
            signatoryName: contact?.fields.name ?? "")
    }

    // MARK: Drafts

    /// Creates a draft; `dealID` / `quoteID` (a won deal, an accepted quote) override the draft's own links.
    /// An empty body takes the chosen template's text, else the company's default template in the language.
    public func create(
        _ draft: ContractDraft, dealID: Deal.ID? = nil, quoteID: String? = nil, viewer: Viewer
    ) async throws -> Contract {
        let templates = try await templates(viewer: viewer)
        var draft = draft
        if let dealID { draft.dealID = dealID.description }
        if let quoteID { draft.quoteID = quoteID }
        if draft.ownerID.isEmpty { draft.ownerID = viewer.userID.description }
        if draft.language.isEmpty { draft.language = LanguageCode.english.rawValue }
        if draft.bodyTemplate.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let chosen =
                templates.first { $0.id.description == draft.templateID }
                ?? templates.first { $0.isBuiltIn && $0.language.rawValue == draft.language }
            if let chosen {
                draft.bodyTemplate = chosen.body
                if draft.templateID.isEmpty { draft.templateID = chosen.id.description }
            }
        }
        let ready = draft
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let fields = try await Self.validate(ready, previous: nil, viewer: viewer, db: db)
            let now = clock.now()
            let contract = Contract(
                id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .draft, createdAt: now,
                updatedAt: now, version: 1)
            try await ContractStore(db).insert(contract, createdBy: viewer.userID)
            try await audit.record(
                "contract.created", entityType: "contract", entityID: contract.id.description,
                companyID: viewer.companyID, actor: viewer.userID, details: ["title": fields.title], on: db)
            return contract
        }
    }

    /// Changes a draft; anything else is `contract_not_editable` (409) and nothing changes.
    public func update(
        _ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout ContractDraft) -> Void
    ) async throws -> Contract {
        try await database.transaction { db in
            let store = ContractStore(db)
            guard var contract = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "contract")
            }
            let expected = try RecordError.checkVersion(expectedVersion, current: contract.version, entity: "contract")
            guard contract.status.isEditable else { throw ContractError.notEditable(status: contract.status) }
            var draft = ContractDraft(contract.fields)
            change(&draft)
            contract.fields = try await Self.validate(draft, previous: contract.fields, viewer: viewer, db: db)
            contract.effectiveEndDate = contract.fields.endDate
            contract.effectiveValue = contract.fields.value
            contract.updatedAt = clock.now()
            contract.version += 1
            guard try await store.update(contract, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "contract", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "contract.updated", entityType: "contract", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, on: db)
            return contract
        }
    }

    // MARK: Lifecycle

    /// draft → sent: takes the next contract number in this transaction, freezes the parties and the text.
    public func send(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "sent") {
            contract, today, db in
            guard contract.status == .draft else {
                throw ContractError.invalidTransition(from: contract.status, action: "sent")
            }
            let parties = try await Self.liveParties(contract.fields, viewer: viewer, db: db)
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .contract, date: today, now: clock.now())
            contract.number = number.text
            contract.sequence = number.sequence
            contract.issueDate = today
            contract.parties = parties
            contract.status = .sent
            contract.renderedBody = nil
            contract.renderedBody = contract.body(parties: parties)
            return ["number": number.text]
        }
    }

    /// sent → signed (the signature date is today).
    public func sign(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "signed") {
            contract, today, _ in
            guard contract.status == .sent else {
                throw ContractError.invalidTransition(from: contract.status, action: "signed")
            }
            contract.status = .signed
            contract.signedDate = today
            return [:]
        }
    }

    /// signed → active.
    public func activate(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "activated") {
            contract, _, _ in
            guard contract.status == .signed else {
                throw ContractError.invalidTransition(from: contract.status, action: "activated")
            }
            contract.status = .active
            return [:]
        }
    }

    /// sent, signed or active → terminated, with a reason.
    public func terminate(
        _ id: Contract.ID, reason: String, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Contract {
        var errors = ValidationErrors()
        let reason = Validate.requiredText(reason, field: "reason", maxLength: 1000, into: &errors)
        try errors.throwIfAny()
        return try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "terminated") {
            contract, today, _ in
            guard [.sent, .signed, .active].contains(contract.status) else {
                throw ContractError.invalidTransition(from: contract.status, action: "terminated")
            }
            contract.status = .terminated
            contract.terminationReason = reason
            contract.terminatedDate = today
            return ["reason": reason ?? ""]
        }
    }

    private func transition(
        _ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?, action: String,
        apply: @escaping @Sendable (inout Contract, CalendarDate, any SQLDatabase) async throws -> [String: String]
    ) async throws -> Contract {
        let today = try await today(companyID: viewer.companyID)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = ContractStore(db)
            guard var contract = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "contract")
            }
            let expected = try RecordError.checkVersion(expectedVersion, current: contract.version, entity: "contract")
            var details = try await apply(&contract, today, db)
            contract.updatedAt = clock.now()
            contract.version += 1
            guard try await store.update(contract, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "contract", expected: expected, actual: expected + 1)
            }
            details["status"] = contract.status.rawValue
            try await audit.record(
                "contract.\(action)", entityType: "contract", entityID: id.description, companyID: viewer.companyID,
                actor: viewer.userID, details: details, on: db)
            return contract
        }
    }

    // MARK: Signed copy

    /// Stores a signed copy (PDF, PNG or JPEG by its bytes, at most 10 MiB) of a sent, signed or active contract;
    /// a sent contract becomes signed.
    public func uploadSignedCopy(
        _ id: Contract.ID, data: Data, filename: String, viewer: Viewer
    ) async throws -> Contract {
        _ = try await contract(id, viewer: viewer)
        let format = try SignedCopyFormat.check(data)
        let today = try await today(companyID: viewer.companyID)
        let cleanName = Self.safeFilename(filename, format: format)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = ContractStore(db)
            guard var contract = try await store.find(id, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "contract")
            }
            guard [.sent, .signed, .active].contains(contract.status) else {
                throw ContractError.uploadNotAllowed(status: contract.status)
            }
            let now = clock.now()
            try await store.insertFile(
                id: clock.newID(ContractFile.self).description, contract: contract, filename: cleanName,
                mediaType: format.mediaType, data: data, by: viewer.userID, at: now)
            if contract.status == .sent {
                let expected = contract.version
                contract.status = .signed
                contract.signedDate = today
                contract.updatedAt = now
                contract.version += 1
                guard try await store.update(contract, expectedVersion: expected) else {
                    throw RecordError.staleVersion(entity: "contract", expected: expected, actual: expected + 1)
                }
            }
            contract.hasSignedCopy = true
            try await audit.record(
                "contract.signed_copy_uploaded", entityType: "contract", entityID: id.description,
                companyID: viewer.companyID, actor: viewer.userID,
                details: ["filename": cleanName, "bytes": String(data.count), "status": contract.status.rawValue],
                on: db)
            return contract
        }
    }

    /// The latest signed copy, for those who may see the contract.
    public func signedCopy(_ id: Contract.ID, viewer: Viewer) async throws -> ContractFile {
        let file = try await database.read { db -> ContractFile? in
            guard try await ContractStore(db).find(id, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "contract")
            }
            return try await ContractStore(db).latestFile(of: id)
        }
        guard let file else { throw ContractError.noSignedCopy }
        return file
    }

    /// A filename safe for a Content-Disposition header: letters, digits, `-`, `_`, `.`; the right extension.
    static func safeFilename(_ name: String, format: SignedCopyFormat) -> String {
        let base = (name as NSString).deletingPathExtension.unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_".unicodeScalars.contains($0)
                ? Character($0) : "_"
        }
        let stem = String(String(base).prefix(80))
        return (stem.isEmpty ? "signed-copy" : stem) + "." + format.fileExtension
    }

    // MARK: Validation

    /// Field checks plus: account, signatory (of that account), deal and quote (of that account) must exist and be
    /// visible; a manager cannot give contracts away.
    static func validate(
        _ draft: ContractDraft, previous: ContractFields?, viewer: Viewer, db: any SQLDatabase
    ) async throws -> ContractFields {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        let fields = try draft.validated(defaultCurrency: company.settings.baseCurrency)
        var errors = ValidationErrors()
        if try await AccountStore(db).find(fields.accountID, viewer: viewer) == nil {
            errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
        }
        let contact = try await ContactStore(db).find(fields.signatoryContactID, viewer: viewer)
        if contact?.fields.accountID != fields.accountID {
            errors.add(
                field: "signatory_contact_id", code: "invalid_contact", message: "Choose a contact of this account.")
        }
        if let dealID = fields.dealID {
            let deal = try await DealStore(db).find(dealID, viewer: viewer)
            if deal?.fields.accountID != fields.accountID {
                errors.add(field: "deal_id", code: "invalid_deal", message: "Choose a deal of this account.")
            }
        }
        if let quoteID = fields.quoteID,
            try await !ContractStore(db).quoteBelongs(quoteID, to: fields.accountID, companyID: viewer.companyID)
        {
            errors.add(field: "quote_id", code: "invalid_quote", message: "Choose a quote of this account.")
        }
        if let templateID = fields.templateID,
            try await !ContractStore(db).templates(companyID: viewer.companyID).contains(where: { $0.id == templateID })
        {
            errors.add(field: "template_id", code: "invalid_choice", message: "Choose a template.")
        }
        if fields.ownerID != previous?.ownerID {
            if !viewer.role.mayReassignOwners && fields.ownerID != viewer.userID {
                errors.add(
                    field: "owner_id", code: "not_allowed",
                    message: "Only the head of sales or an admin can give a contract to another owner.")
            } else if let owner = try await UserStore(db).find(fields.ownerID), owner.companyID == viewer.companyID,
                owner.isActive, owner.role.mayOwnAccounts
            {
                // A valid owner.
            } else {
                errors.add(field: "owner_id", code: "invalid_owner", message: "Choose an active manager as the owner.")
            }
        }
        try errors.throwIfAny()
        return fields
    }
}
