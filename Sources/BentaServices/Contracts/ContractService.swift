import BentaCore
import BentaStore
import Foundation

/// Contracts: drafts from a template, sending (numbered), signing, activation, termination, signed copies,
/// amendments, templates, PDF and the renewal sweep. Every state change is audited in its own transaction.
public struct ContractService: Sendable, ChangesVersionedRecords {
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
        try await CompanyToday.date(companyID: companyID, database: database, clock: clock)
    }

    /// The parties as printed: frozen at sending, else read from the company, account and signatory now.
    public func parties(of contract: Contract, viewer: Viewer) async throws -> ContractParties {
        if let parties = contract.parties { return parties }
        return try await database.read { db in try await Self.liveParties(contract.fields, viewer: viewer, db: db) }
    }

    static func liveParties(
        _ fields: ContractFields, viewer: Viewer, db: StoreConnection
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

    /// A new contract's starting values, the same for the page's form and the API: what `draft` already says is
    /// kept; an empty field takes, from an accepted quote (`quoteID`) its account, signatory, subtotal without VAT
    /// (the value is stated exclusive of taxes) and its deal, from a won deal (`dealID`) its account, title, first contact and amount; then the defaults: start
    /// tomorrow in the company's time zone, run twelve months, net 30 days.
    /// A quote or deal the viewer cannot see is `RecordError.notFound`.
    public func startingDraft(_ draft: ContractDraft, viewer: Viewer) async throws -> ContractDraft {
        try await completed(draft, viewer: viewer, refusingUnseenSources: true)
    }

    /// ``startingDraft(_:viewer:)``; when `refusingUnseenSources` is false an unknown quote or deal is left for the
    /// validation to name (`invalid_quote`, `invalid_deal`).
    private func completed(
        _ draft: ContractDraft, viewer: Viewer, refusingUnseenSources: Bool
    ) async throws -> ContractDraft {
        var draft = draft
        var dealID = Deal.ID(string: draft.dealID)
        if let quoteID = Quote.ID(string: draft.quoteID) {
            let found = try await database.read { db in try await QuoteStore(db).find(quoteID, viewer: viewer) }
            if found == nil, refusingUnseenSources { throw RecordError.notFound(entity: "quote") }
            guard let quote = found else { return draft }
            draft.accountID.fillIfEmpty(quote.accountID.description)
            draft.signatoryContactID.fillIfEmpty(quote.fields.contactID?.description ?? "")
            // The contract value is stated exclusive of taxes (the templates say so): the quote's subtotal before
            // VAT, not its total with VAT.
            if draft.value.isEmpty, let subtotal = try? quote.totals().totalWithoutTax {
                draft.value = subtotal.decimalString
                draft.currency = subtotal.currency.code
            }
            dealID = dealID ?? quote.dealID
            draft.dealID.fillIfEmpty(quote.dealID.description)
        }
        if let dealID {
            let found = try await database.read { db in try await DealStore(db).find(dealID, viewer: viewer) }
            if found == nil, refusingUnseenSources { throw RecordError.notFound(entity: "deal") }
            guard let deal = found else { return draft }
            draft.accountID.fillIfEmpty(deal.fields.accountID.description)
            draft.title.fillIfEmpty(deal.fields.title)
            draft.signatoryContactID.fillIfEmpty(deal.fields.contactIDs.first?.description ?? "")
            if draft.value.isEmpty {
                draft.value = deal.fields.amount.decimalString
                draft.currency = deal.fields.amount.currency.code
            }
        }
        if draft.startDate.isEmpty || draft.endDate.isEmpty {
            let today = try await today(companyID: viewer.companyID)
            let start = CalendarDate(iso8601: draft.startDate) ?? today.adding(days: 1)
            draft.startDate.fillIfEmpty(start.iso8601String)
            draft.endDate.fillIfEmpty(start.adding(months: 12).adding(days: -1).iso8601String)
        }
        draft.paymentTerms.fillIfEmpty(PaymentTerms.net(days: 30).code)
        return draft
    }

    /// Creates a draft from `draft` completed by ``startingDraft(_:viewer:)``; `dealID` / `quoteID` (a won deal,
    /// an accepted quote) override the draft's own links. An empty body takes the chosen template's text, else the
    /// company's default template in the language.
    public func create(
        _ draft: ContractDraft, dealID: Deal.ID? = nil, quoteID: String? = nil, viewer: Viewer
    ) async throws -> Contract {
        let templates = try await templates(viewer: viewer)
        var draft = draft
        if let dealID { draft.dealID = dealID.description }
        if let quoteID { draft.quoteID = quoteID }
        draft = try await completed(draft, viewer: viewer, refusingUnseenSources: false)
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
                companyID: viewer.companyID, by: viewer, details: ["title": fields.title], created: contract, on: db)
            return contract
        }
    }

    /// Changes a draft; anything else is `contract_not_editable` (409) and nothing changes.
    public func update(
        _ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout ContractDraft) -> Void
    ) async throws -> Contract {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { contract, context in
            try contract.check(.edit)
            var draft = ContractDraft(contract.fields)
            change(&draft)
            try contract.edit(try await Self.validate(draft, previous: contract.fields, viewer: viewer, db: context.db))
            return AuditEntry("contract.updated")
        }
    }

    // MARK: Lifecycle

    /// draft → sent without emailing it (handed over in person, sent by other means): takes the next contract
    /// number in this transaction, freezes the parties and the text.
    /// ``send(_:email:outbox:viewer:expectedVersion:)`` also emails it.
    public func send(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(
            id, viewer: viewer, expectedVersion: expectedVersion, action: "sent",
            apply: Self.sendStep(viewer: viewer, clock: clock, details: [:]))
    }

    /// The send step: checks, numbers and freezes the contract; its audit details are `details` and the number.
    static func sendStep(
        viewer: Viewer, clock: AppClock, details: [String: String]
    ) -> @Sendable (inout Contract, CalendarDate, StoreConnection) async throws -> [String: String] {
        { contract, today, db in
            try contract.check(.send)
            let parties = try await Self.liveParties(contract.fields, viewer: viewer, db: db)
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .contract, date: today, now: clock.now())
            try contract.send(number: number.text, sequence: number.sequence, today: today, parties: parties)
            return details.merging(["number": number.text]) { $1 }
        }
    }

    /// sent → signed (the signature date is today).
    public func sign(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "signed") {
            contract, today, _ in
            try contract.sign(today: today)
            return [:]
        }
    }

    /// signed → active.
    public func activate(_ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?) async throws -> Contract {
        try await transition(id, viewer: viewer, expectedVersion: expectedVersion, action: "activated") {
            contract, _, _ in
            try contract.activate()
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
            try contract.terminate(reason: reason, today: today)
            return ["reason": reason ?? ""]
        }
    }

    /// A status change through the change path, audited as `contract.<action>` with the new status; `then` runs
    /// in the same transaction with the changed contract (a refusal there rolls the change back).
    func transition(
        _ id: Contract.ID, viewer: Viewer, expectedVersion: Int64?, action: String,
        apply: @escaping @Sendable (inout Contract, CalendarDate, StoreConnection) async throws -> [String: String],
        then: (@Sendable (Contract, StoreConnection) async throws -> Void)? = nil
    ) async throws -> Contract {
        let today = try await today(companyID: viewer.companyID)
        let changes = changes
        return try await database.transaction { db in
            let contract = try await changes.change(
                Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, on: db
            ) { contract, context in
                var details = try await apply(&contract, today, context.db)
                details["status"] = contract.status.rawValue
                return AuditEntry("contract.\(action)", details: details)
            }
            try await then?(contract, db)
            return contract
        }
    }

    /// The contract as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Contract.ID, viewer: Viewer) -> ChangeTarget<Contract> {
        ChangeTarget(
            entity: "contract", load: { db in try await ContractStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { contract, loaded, db in
                try await ContractStore(db).update(contract, expectedVersion: loaded.version)
            })
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
        let (changes, clock, audit) = (changes, clock, audit)
        return try await database.transaction { db in
            // The upload's audit row tells the signature too, so a sent contract's change writes none of its own;
            // a signed or active one keeps its version (only the file is new).
            var contract = try await changes.change(
                Self.changeTarget(id, viewer: viewer), expectedVersion: nil, by: viewer, on: db
            ) { contract, context in
                let wasSent = contract.status == .sent
                try contract.receiveSignedCopy(today: today)
                try await ContractStore(context.db).insertFile(
                    id: clock.newID(ContractFile.self).description, contract: contract, filename: cleanName,
                    mediaType: format.mediaType, data: data, by: viewer.userID, at: context.now)
                return wasSent ? .toldByTheEnclosingChange : nil
            }
            contract.hasSignedCopy = true
            try await audit.record(
                "contract.signed_copy_uploaded", entityType: "contract", entityID: id.description,
                companyID: viewer.companyID, by: viewer,
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
    /// visible; a manager cannot give contracts away. A one-off billing without an amount takes the value.
    static func validate(
        _ draft: ContractDraft, previous: ContractFields?, viewer: Viewer, db: StoreConnection
    ) async throws -> ContractFields {
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        var draft = draft
        // A one-off billing left without an amount bills the whole value, so nobody types it twice.
        if draft.billingSchedule.kind.trimmingCharacters(in: .whitespaces) == "one_off",
            draft.billingSchedule.amount.trimmingCharacters(in: .whitespaces).isEmpty
        {
            draft.billingSchedule.amount = draft.value
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
        try await OwnerCheck.check(
            fields.ownerID, previous: previous?.ownerID, record: "a contract", viewer: viewer, db: db, into: &errors)
        try errors.throwIfAny()
        return fields
    }
}

extension String {
    /// Sets the text to `value` when it is empty (a draft field the caller left out).
    fileprivate mutating func fillIfEmpty(_ value: String) {
        if isEmpty { self = value }
    }
}
