import BentaCore
import BentaServices
import Foundation

/// The account page: its details, first contacts, merge box, the shared record panels and its history.
/// Property names are the template's (`account_detail.mustache`).
struct AccountDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// The account's details card and the links of its actions.
    struct Details {
        var name: String
        var registered_name: String
        var tin: String
        var billing_address: String
        var delivery_address: String
        var phones: [PhoneLink]
        var email: String
        var website: String
        var industry: String
        var owner: String
        var team: String
        var tags: [String]
        var notes: String
        var is_archived: Bool
        var country: String
        var is_vat_registered: Bool
        var buyer_kind: String
        var created_at: String
        var updated_at: String
        var version: Int64
        var edit_url: String
        var archive_url: String
        var unarchive_url: String
        var new_contact_url: String
        var contracts_url: String
        var new_deal_url: String
        var new_invoice_url: String
        var statement_url: String
    }

    /// One contact of the account.
    struct ContactRow {
        var url: String
        var name: String
        var position: String
        var phone: String
        /// The phone for a `tel:` link ("" without a phone).
        var phone_tel: String
        var email: String
        var is_archived: Bool
    }

    var may_merge: Bool
    var merge_url: String
    var merge_candidates: [DuplicateRow]
    var account: Details
    var contacts: [ContactRow]
    var has_contacts: Bool
    /// The account's full contact list, when the card shows only the first page.
    var all_contacts_url: String?
    var history: [HistoryRow]
    var panels: RecordPanelsPart
    /// The credit-hold banner and forms (set by the controller; none shown until then).
    var credit_hold = CreditHoldPart()
    /// What the customer owes and its newest deals, quotes, invoices and contracts (set by the controller).
    var overview: AccountOverviewPart?
    /// The account was just saved (the form's redirect says so): the success message shows.
    var saved = false

    /// The page for `account`; `contacts` is the first page of its contacts, `mergeCandidates` the likely
    /// duplicates the viewer may merge into it (empty when they may not).
    static func make(
        _ account: Account, contacts: Page<Contact>, history: [AuditEvent],
        mergeCandidates: [DuplicateMatch<Account>], panels: RecordPanelsPart, directory: PageDirectory,
        strings: [String: String]
    ) -> AccountDetailPage {
        let f = account.fields
        let forAccount = QueryString.make([("account_id", account.id.description)])
        return AccountDetailPage(
            may_merge: !mergeCandidates.isEmpty, merge_url: Paths.mergeAccount(account.id),
            merge_candidates: DuplicateRows.accounts(mergeCandidates, strings: strings),
            account: Details(
                name: f.name, registered_name: f.registeredName ?? "", tin: f.tin?.formatted ?? "",
                billing_address: f.billingAddress ?? "", delivery_address: f.deliveryAddress ?? "",
                phones: f.phones.map(PhoneLink.init), email: f.email?.value ?? "", website: f.website ?? "",
                industry: f.industry ?? "", owner: directory.userName(f.ownerID),
                team: directory.teams.first { $0.id == f.teamID }?.name ?? "", tags: f.tags, notes: f.notes ?? "",
                is_archived: account.status == .archived, country: f.country.displayName,
                is_vat_registered: f.isVATRegistered,
                buyer_kind: strings["buyer_kind_\(f.buyerKind.rawValue)"] ?? f.buyerKind.rawValue,
                created_at: directory.dateTime(account.createdAt), updated_at: directory.dateTime(account.updatedAt),
                version: account.version, edit_url: Paths.editAccount(account.id),
                archive_url: Paths.archiveAccount(account.id), unarchive_url: Paths.unarchiveAccount(account.id),
                new_contact_url: Paths.newContact() + forAccount, contracts_url: Paths.contracts() + forAccount,
                new_deal_url: Paths.newDeal() + forAccount, new_invoice_url: Paths.newInvoice() + forAccount,
                statement_url: Paths.accountStatement(account.id)),
            contacts: contacts.items.map { contact in
                ContactRow(
                    url: Paths.contact(contact.id), name: contact.fields.name,
                    position: contact.fields.position ?? "", phone: contact.fields.phones.first?.display ?? "",
                    phone_tel: contact.fields.phones.first?.e164 ?? "", email: contact.fields.emails.first?.value ?? "",
                    is_archived: contact.status == .archived)
            },
            has_contacts: !contacts.items.isEmpty,
            all_contacts_url: contacts.nextCursor.map { _ in
                Paths.contacts() + QueryString.make([("account_id", account.id.description), ("status", "all")])
            },
            history: history.map { HistoryRow.make($0, directory: directory, strings: strings) }, panels: panels)
    }
}

/// The account form, new or edit: what was typed, the choices, each error beside its field and likely duplicates.
/// Property names are the template's (`account_form.mustache`).
struct AccountFormPage: PageModel {
    /// A country of the country select.
    struct Country {
        var code: String
        var name: String
        var selected: Bool
    }

    var action: String
    var cancel_url: String
    var is_new: Bool
    /// The version the form was loaded with (nil for a new account).
    var version: String?
    var name: String
    var registered_name: String
    var tin: String
    var billing_address: String
    var delivery_address: String
    /// One per line.
    var phones: String
    var email: String
    var website: String
    var industry: String
    /// Separated by commas.
    var tags: String
    var notes: String
    var countries: [Country]
    var is_vat_registered: Bool
    var buyer_kinds: [PageChoice]
    var may_reassign: Bool
    var owners: [PageOption]
    var teams: [PageOption]
    var has_teams: Bool
    /// Each field's error, by field name.
    var errors: [String: String]
    var has_errors: Bool
    var duplicates: [DuplicateRow]
    var has_duplicates: Bool

    /// The form for `draft`, of `account` (nil for a new one). `country` is the country to select (the draft's,
    /// else the company's); `errors` are the translated field errors.
    static func make(
        draft: AccountDraft, account: Account?, country: String, errors: [String: String]?, mayReassign: Bool,
        duplicates: [DuplicateMatch<Account>], directory: PageDirectory, strings: [String: String]
    ) -> AccountFormPage {
        let kind = draft.buyerKind.isEmpty ? BuyerKind.business.rawValue : draft.buyerKind
        return AccountFormPage(
            action: account.map { Paths.account($0.id) } ?? Paths.accounts(),
            cancel_url: account.map { Paths.account($0.id) } ?? Paths.accounts(), is_new: account == nil,
            version: account.map { String($0.version) }, name: draft.name, registered_name: draft.registeredName,
            tin: draft.tin, billing_address: draft.billingAddress, delivery_address: draft.deliveryAddress,
            phones: draft.phones.joined(separator: "\n"), email: draft.email, website: draft.website,
            industry: draft.industry, tags: draft.tags.joined(separator: ", "), notes: draft.notes,
            countries: CountryCode.allCases.map {
                Country(code: $0.rawValue, name: $0.displayName, selected: $0.rawValue == country)
            },
            is_vat_registered: draft.isVATRegistered,
            buyer_kinds: PageChoice.all(
                BuyerKind.self, chosen: kind, labelPrefix: "buyer_kind_", strings: strings),
            may_reassign: mayReassign, owners: directory.owners(selected: draft.ownerID),
            teams: directory.teamChoices(selected: draft.teamID), has_teams: !directory.teams.isEmpty,
            errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false,
            duplicates: DuplicateRows.accounts(duplicates, strings: strings), has_duplicates: !duplicates.isEmpty)
    }
}

extension PageChoice {
    /// A choice per case of `Choices` (an account's buyer kinds, a contact's channels), labelled by the translation
    /// `labelPrefix + value` (else the value itself), with `chosen` selected.
    static func all<Choices: CaseIterable & RawRepresentable>(
        _ choices: Choices.Type, chosen: String, labelPrefix prefix: String, strings: [String: String]
    ) -> [PageChoice] where Choices.RawValue == String {
        choices.allCases.map {
            PageChoice(
                value: $0.rawValue, label: strings[prefix + $0.rawValue] ?? $0.rawValue, selected: $0.rawValue == chosen
            )
        }
    }
}
