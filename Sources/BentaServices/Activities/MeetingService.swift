import BentaCore
import BentaStore
import Foundation

/// A meeting as typed, before validation.
public struct MeetingDraft: Sendable, Hashable {
    public var title: String = ""
    public var startsAt: Date?
    public var durationMinutes: String = "60"
    public var place: String = ""
    public var link: String = ""
    public var agenda: String = ""
    public var outcome: String = ""
    public var accountID: String = ""
    public var leadID: String = ""
    public var contactIDs: [String] = []
    public var userIDs: [String] = []

    public init() {}

    public init(_ meeting: Meeting) {
        title = meeting.title
        startsAt = meeting.startsAt
        durationMinutes = String(meeting.durationMinutes)
        place = meeting.place ?? ""
        link = meeting.link ?? ""
        agenda = meeting.agenda ?? ""
        outcome = meeting.outcome ?? ""
        accountID = meeting.accountID?.description ?? ""
        leadID = meeting.leadID?.description ?? ""
        contactIDs = meeting.contactIDs.map(\.description)
        userIDs = meeting.userIDs.map(\.description)
    }
}

/// Meetings with customer representatives.
public struct MeetingService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func meeting(_ id: Meeting.ID, viewer: Viewer) async throws -> Meeting {
        guard let meeting = try await database.read({ db in try await MeetingStore(db).find(id, viewer: viewer) })
        else {
            throw RecordError.notFound(entity: "meeting")
        }
        return meeting
    }

    public func list(
        viewer: Viewer, from: Date, to: Date, involving user: User.ID? = nil, accountID: Account.ID? = nil,
        leadID: Lead.ID? = nil
    ) async throws -> [Meeting] {
        try await database.read { db in
            try await MeetingStore(db).list(
                viewer: viewer, from: from, to: to, involving: user, accountID: accountID, leadID: leadID)
        }
    }

    public func create(_ draft: MeetingDraft, viewer: Viewer) async throws -> Meeting {
        try await database.transaction { db in
            let values = try await validate(draft, viewer: viewer, db: db)
            let now = clock.now()
            let meeting = Meeting(
                id: clock.newID(), companyID: viewer.companyID, title: values.title, startsAt: values.startsAt,
                durationMinutes: values.duration, place: values.place, link: values.link, agenda: values.agenda,
                outcome: values.outcome, accountID: values.account, leadID: values.lead, organizerID: viewer.userID,
                contactIDs: values.contacts, userIDs: values.users, createdAt: now, updatedAt: now, version: 1)
            try await MeetingStore(db).insert(meeting)
            try await ActivityStore(db).insert(
                Activity(
                    id: clock.newID(), companyID: viewer.companyID, kind: .meeting, subject: meeting.title,
                    body: meeting.agenda, occurredAt: meeting.startsAt, accountID: meeting.accountID,
                    contactID: meeting.contactIDs.first, leadID: meeting.leadID, userID: viewer.userID, createdAt: now))
            try await audit.record(
                "meeting.created", entityType: "meeting", entityID: meeting.id.description, companyID: viewer.companyID,
                by: viewer, created: meeting, on: db)
            return meeting
        }
    }

    public func update(
        _ id: Meeting.ID, draft: MeetingDraft, cancel: Bool = false, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> Meeting {
        try await changes.change(
            Self.changeTarget(id, viewer: viewer), expectedVersion: expectedVersion, by: viewer, in: database
        ) { meeting, context in
            let values = try await validate(draft, viewer: viewer, db: context.db)
            meeting.title = values.title
            meeting.startsAt = values.startsAt
            meeting.durationMinutes = values.duration
            meeting.place = values.place
            meeting.link = values.link
            meeting.agenda = values.agenda
            meeting.outcome = values.outcome
            meeting.accountID = values.account
            meeting.leadID = values.lead
            meeting.contactIDs = values.contacts
            meeting.userIDs = values.users
            meeting.isCancelled = cancel
            return AuditEntry(cancel ? "meeting.cancelled" : "meeting.updated")
        }
    }

    /// The meeting as the change path loads (visible, locked) and saves it.
    static func changeTarget(_ id: Meeting.ID, viewer: Viewer) -> ChangeTarget<Meeting> {
        ChangeTarget(
            entity: "meeting", load: { db in try await MeetingStore(db).find(id, viewer: viewer, forUpdate: true) },
            save: { meeting, loaded, db in try await MeetingStore(db).update(meeting, expectedVersion: loaded.version) }
        )
    }

    private struct Values {
        var title: String
        var startsAt: Date
        var duration: Int
        var place, link, agenda, outcome: String?
        var account: Account.ID?
        var lead: Lead.ID?
        var contacts: [Contact.ID]
        var users: [User.ID]
    }

    private func validate(_ draft: MeetingDraft, viewer: Viewer, db: StoreConnection) async throws -> Values {
        var errors = ValidationErrors()
        let title = Validate.requiredText(draft.title, field: "title", maxLength: 300, into: &errors)
        if draft.startsAt == nil {
            errors.add(field: "starts_at", code: "required", message: "Give the meeting a time.")
        }
        let duration = Int(draft.durationMinutes.trimmingCharacters(in: .whitespaces))
        if duration == nil || !(5...1440).contains(duration ?? 0) {
            errors.add(
                field: "duration_minutes", code: "out_of_range", message: "Enter a duration from 5 to 1440 minutes.")
        }
        let place = Validate.optionalText(draft.place, field: "place", maxLength: 300, into: &errors)
        let link = Validate.website(draft.link, field: "link", into: &errors)
        let agenda = Validate.optionalText(draft.agenda, field: "agenda", maxLength: 10_000, into: &errors)
        let outcome = Validate.optionalText(draft.outcome, field: "outcome", maxLength: 10_000, into: &errors)
        var links: (account: Account.ID?, contact: Contact.ID?, lead: Lead.ID?) = (nil, nil, nil)
        if !(draft.accountID.isEmpty && draft.leadID.isEmpty) {
            links = try await ActivityService.resolveLinks(
                account: draft.accountID, contact: "", lead: draft.leadID, viewer: viewer, db: db, errors: &errors)
        }
        var contacts: [Contact.ID] = []
        for text in draft.contactIDs where !text.isEmpty {
            guard let id = Contact.ID(string: text), let contact = try await ContactStore(db).find(id, viewer: viewer)
            else {
                errors.add(field: "contact_ids", code: "invalid_contact", message: "Choose contacts you can see.")
                continue
            }
            if links.account == nil { links.account = contact.fields.accountID }
            contacts.append(id)
        }
        var users: [User.ID] = []
        let colleagues = try await UserStore(db).all(companyID: viewer.companyID)
        for text in draft.userIDs where !text.isEmpty {
            guard let id = User.ID(string: text), colleagues.contains(where: { $0.id == id && $0.isActive }) else {
                errors.add(field: "user_ids", code: "invalid_choice", message: "Choose active colleagues.")
                continue
            }
            users.append(id)
        }
        try errors.throwIfAny()
        guard let title, let startsAt = draft.startsAt, let duration else { throw errors }
        return Values(
            title: title, startsAt: startsAt, duration: duration, place: place, link: link, agenda: agenda,
            outcome: outcome, account: links.account, lead: links.lead, contacts: contacts, users: users)
    }
}
