import BentaCore
import BentaServices
import Foundation

/// The contact list: the filters as submitted, one row per contact on this page, the next page's link.
/// Property names are the template's (`contacts_list.mustache`).
struct ContactsListPage: PageModel {
    struct Row {
        var url: String
        var name: String
        var position: String
        var account: String
        var account_url: String
        var phone: String
        var email: String
        var is_archived: Bool
    }

    var contacts: [Row]
    var has_contacts: Bool
    var q: String
    /// The account filter, kept when the search is submitted again.
    var account_id: String?
    var status_active: Bool
    var status_archived: Bool
    var status_all: Bool
    var next_url: String?
    var export_url: String

    /// The page for `page` of contacts read with `filter`; `accountNames` names their accounts, `status` is the
    /// status filter as submitted.
    static func make(
        _ page: Page<Contact>, filter: ContactFilter, status: String?, accountNames: [Account.ID: String]
    ) -> ContactsListPage {
        let filters: [(String, String?)] = [
            ("q", filter.query), ("account_id", filter.accountID?.description), ("status", status),
        ]
        let rows = page.items.map { contact in
            Row(
                url: Paths.contact(contact.id), name: contact.fields.name, position: contact.fields.position ?? "",
                account: accountNames[contact.fields.accountID] ?? "",
                account_url: Paths.account(contact.fields.accountID),
                phone: contact.fields.phones.first?.display ?? "", email: contact.fields.emails.first?.value ?? "",
                is_archived: contact.status == .archived)
        }
        return ContactsListPage(
            contacts: rows, has_contacts: !rows.isEmpty, q: filter.query ?? "",
            account_id: filter.accountID?.description, status_active: status == nil,
            status_archived: status == "archived", status_all: status == "all",
            next_url: page.nextCursor.map { Paths.contacts() + QueryString.make(filters + [("cursor", $0)]) },
            export_url: Paths.contactsExport() + QueryString.make(filters))
    }
}

/// The contact page: its details, merge box, the shared record panels and its history.
/// Property names are the template's (`contact_detail.mustache`).
struct ContactDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// The contact's details card and the links of its actions.
    struct Details {
        var name: String
        var position: String
        var account: String
        var account_url: String
        var phones: [PhoneLink]
        var emails: [String]
        var preferred_channel: String
        var notes: String
        var is_archived: Bool
        var created_at: String
        var updated_at: String
        var edit_url: String
        var archive_url: String
        var unarchive_url: String
    }

    var may_merge: Bool
    var merge_url: String
    var merge_candidates: [DuplicateRow]
    var contact: Details
    var history: [HistoryRow]
    var panels: RecordPanelsPart
    /// The contact was just saved (the form's redirect says so): the success message shows.
    var saved = false

    /// The page for `contact` of `account`; `mergeCandidates` are the likely duplicates the viewer may merge into
    /// it (empty when they may not).
    static func make(
        _ contact: Contact, account: Account, history: [AuditEvent], mergeCandidates: [DuplicateMatch<Contact>],
        panels: RecordPanelsPart, directory: PageDirectory, strings: [String: String]
    ) -> ContactDetailPage {
        let f = contact.fields
        return ContactDetailPage(
            may_merge: !mergeCandidates.isEmpty, merge_url: Paths.mergeContact(contact.id),
            merge_candidates: DuplicateRows.contacts(mergeCandidates, strings: strings),
            contact: Details(
                name: f.name, position: f.position ?? "", account: account.fields.name,
                account_url: Paths.account(account.id), phones: f.phones.map(PhoneLink.init),
                emails: f.emails.map(\.value),
                preferred_channel: f.preferredChannel.map { strings["channel_\($0.rawValue)"] ?? $0.rawValue } ?? "",
                notes: f.notes ?? "", is_archived: contact.status == .archived,
                created_at: directory.dateTime(contact.createdAt), updated_at: directory.dateTime(contact.updatedAt),
                edit_url: Paths.editContact(contact.id), archive_url: Paths.archiveContact(contact.id),
                unarchive_url: Paths.unarchiveContact(contact.id)),
            history: history.map { HistoryRow.make($0, directory: directory, strings: strings) }, panels: panels)
    }
}

/// The contact form, new or edit: what was typed, the account picker, each error beside its field and likely
/// duplicates. Property names are the template's (`contact_form.mustache`).
struct ContactFormPage: PageModel {
    var action: String
    var cancel_url: String
    var is_new: Bool
    /// The version the form was loaded with (nil for a new contact).
    var version: String?
    var account_picker: RecordPickerField
    var name: String
    var position: String
    /// One per line.
    var phones: String
    /// One per line.
    var emails: String
    var notes: String
    var channels: [PageChoice]
    /// Each field's error, by field name.
    var errors: [String: String]
    var has_errors: Bool
    var duplicates: [DuplicateRow]
    var has_duplicates: Bool

    /// The form for `draft`, of `contact` (nil for a new one); `version` is the version to send back with it.
    static func make(
        draft: ContactDraft, contact: Contact?, version: Int64?, accounts: RecordPicker, errors: [String: String]?,
        duplicates: [DuplicateMatch<Contact>], strings: [String: String]
    ) -> ContactFormPage {
        let fieldErrors = errors ?? [:]
        return ContactFormPage(
            action: contact.map { Paths.contact($0.id) } ?? Paths.contacts(),
            cancel_url: contact.map { Paths.contact($0.id) } ?? Paths.contacts(), is_new: contact == nil,
            version: version.map(String.init),
            account_picker: accounts.partial(
                label: strings["field_account"] ?? "Account", noneLabel: strings["choose_account"] ?? "",
                isRequired: true, error: fieldErrors["account_id"], strings: strings),
            name: draft.name, position: draft.position, phones: draft.phones.joined(separator: "\n"),
            emails: draft.emails.joined(separator: "\n"), notes: draft.notes,
            channels: PageChoice.all(
                ContactChannel.self, chosen: draft.preferredChannel, labelPrefix: "channel_", strings: strings),
            errors: fieldErrors, has_errors: errors.map { !$0.isEmpty } ?? false,
            duplicates: DuplicateRows.contacts(duplicates, strings: strings), has_duplicates: !duplicates.isEmpty)
    }
}
