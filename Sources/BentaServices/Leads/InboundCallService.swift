import BentaCore
import BentaStore
import Foundation

/// Who is calling: one match per contact (or account) with that number.
public struct CallerMatch: Sendable {
    public var account: Account
    public var contact: Contact?
    public var owner: User?
    public var openLeads: [Lead]
    /// The account's open deals that the viewer may see, newest first.
    public var openDeals: [Deal] = []
}

/// The answer to an inbound call webhook.
public struct InboundCallResult: Sendable {
    public var number: PhoneEntry
    public var matches: [CallerMatch]
    /// Open leads with this number that the viewer may see (someone who called before).
    public var openLeads: [Lead]
    /// The new lead made for an unknown caller.
    public var createdLead: Lead?
    public var activity: Activity
    /// The company's pipelines, to name the stages of the open deals.
    public var pipelines: [Pipeline] = []
}

/// The "screen pop": identify a caller from their number and log the call.
public struct InboundCallService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// Looks the number up among contacts, accounts and open leads the viewer may see; an unknown number becomes a
    /// new lead (source "inbound call", routed by the rules). The call is logged on the timeline either way.
    public func receive(
        from number: String, to dialled: String? = nil, callID: String? = nil, viewer: Viewer
    ) async throws
        -> InboundCallResult
    {
        try await database.transaction { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            let phone: PhoneEntry
            do { phone = try PhoneEntry(parsing: number, defaultCountry: company.settings.country) } catch {
                var errors = ValidationErrors()
                errors.add(
                    field: "from", code: "invalid_phone", message: "“\(number.prefix(40))” is not a phone number.")
                throw errors
            }
            let points = try await ContactPointStore(db).matches(
                companyID: viewer.companyID, kind: "phone", value: phone.e164)
            let accounts = AccountStore(db)
            let contacts = ContactStore(db)
            let users = try await UserStore(db).all(companyID: viewer.companyID)
            let leadsWithNumber = try await LeadStore(db).openLeads(
                companyID: viewer.companyID, phone: phone.e164, email: nil)
            let visibleLeads = leadsWithNumber.filter {
                viewer.role.seesAllRecords || $0.fields.ownerID == viewer.userID
            }
            var matches: [CallerMatch] = []
            let deals = DealStore(db)
            var openDeals: [Account.ID: [Deal]] = [:]
            for point in points {
                guard let account = try await accounts.find(point.accountID, viewer: viewer) else { continue }
                var contact: Contact?
                if let id = point.contactID { contact = try await contacts.find(id, viewer: viewer) }
                if matches.contains(where: { $0.account.id == account.id && $0.contact?.id == contact?.id }) {
                    continue
                }
                if openDeals[account.id] == nil {
                    openDeals[account.id] =
                        try await deals.list(
                            viewer: viewer, filter: DealFilter(accountID: account.id, status: .open),
                            page: PageRequest(limit: 20)
                        ).items
                }
                matches.append(
                    CallerMatch(
                        account: account, contact: contact,
                        owner: users.first { $0.id == account.fields.ownerID }, openLeads: visibleLeads,
                        openDeals: openDeals[account.id] ?? []))
            }
            // Prefer a person over the company line.
            matches.sort {
                ($0.contact == nil ? 1 : 0, $0.account.fields.name) < (
                    $1.contact == nil ? 1 : 0, $1.account.fields.name
                )
            }
            var createdLead: Lead?
            let now = clock.now()
            // A number known anywhere in the company is not a new lead, even when this viewer cannot see its owner.
            if points.isEmpty && leadsWithNumber.isEmpty {
                var draft = LeadDraft()
                draft.personName = "Caller \(phone.display)"
                draft.phone = phone.raw
                draft.source = LeadSource.inboundCall.rawValue
                createdLead = try await LeadService.create(
                    draft, viewer: nil, companyID: viewer.companyID, byRouting: true, clock: clock, audit: audit, db: db
                ).lead
            }
            // The call goes on the timeline of the first known holder of the number (a person before a company line).
            let holder = points.first { $0.contactID != nil } ?? points.first
            let activity = Activity(
                id: clock.newID(), companyID: viewer.companyID, kind: .call, direction: .inbound,
                subject: "Inbound call from \(phone.display)",
                body: [dialled.map { "Dialled: \($0.prefix(40))" }, callID.map { "Call ID: \($0.prefix(100))" }]
                    .compactMap { $0 }.joined(separator: "\n").nilIfEmpty, occurredAt: now, phone: phone.e164,
                accountID: holder?.accountID, contactID: holder?.contactID,
                leadID: createdLead?.id ?? (holder == nil ? leadsWithNumber.first?.id : nil), userID: nil,
                createdAt: now)
            try await ActivityStore(db).insert(activity)
            let pipelines =
                openDeals.values.contains { !$0.isEmpty } ? try await deals.pipelines(companyID: viewer.companyID) : []
            return InboundCallResult(
                number: phone, matches: matches, openLeads: visibleLeads, createdLead: createdLead, activity: activity,
                pipelines: pipelines)
        }
    }
}
