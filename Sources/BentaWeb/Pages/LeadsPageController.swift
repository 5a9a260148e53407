import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The lead pages: list, detail with timeline and actions, create and edit, status moves, conversion.
struct LeadsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.leads, use: list)
        group.post(Paths.leads, use: create)
        group.get(Paths.newLead, use: new)
        group.get(Paths.leadsExport, use: export)
        group.get(Paths.lead, use: show)
        group.post(Paths.lead, use: update)
        group.get(Paths.editLead, use: edit)
        group.post(Paths.leadStatus, use: setStatus)
        group.post(Paths.convertLead, use: convert)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try LeadsAPIController.filter(request)
        let page = try await services.leads.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let model = LeadsListPage.make(
            page, filter: filter, status: request.query("status"), directory: directory, role: context.user.role,
            strings: strings)
        return renderer.render(
            "leads_list", title: strings["leads_title"] ?? "Leads", model: model, section: .leads,
            identity: context.identity, language: context.user.language)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.leads.exportCSV(
            viewer: context.viewer, filter: try LeadsAPIController.filter(request))
        return CSVResponse.make(csv, filename: "leads.csv")
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await detail(
            try PathID.parse(context, entity: "lead"), cursor: request.query("before"), context: context,
            saved: request.query("saved") != nil)
    }

    /// The lead page; `converting` is the conversion form sent back by its account picker (shown again with what
    /// was typed and the picker's matches).
    private func detail(
        _ id: Lead.ID, cursor: String?, context: AuthenticatedContext, converting: FormData? = nil,
        saved: Bool = false
    ) async throws -> Response {
        let lead = try await services.leads.lead(id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let loaded = try await RecordPanels(services: services, renderer: renderer).load(
            for: .lead(id), context: context, cursor: cursor)
        let panels = RecordPanelsPart.make(
            loaded, directory: directory, strings: strings, returnTo: Paths.lead(id),
            phones: lead.fields.phone.map { [$0] } ?? [])
        // Homes for the lead when converting: any account the viewer can see, found by the picker's search; it
        // starts with the accounts named like the lead's company.
        var accountPicker: RecordPicker?
        if lead.status == .qualified {
            var picking = PickerInput(converting ?? FormData())
            if converting == nil, let company = lead.fields.companyName {
                picking = PickerInput(FormData(fields: ["pick_q_account_id": [String(company.prefix(40))]]))
            }
            accountPicker = try await RecordPicker.accounts(
                chosen: converting?["account_id"] ?? "", input: picking, services: services, viewer: context.viewer)
        }
        var model = LeadDetailPage.make(
            lead, accountPicker: accountPicker, converting: converting, panels: panels, directory: directory,
            strings: strings, saved: saved)
        model.history_url = RecordHistoryPage.link(.lead, lead.id)
        return renderer.render(
            "lead_detail", title: lead.displayName, model: model, section: .leads, identity: context.identity,
            language: context.user.language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = LeadDraft()
        draft.source =
            request.query("source").flatMap(LeadSource.init(rawValue:))?.rawValue ?? LeadSource.walkIn.rawValue
        draft.phone = request.query("phone") ?? ""
        return try await form(draft: draft, lead: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        var draft = try LeadInput(form: submitted).draft()
        // "route" in the owner picker lets the routing rules choose, as for leads from outside.
        let byRouting = draft.ownerID == "route"
        if byRouting { draft.ownerID = "" }
        // A customer or an open lead with the same phone or email is shown first; the user confirms to save anyway.
        if submitted["confirm_duplicates"] != "1" {
            let country = try await services.companies.company(context.viewer.companyID).settings.country
            if let fields = try? draft.validated(defaultCountry: country, owner: context.user.id) {
                let found = try await services.duplicates.lead(like: fields, viewer: context.viewer)
                if !found.isEmpty {
                    return try await form(
                        draft: draft, lead: nil, errors: nil, context: context, duplicates: found,
                        status: .unprocessableContent)
                }
            }
        }
        return try await FormSubmission.submit {
            let made = try await services.leads.create(
                draft, viewer: context.viewer, companyID: context.viewer.companyID, byRouting: byRouting)
            return Paths.lead(made.lead.id) + Self.savedFlag
        } refused: { errors in
            try await form(draft: draft, lead: nil, errors: errors, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let lead = try await services.leads.lead(try PathID.parse(context, entity: "lead"), viewer: context.viewer)
        return try await form(draft: LeadDraft(lead.fields), lead: lead, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let submitted = context.form ?? FormData()
        let draft = try LeadInput(form: submitted).draft()
        // "route" (let the routing rules choose) applies only to a new lead: an edit keeps the owner then.
        let mayReassign = context.user.role.mayReassignOwners && draft.ownerID != "route"
        do {
            return try await FormSubmission.submit {
                let lead = try await services.leads.update(
                    id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
                ) { $0.replace(with: draft, mayReassign: mayReassign) }
                return Paths.lead(lead.id) + Self.savedFlag
            } refused: { errors in
                let lead = try await services.leads.lead(id, viewer: context.viewer)
                return try await form(draft: draft, lead: lead, errors: errors, context: context)
            }
        } catch RecordError.staleVersion {
            let lead = try await services.leads.lead(id, viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed this lead.")
            return try await form(
                draft: draft, lead: lead, errors: stale, context: context, status: .preconditionFailed)
        }
    }

    @Sendable func setStatus(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let form = context.form ?? FormData()
        guard let status = LeadStatus(rawValue: form["status"]) else {
            throw RequestError.invalidParameter(name: "status", message: "is not a lead status.")
        }
        _ = try await services.leads.setStatus(
            status, reason: form["reason"], of: id, viewer: context.viewer, expectedVersion: nil)
        return .redirect(to: Paths.lead(id), type: .normal)
    }

    @Sendable func convert(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let form = context.form ?? FormData()
        if PickerInput(form).isSearch { return try await detail(id, cursor: nil, context: context, converting: form) }
        let result = try await services.leads.convert(
            id, viewer: context.viewer, expectedVersion: nil, intoAccount: Account.ID(string: form["account_id"]),
            accountName: form["account_name"], dealTitle: form["deal_title"])
        return .redirect(to: Paths.account(result.account.id), type: .normal)
    }

    /// What a form's redirect adds to the lead's address so that its page says the lead was saved.
    static let savedFlag = QueryString.make([("saved", "1")])

    private func form(
        draft: LeadDraft, lead: Lead?, errors: ValidationErrors?, context: AuthenticatedContext,
        duplicates: LeadDuplicates? = nil, status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let title = lead == nil ? (strings["lead_new"] ?? "New lead") : (lead?.displayName ?? "")
        let model = LeadFormPage.make(
            draft: draft, lead: lead, errors: errors.map { renderer.fieldErrors($0, language: context.user.language) },
            mayReassign: context.user.role.mayReassignOwners, directory: directory, strings: strings,
            duplicates: duplicates)
        return renderer.render(
            "lead_form", title: title, model: model, section: .leads, identity: context.identity,
            language: context.user.language, status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
