import BentaCore
import BentaServices
import Foundation

/// The meetings of the last week and the next three months. Property names are the template's
/// (`meetings_list.mustache`).
struct MeetingsListPage: PageModel {
    var meetings: [MeetingRow]
    var has_meetings: Bool

    static func make(_ meetings: [Meeting], directory: PageDirectory) -> MeetingsListPage {
        MeetingsListPage(
            meetings: meetings.map { MeetingRow.make($0, directory: directory) }, has_meetings: !meetings.isEmpty)
    }
}

/// The meeting form, new or existing: what was typed, the account and attendee pickers, the colleagues, each error
/// beside its field. Property names are the template's (`meeting_form.mustache`).
struct MeetingFormPage: PageModel {
    var action: String
    var is_new: Bool
    var is_cancelled: Bool
    /// The version the form was loaded with (nil for a new meeting).
    var version: String?
    var title_value: String
    /// The start for a `datetime-local` field, in the company's time zone.
    var starts_at: String
    var duration_minutes: String
    var place: String
    var link: String
    var agenda: String
    var outcome: String
    var lead_id: String
    /// An account is chosen (the attendee hint says so).
    var has_account: Bool
    var account_picker: RecordPickerField
    /// The contacts of the chosen account (nil without an account or when it has none).
    var contact_picker: RecordPickerField?
    var colleagues: [PageOption]
    var organizer: String
    var time_zone: String
    /// Each field's error, by field name.
    var errors: [String: String]
    var has_errors: Bool

    /// The form for `draft`, of `meeting` (nil for a new one); `version` is the version to send back with it,
    /// `contacts` the attendee picker (nil without a chosen account), `user` the viewer (not offered as a colleague,
    /// the organizer of a new meeting).
    static func make(
        draft: MeetingDraft, meeting: Meeting?, version: Int64?, accounts: RecordPicker, contacts: RecordPicker?,
        errors: [String: String]?, user: User, directory: PageDirectory, strings: [String: String]
    ) -> MeetingFormPage {
        let zone = directory.company.settings.timeZone
        let fieldErrors = errors ?? [:]
        // An account without contacts shows the hint instead of an empty choice.
        let contactChoice = contacts.flatMap { $0.options.isEmpty && $0.query.isEmpty ? nil : $0 }
        return MeetingFormPage(
            action: meeting.map { Paths.meeting($0.id) } ?? Paths.meetings(), is_new: meeting == nil,
            is_cancelled: meeting?.isCancelled ?? false, version: version.map(String.init), title_value: draft.title,
            starts_at: draft.startsAt.map { DateInput.localInputValue($0, timeZone: zone) } ?? "",
            duration_minutes: draft.durationMinutes, place: draft.place, link: draft.link, agenda: draft.agenda,
            outcome: draft.outcome, lead_id: draft.leadID, has_account: contacts != nil,
            account_picker: accounts.partial(
                label: strings["field_account"] ?? "Account", noneLabel: strings["meeting_no_account"] ?? "",
                error: fieldErrors["account_id"], strings: strings),
            contact_picker: contactChoice?.partial(
                label: strings["field_attendees_contacts"] ?? "Contacts", isMultiple: true,
                error: fieldErrors["contact_ids"], strings: strings),
            colleagues: directory.users.filter { $0.isActive && $0.id != user.id }.map {
                PageOption(id: $0.id.description, name: $0.name, selected: draft.userIDs.contains($0.id.description))
            },
            organizer: meeting.map { directory.userName($0.organizerID) } ?? user.name, time_zone: zone.identifier,
            errors: fieldErrors, has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}
