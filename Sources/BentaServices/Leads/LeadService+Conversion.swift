import BentaCore
import BentaStore
import Foundation

/// What a conversion made.
public struct LeadConversion: Sendable {
    public var lead: Lead
    public var account: Account
    public var contact: Contact?
    /// True when the lead joined an account that already existed.
    public var joinedExistingAccount: Bool
    /// The deal opened for the lead's interest, when one was asked for.
    public var deal: Deal?
}

extension LeadService {
    /// Turns a qualified lead into an account and a contact, or attaches it to an existing account the viewer can
    /// see, in one transaction: the lead's calls, letters, notes, tasks and meetings move along with it.
    /// With a `dealTitle`, a deal is opened in the first stage of the default pipeline too (no amount yet, expected
    /// to close in 30 days, the lead as its source), owned by the account's owner.
    public func convert(
        _ id: Lead.ID, viewer: Viewer, expectedVersion: Int64?, intoAccount existing: Account.ID? = nil,
        accountName: String? = nil, dealTitle: String? = nil
    ) async throws -> LeadConversion {
        let (changes, clock, audit) = (changes, clock, audit)
        return try await database.transaction { db in
            var made: LeadConversion?
            let lead = try await changes.change(
                Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, on: db
            ) { lead, context in
                guard lead.status == .qualified else {
                    throw RecordError.conflict(
                        code: "lead_not_qualified", detail: "Only a qualified lead can be converted; qualify it first.")
                }
                guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                    throw RecordError.notFound(entity: "company")
                }
                let now = context.now
                let accounts = AccountStore(db)
                let account: Account
                var joined = false
                if let existing {
                    guard let found = try await accounts.find(existing, viewer: viewer), found.status == .active else {
                        var errors = ValidationErrors()
                        errors.add(
                            field: "account_id", code: "invalid_account",
                            message: "Choose an active account you can see.")
                        throw errors
                    }
                    account = found
                    joined = true
                } else {
                    var draft = AccountDraft()
                    let name = accountName?.trimmingCharacters(in: .whitespacesAndNewlines)
                    draft.name = (name?.isEmpty == false ? name : nil) ?? lead.fields.companyName ?? lead.displayName
                    draft.phones = lead.fields.phone.map { [$0.raw] } ?? []
                    draft.email = lead.fields.personName == nil ? lead.fields.email?.value ?? "" : ""
                    draft.industry = lead.fields.industry ?? ""
                    draft.billingAddress = lead.fields.province ?? ""
                    draft.ownerID = lead.fields.ownerID.description
                    draft.notes = lead.fields.interest ?? ""
                    let fields = try draft.validated(defaultCountry: company.settings.country)
                    account = Account(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                        updatedAt: now, version: 1)
                    try await accounts.insert(account)
                    try await audit.record(
                        "account.created", entityType: "account", entityID: account.id.description,
                        companyID: viewer.companyID, by: viewer, details: ["from_lead": id.description],
                        created: account, on: db)
                }
                var contact: Contact?
                if let person = lead.fields.personName {
                    let fields = ContactFields(
                        accountID: account.id, name: person, phones: lead.fields.phone.map { [$0] } ?? [],
                        emails: lead.fields.email.map { [$0] } ?? [])
                    let made = Contact(
                        id: clock.newID(), companyID: viewer.companyID, fields: fields, status: .active, createdAt: now,
                        updatedAt: now, version: 1)
                    try await ContactStore(db).insert(made)
                    try await audit.record(
                        "contact.created", entityType: "contact", entityID: made.id.description,
                        companyID: viewer.companyID, by: viewer, details: ["from_lead": id.description],
                        created: made, on: db)
                    contact = made
                }
                var deal: Deal?
                if let title = dealTitle?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty {
                    let pipelines = try await DealService.pipelines(companyID: viewer.companyID, clock: clock, db: db)
                    guard let pipeline = pipelines.first(where: \.isDefault) ?? pipelines.first else {
                        throw RecordError.notFound(entity: "pipeline")
                    }
                    var draft = DealDraft()
                    draft.title = title
                    draft.accountID = account.id.description
                    draft.contactIDs = contact.map { [$0.id.description] } ?? []
                    draft.ownerID = account.fields.ownerID.description
                    draft.expectedClose =
                        company.settings.today(at: now).adding(days: 30)
                        .iso8601String
                    draft.sourceLeadID = id.description
                    draft.notes = lead.fields.interest ?? ""
                    deal = try await DealService.insert(
                        draft, pipeline: pipeline, viewer: viewer, clock: clock, audit: audit, db: db)
                }
                try await ActivityStore(db).attachLeadHistory(id, to: account.id, contact: contact?.id)
                try await TaskStore(db).attachLeadTasks(id, to: account.id, contact: contact?.id)
                try await MeetingStore(db).attachLeadMeetings(id, to: account.id)
                lead.status = .converted
                lead.convertedAccountID = account.id
                lead.convertedContactID = contact?.id
                lead.convertedAt = now
                try await ActivityStore(db).insert(
                    Activity(
                        id: clock.newID(), companyID: viewer.companyID, kind: .statusChange,
                        subject: "qualified → converted", body: account.fields.name, occurredAt: now,
                        accountID: account.id, contactID: contact?.id, leadID: lead.id, userID: viewer.userID,
                        createdAt: now))
                made = LeadConversion(
                    lead: lead, account: account, contact: contact, joinedExistingAccount: joined, deal: deal)
                return AuditEntry(
                    "lead.converted",
                    details: ["account_id": account.id.description, "joined_existing": joined ? "yes" : "no"])
            }
            guard var conversion = made else { throw RecordError.notFound(entity: "lead") }
            conversion.lead = lead
            return conversion
        }
    }
}
