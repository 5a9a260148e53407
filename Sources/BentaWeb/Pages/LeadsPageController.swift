import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The lead pages: list, detail with timeline and actions, create and edit, status moves, conversion.
struct LeadsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.leads), use: list)
        group.post(RouterPath(Paths.leads), use: create)
        group.get(RouterPath(Paths.newLead), use: new)
        group.get(RouterPath(Paths.leadsExport), use: export)
        group.get("/leads/:id", use: show)
        group.post("/leads/:id", use: update)
        group.get("/leads/:id/edit", use: edit)
        group.post("/leads/:id/status", use: setStatus)
        group.post("/leads/:id/convert", use: convert)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let filter = try LeadsAPIController.filter(request)
        let page = try await services.leads.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let status = request.query("status") ?? "open"
        let filters: [(String, String?)] = [
            ("q", filter.query), ("owner_id", filter.ownerID?.description), ("status", request.query("status")),
            ("source", filter.source?.rawValue),
        ]
        return renderer.render(
            "leads_list", title: strings["leads_title"] ?? "Leads",
            values: [
                "leads": page.items.map { lead -> [String: Any] in
                    [
                        "url": Paths.lead(lead.id), "name": lead.displayName,
                        "company": lead.fields.personName == nil ? "" : lead.fields.companyName ?? "",
                        "phone": lead.fields.phone?.display ?? "", "email": lead.fields.email?.value ?? "",
                        "source": strings["source_\(lead.fields.source.rawValue)"] ?? lead.fields.source.rawValue,
                        "status": lead.status.rawValue,
                        "status_label": strings["lead_status_\(lead.status.rawValue)"] ?? lead.status.rawValue,
                        "owner": directory.userName(lead.fields.ownerID),
                        "created": directory.dateTime(lead.createdAt),
                    ]
                },
                "has_leads": !page.items.isEmpty, "q": filter.query ?? "",
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords,
                "statuses": (["open", "all"] + LeadStatus.allCases.map(\.rawValue)).map {
                    [
                        "value": $0, "label": strings["lead_status_\($0)"] ?? $0, "selected": $0 == status,
                    ]
                },
                "sources": LeadSource.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["source_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0 == filter.source,
                    ]
                },
                "next_url": page.nextCursor.map { Paths.leads + QueryString.make(filters + [("cursor", $0)]) } as Any,
                "export_url": Paths.leadsExport + QueryString.make(filters),
                "nav_leads": true,
            ],
            identity: context.identity, language: context.user.language)
    }

    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let csv = try await services.leads.exportCSV(
            viewer: context.viewer, filter: try LeadsAPIController.filter(request))
        return CSVResponse.make(csv, filename: "leads.csv")
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await detail(try PathID.parse(context, entity: "lead"), cursor: request.query("before"), context: context)
    }

    /// The lead page; `converting` is the conversion form sent back by its account picker (shown again with what
    /// was typed and the picker's matches).
    private func detail(
        _ id: Lead.ID, cursor: String?, context: AuthenticatedContext, converting: FormData? = nil
    ) async throws -> Response {
        let lead = try await services.leads.lead(id, viewer: context.viewer)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let panels = try await RecordPanels(services: services, renderer: renderer).values(
            for: .lead(id), context: context, directory: directory, cursor: cursor,
            returnTo: Paths.lead(id),
            phones: lead.fields.phone.map { [["value": $0.raw, "label": $0.display]] } ?? [])
        // Homes for the lead when converting: any account the viewer can see, found by the picker's search; it
        // starts with the accounts named like the lead's company.
        var accountPicker: [String: Any]?
        if lead.status == .qualified {
            var picking = PickerInput(converting ?? FormData())
            if converting == nil, let company = lead.fields.companyName {
                picking = PickerInput(FormData(fields: ["pick_q_account_id": [String(company.prefix(40))]]))
            }
            accountPicker = try await RecordPicker.accounts(
                chosen: converting?["account_id"] ?? "", input: picking, services: services, viewer: context.viewer
            ).values(
                label: strings["field_account"] ?? "Account",
                noneLabel: strings["lead_convert_new_account"] ?? "A new account", strings: strings)
        }
        let f = lead.fields
        var values: [String: Any] = [
            "lead": [
                "name": lead.displayName, "person_name": f.personName ?? "", "company_name": f.companyName ?? "",
                "phone": f.phone?.display ?? "", "phone_tel": f.phone?.e164 ?? "", "email": f.email?.value ?? "",
                "source": strings["source_\(f.source.rawValue)"] ?? f.source.rawValue, "interest": f.interest ?? "",
                "province": f.province ?? "", "industry": f.industry ?? "", "owner": directory.userName(f.ownerID),
                "status": lead.status.rawValue,
                "status_label": strings["lead_status_\(lead.status.rawValue)"] ?? lead.status.rawValue,
                "disqualify_reason": lead.disqualifyReason ?? "", "is_open": lead.isOpen,
                "is_qualified": lead.status == .qualified, "is_converted": lead.status == .converted,
                "converted_account_url": lead.convertedAccountID.map(Paths.account) ?? "",
                "created_at": directory.dateTime(lead.createdAt), "updated_at": directory.dateTime(lead.updatedAt),
                "edit_url": Paths.editLead(id), "status_url": Paths.leadStatus(id),
                "convert_url": Paths.convertLead(id),
                "version": lead.version,
            ],
            "next_statuses": lead.status.manualNextStatuses.filter { $0 != .disqualified }.map {
                ["value": $0.rawValue, "label": strings["lead_action_\($0.rawValue)"] ?? $0.rawValue]
            },
            "may_disqualify": lead.status.manualNextStatuses.contains(.disqualified),
            "account_picker": accountPicker as Any,
            "convert_account_name": converting?["account_name"] ?? "",
            "convert_deal_title": converting?["deal_title"] ?? "", "nav_leads": true,
        ]
        values.merge(panels) { _, new in new }
        return renderer.render(
            "lead_detail", title: lead.displayName, values: values, identity: context.identity,
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
        var draft = Self.draft(from: context.form ?? FormData())
        // "route" in the owner picker lets the routing rules choose, as for leads from outside.
        let byRouting = draft.ownerID == "route"
        if byRouting { draft.ownerID = "" }
        do {
            let made = try await services.leads.create(
                draft, viewer: context.viewer, companyID: context.viewer.companyID, byRouting: byRouting)
            return .redirect(to: Paths.lead(made.lead.id), type: .normal)
        } catch let errors as ValidationErrors {
            return try await form(draft: draft, lead: nil, errors: errors, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let lead = try await services.leads.lead(try PathID.parse(context, entity: "lead"), viewer: context.viewer)
        return try await form(draft: LeadDraft(lead.fields), lead: lead, errors: nil, context: context)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Lead.ID = try PathID.parse(context, entity: "lead")
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let mayReassign = context.user.role.mayReassignOwners
        do {
            let lead = try await services.leads.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
            ) { current in
                let owner = current.ownerID
                current = draft
                if !mayReassign || draft.ownerID.isEmpty || draft.ownerID == "route" { current.ownerID = owner }
            }
            return .redirect(to: Paths.lead(lead.id), type: .normal)
        } catch let errors as ValidationErrors {
            let lead = try await services.leads.lead(id, viewer: context.viewer)
            return try await form(draft: draft, lead: lead, errors: errors, context: context)
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

    private func form(
        draft: LeadDraft, lead: Lead?, errors: ValidationErrors?, context: AuthenticatedContext,
        status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let title = lead == nil ? (strings["lead_new"] ?? "New lead") : (lead?.displayName ?? "")
        return renderer.render(
            "lead_form", title: title,
            values: [
                "action": lead.map { Paths.lead($0.id) } ?? Paths.leads,
                "cancel_url": lead.map { Paths.lead($0.id) } ?? Paths.leads, "is_new": lead == nil,
                "version": lead.map { String($0.version) } ?? "", "person_name": draft.personName,
                "company_name": draft.companyName, "phone": draft.phone, "email": draft.email,
                "interest": draft.interest, "province": draft.province, "industry": draft.industry,
                "sources": LeadSource.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["source_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == draft.source,
                    ]
                },
                "may_reassign": context.user.role.mayReassignOwners,
                "owners": directory.ownerOptions(selected: draft.ownerID),
                "route_selected": draft.ownerID == "route",
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false,
                "nav_leads": true,
            ],
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }

    static func draft(from form: FormData) -> LeadDraft {
        var draft = LeadDraft()
        draft.personName = form["person_name"]
        draft.companyName = form["company_name"]
        draft.phone = form["phone"]
        draft.email = form["email"]
        draft.source = form["source"]
        draft.interest = form["interest"]
        draft.province = form["province"]
        draft.industry = form["industry"]
        draft.ownerID = form["owner_id"]
        return draft
    }
}
