import BentaCore
import BentaStore
import Foundation

/// What a user types when logging a call, a note or a paper letter.
public struct ActivityDraft: Sendable, Hashable {
    public var kind: String = Activity.Kind.call.rawValue
    public var direction: String = ""
    public var subject: String = ""
    public var body: String = ""
    public var phone: String = ""
    public var durationMinutes: String = ""
    public var outcome: String = ""
    /// When it happened; empty means now.
    public var occurredAt: Date?
    public var accountID: String = ""
    public var contactID: String = ""
    public var leadID: String = ""
    /// Optional next step: a task for the user.
    public var nextStep: String = ""
    public var nextStepDue: Date?

    public init() {}
}

extension String {
    /// nil for the empty string, for optional text fields.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Timelines and what users log on them.
public struct ActivityService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// One page of the timeline of a record the viewer may see, newest first.
    public func timeline(
        _ owner: TimelineOwner, viewer: Viewer, limit: Int = 50, cursor: String? = nil
    )
        async throws -> Page<Activity>
    {
        try await database.read { db in
            try await Self.requireVisible(owner, viewer: viewer, db: db)
            return try await ActivityStore(db).timeline(
                owner, companyID: viewer.companyID, limit: limit, cursor: cursor)
        }
    }

    static func requireVisible(_ owner: TimelineOwner, viewer: Viewer, db: StoreConnection) async throws {
        switch owner {
        case .account(let id):
            if try await AccountStore(db).find(id, viewer: viewer) == nil {
                throw RecordError.notFound(entity: "account")
            }
        case .contact(let id):
            if try await ContactStore(db).find(id, viewer: viewer) == nil {
                throw RecordError.notFound(entity: "contact")
            }
        case .lead(let id):
            if try await LeadStore(db).find(id, viewer: viewer) == nil { throw RecordError.notFound(entity: "lead") }
        }
    }

    /// Logs a call, note or paper letter on a contact, an account or a lead, with an optional next-step task.
    public func log(_ draft: ActivityDraft, viewer: Viewer) async throws -> (activity: Activity, task: TaskItem?) {
        try await database.transaction { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID) else {
                throw RecordError.notFound(entity: "company")
            }
            var errors = ValidationErrors()
            let kind = Activity.Kind(rawValue: draft.kind)
            if kind == nil || ![.call, .note, .letter, .email, .meeting].contains(kind) {
                errors.add(
                    field: "kind", code: "invalid_choice", message: "Choose call, note, letter, email or meeting.")
            }
            var direction: Activity.Direction?
            if !draft.direction.isEmpty {
                direction = Activity.Direction(rawValue: draft.direction)
                if direction == nil {
                    errors.add(field: "direction", code: "invalid_choice", message: "Choose inbound or outbound.")
                }
            }
            let subject = Validate.optionalText(draft.subject, field: "subject", maxLength: 300, into: &errors)
            let body = Validate.optionalText(draft.body, field: "body", maxLength: 20_000, into: &errors)
            var phone: String?
            if !draft.phone.trimmingCharacters(in: .whitespaces).isEmpty {
                do { phone = try PhoneEntry(parsing: draft.phone, defaultCountry: company.settings.country).e164 } catch
                {
                    errors.add(
                        field: "phone", code: "invalid_phone", message: "Enter a phone number such as 0917 123 4567.")
                }
            }
            var duration: Int?
            if !draft.durationMinutes.trimmingCharacters(in: .whitespaces).isEmpty {
                if let minutes = Decimal(string: draft.durationMinutes.trimmingCharacters(in: .whitespaces)),
                    minutes >= 0, minutes <= 24 * 60
                {
                    duration = NSDecimalNumber(decimal: minutes * 60).intValue
                } else {
                    errors.add(
                        field: "duration_minutes", code: "out_of_range", message: "Enter minutes from 0 to 1440.")
                }
            }
            var outcome: String?
            if !draft.outcome.isEmpty {
                outcome = CallOutcome(rawValue: draft.outcome)?.rawValue
                if outcome == nil {
                    errors.add(
                        field: "outcome", code: "invalid_choice",
                        message: "Choose one of: \(CallOutcome.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            let nextStep = Validate.optionalText(draft.nextStep, field: "next_step", maxLength: 300, into: &errors)
            if nextStep != nil && draft.nextStepDue == nil {
                errors.add(field: "next_step_due", code: "required", message: "Give the next step a due date.")
            }
            let links = try await Self.resolveLinks(
                account: draft.accountID, contact: draft.contactID, lead: draft.leadID, viewer: viewer, db: db,
                errors: &errors)
            try errors.throwIfAny()
            guard let kind else { throw errors }
            let now = clock.now()
            let activity = Activity(
                id: clock.newID(), companyID: viewer.companyID, kind: kind, direction: direction,
                subject: subject ?? Self.defaultSubject(kind, direction: direction), body: body,
                occurredAt: draft.occurredAt ?? now, durationSeconds: duration, outcome: outcome, phone: phone,
                accountID: links.account, contactID: links.contact, leadID: links.lead, userID: viewer.userID,
                createdAt: now)
            try await ActivityStore(db).insert(activity)
            var task: TaskItem?
            if let nextStep, let due = draft.nextStepDue {
                let made = TaskItem(
                    id: clock.newID(), companyID: viewer.companyID, title: nextStep, dueAt: due, isAllDay: false,
                    assigneeID: viewer.userID, priority: .normal, accountID: links.account, contactID: links.contact,
                    leadID: links.lead, createdByID: viewer.userID, createdAt: now, updatedAt: now, version: 1)
                try await TaskStore(db).insert(made)
                task = made
            }
            if kind == .call, let lead = links.lead {
                // A call to a new lead moves it to "contacted".
                // The activity's audit row tells it.
                _ = try await changes.change(
                    LeadService.changeTarget(lead, viewer: viewer), expectedVersion: nil, by: viewer, on: db
                ) { record, _ in
                    guard record.status == .new else { return nil }
                    record.status = .contacted
                    return .toldByTheEnclosingChange
                }
            }
            try await audit.record(
                "activity.logged", entityType: "activity", entityID: activity.id.description,
                companyID: viewer.companyID, by: viewer, details: ["kind": kind.rawValue], on: db)
            return (activity, task)
        }
    }

    static func defaultSubject(_ kind: Activity.Kind, direction: Activity.Direction?) -> String {
        switch (kind, direction) {
        case (.call, .inbound?): "Inbound call"
        case (.call, _): "Outbound call"
        case (.letter, _): "Letter"
        case (.email, _): "Email"
        case (.meeting, _): "Meeting"
        default: "Note"
        }
    }

    /// Checks the related record IDs: each must be visible; a contact implies its account; at least one is needed.
    static func resolveLinks(
        account: String, contact: String, lead: String, viewer: Viewer, db: StoreConnection,
        errors: inout ValidationErrors
    ) async throws -> (account: Account.ID?, contact: Contact.ID?, lead: Lead.ID?) {
        var accountID: Account.ID?
        var contactID: Contact.ID?
        var leadID: Lead.ID?
        if !contact.isEmpty {
            if let id = Contact.ID(string: contact), let found = try await ContactStore(db).find(id, viewer: viewer) {
                contactID = id
                accountID = found.fields.accountID
            } else {
                errors.add(field: "contact_id", code: "invalid_contact", message: "Choose a contact you can see.")
            }
        }
        if !account.isEmpty {
            if let id = Account.ID(string: account), try await AccountStore(db).find(id, viewer: viewer) != nil {
                if let accountID, accountID != id {
                    errors.add(field: "account_id", code: "mismatch", message: "The contact works for another account.")
                }
                accountID = id
            } else {
                errors.add(field: "account_id", code: "invalid_account", message: "Choose an account you can see.")
            }
        }
        if !lead.isEmpty {
            if let id = Lead.ID(string: lead), try await LeadStore(db).find(id, viewer: viewer) != nil {
                leadID = id
            } else {
                errors.add(field: "lead_id", code: "invalid_lead", message: "Choose a lead you can see.")
            }
        }
        if accountID == nil && leadID == nil && errors.isEmpty {
            errors.add(
                field: "account_id", code: "required", message: "Choose the account, contact or lead this is about.")
        }
        return (accountID, contactID, leadID)
    }
}
