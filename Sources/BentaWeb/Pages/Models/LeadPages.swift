import BentaCore
import BentaServices
import Foundation

/// A value of a select with its label: lead statuses, sources and actions.
struct PageChoice {
    var value: String
    var label: String
    var selected: Bool
}

/// The lead list: the filters as submitted, one row per lead on this page, the next page's link.
/// Property names are the template's (`leads_list.mustache`).
struct LeadsListPage: PageModel {
    struct Row {
        var url: String
        var name: String
        /// The company, when the lead also names a person ("" otherwise: the name is the company's).
        var company: String
        var phone: String
        var email: String
        var source: String
        var status: String
        var status_label: String
        var owner: String
        var created: String
    }

    var leads: [Row]
    var has_leads: Bool
    var q: String
    var owners: [PageOption]
    var show_owner_filter: Bool
    var statuses: [PageChoice]
    var sources: [PageChoice]
    var next_url: String?
    var export_url: String

    /// The page for `page` of leads read with `filter`; `status` is the status filter as submitted.
    static func make(
        _ page: Page<Lead>, filter: LeadFilter, status: String?, directory: PageDirectory, role: Role,
        strings: [String: String]
    ) -> LeadsListPage {
        let shown = status ?? "open"
        let filters: [(String, String?)] = [
            ("q", filter.query), ("owner_id", filter.ownerID?.description), ("status", status),
            ("source", filter.source?.rawValue),
        ]
        return LeadsListPage(
            leads: page.items.map { lead in
                Row(
                    url: Paths.lead(lead.id), name: lead.displayName,
                    company: lead.fields.personName == nil ? "" : lead.fields.companyName ?? "",
                    phone: lead.fields.phone?.display ?? "", email: lead.fields.email?.value ?? "",
                    source: strings["source_\(lead.fields.source.rawValue)"] ?? lead.fields.source.rawValue,
                    status: lead.status.rawValue,
                    status_label: strings["lead_status_\(lead.status.rawValue)"] ?? lead.status.rawValue,
                    owner: directory.userName(lead.fields.ownerID), created: directory.dateTime(lead.createdAt))
            },
            has_leads: !page.items.isEmpty, q: filter.query ?? "",
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords,
            statuses: (["open", "all"] + LeadStatus.allCases.map(\.rawValue)).map {
                PageChoice(value: $0, label: strings["lead_status_\($0)"] ?? $0, selected: $0 == shown)
            },
            sources: LeadSource.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["source_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == filter.source)
            },
            next_url: page.nextCursor.map { Paths.leads() + QueryString.make(filters + [("cursor", $0)]) },
            export_url: Paths.leadsExport() + QueryString.make(filters))
    }
}

/// The lead page: its details, the status actions, the conversion form (a qualified lead), the shared record
/// panels. Property names are the template's (`lead_detail.mustache`).
struct LeadDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// The lead's details card and the links of its actions.
    struct Details {
        var name: String
        var person_name: String
        var company_name: String
        var phone: String
        var phone_tel: String
        var email: String
        var source: String
        var interest: String
        var province: String
        var industry: String
        var owner: String
        var status: String
        var status_label: String
        var disqualify_reason: String
        var is_open: Bool
        var is_qualified: Bool
        var is_converted: Bool
        /// The account it became ("" until converted).
        var converted_account_url: String
        var created_at: String
        var updated_at: String
        var edit_url: String
        var status_url: String
        var convert_url: String
        var version: Int64
    }

    /// A status change offered as a button.
    struct Action {
        var value: String
        var label: String
    }

    var lead: Details
    var next_statuses: [Action]
    var may_disqualify: Bool
    /// The account a qualified lead is converted into (nil for any other lead).
    var account_picker: RecordPickerField?
    var convert_account_name: String
    var convert_deal_title: String
    var panels: RecordPanelsPart
    /// The lead was just saved (the form's redirect says so): the success message shows.
    var saved: Bool

    /// The page for `lead`; `accountPicker` is the conversion form's picker (a qualified lead), `converting` the
    /// conversion form sent back by it; `saved` shows the success message of a form that saved it.
    static func make(
        _ lead: Lead, accountPicker: RecordPicker?, converting: FormData?, panels: RecordPanelsPart,
        directory: PageDirectory, strings: [String: String], saved: Bool = false
    ) -> LeadDetailPage {
        let f = lead.fields
        let id = lead.id
        return LeadDetailPage(
            lead: Details(
                name: lead.displayName, person_name: f.personName ?? "", company_name: f.companyName ?? "",
                phone: f.phone?.display ?? "", phone_tel: f.phone?.e164 ?? "", email: f.email?.value ?? "",
                source: strings["source_\(f.source.rawValue)"] ?? f.source.rawValue, interest: f.interest ?? "",
                province: f.province ?? "", industry: f.industry ?? "", owner: directory.userName(f.ownerID),
                status: lead.status.rawValue,
                status_label: strings["lead_status_\(lead.status.rawValue)"] ?? lead.status.rawValue,
                disqualify_reason: lead.disqualifyReason ?? "", is_open: lead.isOpen,
                is_qualified: lead.status == .qualified, is_converted: lead.status == .converted,
                converted_account_url: lead.convertedAccountID.map { Paths.account($0) } ?? "",
                created_at: directory.dateTime(lead.createdAt), updated_at: directory.dateTime(lead.updatedAt),
                edit_url: Paths.editLead(id), status_url: Paths.leadStatus(id), convert_url: Paths.convertLead(id),
                version: lead.version),
            next_statuses: lead.status.manualNextStatuses.filter { $0 != .disqualified }.map {
                Action(value: $0.rawValue, label: strings["lead_action_\($0.rawValue)"] ?? $0.rawValue)
            },
            may_disqualify: lead.status.manualNextStatuses.contains(.disqualified),
            account_picker: accountPicker?.partial(
                label: strings["field_account"] ?? "Account",
                noneLabel: strings["lead_convert_new_account"] ?? "A new account", strings: strings),
            convert_account_name: converting?["account_name"] ?? "",
            convert_deal_title: converting?["deal_title"] ?? "", panels: panels, saved: saved)
    }
}

/// The lead form, new or edit: what was typed, the choices and each error beside its field.
/// Property names are the template's (`lead_form.mustache`).
struct LeadFormPage: PageModel {
    var action: String
    var cancel_url: String
    var is_new: Bool
    /// The version the form was loaded with (nil for a new lead).
    var version: String?
    var person_name: String
    var company_name: String
    var phone: String
    var email: String
    var interest: String
    var province: String
    var industry: String
    var sources: [PageChoice]
    var may_reassign: Bool
    var owners: [PageOption]
    /// "Let the routing rules choose" is the owner chosen.
    var route_selected: Bool
    /// Each field's error, by field name.
    var errors: [String: String]
    var has_errors: Bool
    /// Customers and open leads with the same phone or email, shown before a new lead is saved.
    var duplicates: [DuplicateRow]
    var has_duplicates: Bool

    /// The form for `draft`, of `lead` (nil for a new one); `errors` are the translated field errors,
    /// `duplicates` what the new lead may already be.
    static func make(
        draft: LeadDraft, lead: Lead?, errors: [String: String]?, mayReassign: Bool, directory: PageDirectory,
        strings: [String: String], duplicates: LeadDuplicates? = nil
    ) -> LeadFormPage {
        let rows =
            duplicates.map { found in
                DuplicateRows.accounts(found.accounts, strings: strings)
                    + DuplicateRows.contacts(found.contacts, strings: strings)
                    + found.leads.map {
                        DuplicateRow(
                            id: $0.record.id.description,
                            name: "\($0.record.displayName) (\(strings["lead_duplicate_kind"] ?? "lead"))",
                            url: Paths.lead($0.record.id), reasons: DuplicateRows.reasons($0, strings: strings))
                    }
            } ?? []
        return LeadFormPage(
            action: lead.map { Paths.lead($0.id) } ?? Paths.leads(),
            cancel_url: lead.map { Paths.lead($0.id) } ?? Paths.leads(), is_new: lead == nil,
            version: lead.map { String($0.version) }, person_name: draft.personName,
            company_name: draft.companyName, phone: draft.phone, email: draft.email, interest: draft.interest,
            province: draft.province, industry: draft.industry,
            sources: LeadSource.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["source_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == draft.source)
            },
            may_reassign: mayReassign, owners: directory.owners(selected: draft.ownerID),
            route_selected: draft.ownerID == "route", errors: errors ?? [:],
            has_errors: errors.map { !$0.isEmpty } ?? false, duplicates: rows, has_duplicates: !rows.isEmpty)
    }
}
