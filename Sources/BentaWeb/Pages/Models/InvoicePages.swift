import BentaCore
import BentaServices
import Foundation

/// The invoice list: the filters as submitted, one row per invoice or credit note on this page, the next page's
/// link. Property names are the template's (`invoices_list.mustache`).
struct InvoicesListPage: PageModel {
    struct Row {
        var url: String
        var number: String
        var is_credit_note: Bool
        var account: String
        var issue_date: String
        var due_date: String
        var total: String
        /// What is still owed ("" for a draft or a credit note).
        var open: String
        var status: String
        var status_label: String
        /// The other facts that hold beside the status (partly paid beside overdue, 2307 pending, …).
        var flags: [InvoiceFlagBadge]
        var owner: String
    }

    var invoices: [Row]
    var has_invoices: Bool
    var statuses: [PageChoice]
    var kinds: [PageChoice]
    var owners: [PageOption]
    var show_owner_filter: Bool
    var may_see_register: Bool
    var next_url: String?

    static func make(
        _ listing: InvoiceListing, filter: InvoiceFilter, status: InvoiceDisplayStatus?, names: [Account.ID: String],
        directory: PageDirectory, role: Role, strings: [String: String], language: LanguageCode
    ) -> InvoicesListPage {
        let money = MoneyFormatter(language: language)
        let rows = listing.items.map { item in
            let invoice = item.invoice
            let display = item.balance?.status(of: invoice, today: listing.today) ?? .draft
            let showsOpen = invoice.kind == .invoice && invoice.status == .issued
            return Row(
                url: Paths.invoice(invoice.id), number: invoice.number ?? (strings["invoice_draft"] ?? "Draft"),
                is_credit_note: invoice.kind == .creditNote, account: names[invoice.accountID] ?? "",
                issue_date: invoice.issueDate.map { DateFormatting.display($0, language: language) } ?? "",
                due_date: invoice.kind == .invoice
                    ? invoice.dueDate.map { DateFormatting.display($0, language: language) } ?? "" : "",
                total: item.balance.map { money.format($0.total) } ?? "",
                open: showsOpen ? item.balance.map { money.format($0.open) } ?? "" : "",
                status: display.rawValue, status_label: strings["invoice_status_\(display.rawValue)"] ?? "",
                flags: InvoiceFlagBadge.beside(
                    display, flags: item.balance?.flags(of: invoice, today: listing.today) ?? [], strings: strings),
                owner: directory.userName(invoice.ownerID))
        }
        let filters: [(String, String?)] = [
            ("status", status?.rawValue), ("kind", filter.kind?.rawValue), ("owner_id", filter.ownerID?.description),
            ("account_id", filter.accountID?.description),
        ]
        return InvoicesListPage(
            invoices: rows, has_invoices: !rows.isEmpty,
            statuses: InvoiceDisplayStatus.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["invoice_status_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == status)
            },
            kinds: InvoiceKind.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["invoice_kind_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == filter.kind)
            },
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, may_see_register: role.seesAllRecords,
            next_url: listing.nextCursor.map { Paths.invoices() + QueryString.make(filters + [("cursor", $0)]) })
    }
}

/// A fact that holds beside an invoice's status, as a badge (`flag` names its style, `label` says it).
struct InvoiceFlagBadge {
    var flag: String
    var label: String

    /// The badges for `flags` that the status badge does not already say.
    static func beside(
        _ status: InvoiceDisplayStatus, flags: [InvoiceStatusFlag], strings: [String: String]
    ) -> [InvoiceFlagBadge] {
        flags.filter { $0.rawValue != status.rawValue }.map {
            InvoiceFlagBadge(flag: $0.rawValue, label: strings["invoice_flag_\($0.rawValue)"] ?? $0.rawValue)
        }
    }
}

/// The form that starts a draft: the account (and the won deal it comes from), currency, price mode and terms.
/// Property names are the template's (`invoice_new.mustache`).
struct InvoiceNewPage: PageModel {
    /// The won deal the invoice starts from.
    struct DealLink {
        var id: String
        var title: String
        var url: String
    }

    var account_picker: RecordPickerField
    var deal: DealLink?
    var currency: String
    var prices_include_tax: Bool
    var payment_terms: String
    var terms_examples: [String]
    var errors: [String: String]
    var has_errors: Bool

    static func make(
        _ draft: InvoiceDraft, deal: Deal?, settings: InvoiceSettings, accountPicker: RecordPickerField,
        baseCurrency: Currency, errors: [String: String]?
    ) -> InvoiceNewPage {
        InvoiceNewPage(
            account_picker: accountPicker,
            deal: deal.map { DealLink(id: $0.id.description, title: $0.fields.title, url: Paths.deal($0.id)) },
            currency: draft.currency ?? baseCurrency.code,
            prices_include_tax: draft.pricesIncludeTax ?? settings.pricesIncludeTax,
            payment_terms: draft.paymentTerms ?? settings.defaultPaymentTerms.code,
            terms_examples: InvoicePageValues.termsExamples, errors: errors ?? [:], has_errors: errors != nil)
    }
}

/// The invoicing settings: profile, price mode, default terms, title and the acknowledgement certificate.
/// Property names are the template's (`invoice_settings.mustache`).
struct InvoiceSettingsPage: PageModel {
    var may_edit: Bool
    var version: String
    var profiles: [PageChoice]
    var prices_include_tax: Bool
    var default_payment_terms: String
    var title_value: String
    var acknowledgement_number: String
    var acknowledgement_date: String
    var terms_examples: [String]
    var saved: Bool
    var errors: [String: String]
    var has_errors: Bool

    static func make(
        _ input: InvoiceSettingsInput, version: Int64, errors: [String: String]?, saved: Bool, role: Role,
        strings: [String: String]
    ) -> InvoiceSettingsPage {
        InvoiceSettingsPage(
            may_edit: role.isAdministrator, version: String(version),
            profiles: CountryProfile.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["invoice_profile_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == input.profile)
            },
            prices_include_tax: input.pricesIncludeTax, default_payment_terms: input.defaultPaymentTerms,
            title_value: input.title, acknowledgement_number: input.acknowledgementNumber,
            acknowledgement_date: input.acknowledgementDate, terms_examples: InvoicePageValues.termsExamples,
            saved: saved, errors: errors ?? [:], has_errors: !(errors ?? [:]).isEmpty)
    }
}
