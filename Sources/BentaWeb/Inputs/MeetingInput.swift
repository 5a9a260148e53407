import BentaCore
import BentaServices
import Foundation

/// A meeting as `POST /api/v1/meetings`, `PATCH /api/v1/meetings/{id}` and the meeting form send it. In JSON an
/// absent member stays as it is. The form sends its text fields and the attendees as repeated `contact_ids` and
/// `user_ids`, each as sent; two members come in a shape of their own: the start as a local date and time in the
/// company's time zone (read by ``init(form:timeZone:)``) where JSON sends an ISO 8601 instant, and the duration
/// as typed text (checked by the draft) where JSON sends an integer. Cancelling is a button on the page, and
/// `is_cancelled` in JSON.
struct MeetingInput: RecordInput {
    /// When the meeting starts, as the client wrote it.
    enum Start {
        /// JSON: an ISO 8601 instant, read when applied; one that does not read is a validation error.
        case instant(String)
        /// The form: the local date and time already read in the company's time zone; nil when empty or
        /// unreadable (the draft's check then asks for it).
        case local(Date?)
    }

    var title: String?
    var startsAt: Start?
    /// Minutes as text: a JSON integer written out, or the form's field as typed.
    var durationMinutes: String?
    var place: String?
    var link: String?
    var agenda: String?
    var outcome: String?
    var accountId: String?
    var leadId: String?
    var contactIds: [String]?
    var userIds: [String]?
    /// JSON only: the page cancels and restores with its buttons.
    var isCancelled: Bool?
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, startsAt, durationMinutes, place, link, agenda, outcome, accountId, leadId, contactIds, userIds
        case isCancelled, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.startsAt, .durationMinutes, .isCancelled, .version] }
    static var formLists: [CodingKeys: FormList] { [.contactIds: .repeated, .userIds: .repeated] }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        startsAt = try c.decodeIfPresent(String.self, forKey: .startsAt).map(Start.instant)
        durationMinutes = try c.decodeIfPresent(Int.self, forKey: .durationMinutes).map(String.init)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        link = try c.decodeIfPresent(String.self, forKey: .link)
        agenda = try c.decodeIfPresent(String.self, forKey: .agenda)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        leadId = try c.decodeIfPresent(String.self, forKey: .leadId)
        contactIds = try c.decodeIfPresent([String].self, forKey: .contactIds)
        userIds = try c.decodeIfPresent([String].self, forKey: .userIds)
        isCancelled = try c.decodeIfPresent(Bool.self, forKey: .isCancelled)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Reads the meeting form, its start in the company's time zone.
    init(form: FormData, timeZone: TimeZone) throws {
        try self.init(form: form)
        let start = form["starts_at"]
        startsAt = .local(start.isEmpty ? nil : DateInput.local(start, timeZone: timeZone))
    }

    /// The form's duration, as typed.
    mutating func readFormShapes(_ form: FormData) {
        durationMinutes = form["duration_minutes"]
    }

    /// Writes the fields this input carries into a draft; a JSON start that does not read is a validation error.
    func apply(to draft: inout MeetingDraft) throws {
        if let title { draft.title = title }
        switch startsAt {
        case .instant(let text)?:
            guard let date = DateInput.instant(text) else {
                var errors = ValidationErrors()
                errors.add(
                    field: "starts_at", code: "invalid_date",
                    message: "Use an ISO 8601 time such as 2026-12-03T06:00:00Z.")
                throw errors
            }
            draft.startsAt = date
        case .local(let date)?: draft.startsAt = date
        case nil: break
        }
        if let durationMinutes { draft.durationMinutes = durationMinutes }
        if let place { draft.place = place }
        if let link { draft.link = link }
        if let agenda { draft.agenda = agenda }
        if let outcome { draft.outcome = outcome }
        if let accountId { draft.accountID = accountId }
        if let leadId { draft.leadID = leadId }
        if let contactIds { draft.contactIDs = contactIds }
        if let userIds { draft.userIDs = userIds }
    }
}
