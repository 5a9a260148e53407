import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The contract pages: the list (status, ending in 30/60/90 days), the contract with its lifecycle buttons,
/// amendments and signed copy, the draft form, and the admin's template page.
struct ContractsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.contracts, use: list)
        group.get(Paths.newContract, use: new)
        group.post(Paths.contracts, use: create)
        group.get(Paths.contract, use: show)
        group.get(Paths.editContract, use: edit)
        group.post(Paths.contract, use: update)
        group.post(Paths.sendContract, use: send)
        group.post(Paths.signContract, use: sign)
        group.post(Paths.activateContract, use: activate)
        group.post(Paths.terminateContract, use: terminate)
        group.post(Paths.contractSignedCopy, use: upload)
        group.get(Paths.contractSignedCopy, use: download)
        group.get(Paths.contractPDF, use: pdf)
        group.post(Paths.contractAmendments, use: createAmendment)
        group.post(Paths.sendAmendment, use: sendAmendment)
        group.post(Paths.signAmendment, use: signAmendment)
        group.get(Paths.contractTemplates, use: templates)
        group.post(Paths.contractTemplates, use: createTemplate)
        group.post(Paths.contractTemplate, use: updateTemplate)
        group.post(Paths.contractRenewal, use: updateRenewal)
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        let filter = try ContractsAPIController.filter(request, today: today)
        let page = try await services.contracts.list(
            viewer: context.viewer, filter: filter, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let names = try await services.accounts.names(of: page.items.map(\.fields.accountID), viewer: context.viewer)
        let model = ContractsListPage.make(
            page, filter: filter, status: request.query("status") ?? "all",
            ending: request.query("ending_within_days") ?? "", today: today, names: names, directory: directory,
            role: context.user.role, strings: strings, language: context.user.language)
        return renderer.render(
            "contracts_list", title: strings["contracts_title"] ?? "Contracts", model: model, section: .contracts,
            identity: context.identity, language: context.user.language)
    }

    // MARK: Draft form

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = ContractDraft()
        draft.accountID = request.query("account_id") ?? ""
        draft.dealID = request.query("deal_id") ?? ""
        draft.quoteID = request.query("quote_id") ?? ""
        draft.language = context.user.language.rawValue
        draft = try await services.contracts.startingDraft(draft, viewer: context.viewer)
        return try await form(draft: draft, contract: nil, errors: nil, context: context)
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contract = try await services.contracts.contract(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        try contract.check(.edit)
        return try await form(draft: ContractDraft(contract.fields), contract: contract, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        if let rows = Self.moreMilestoneRows(context) {
            let draft = try ContractInput(form: context.form ?? FormData()).draft()
            return try await form(draft: draft, contract: nil, errors: nil, context: context, milestoneRows: rows)
        }
        return try await FormSubmission.record(ContractInput.self, context: context) { draft, _ in
            Paths.contract(try await services.contracts.create(draft, viewer: context.viewer).id)
        } show: { draft, errors, picking in
            try await form(draft: draft, contract: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let mayReassign = context.user.role.mayReassignOwners
        if let rows = Self.moreMilestoneRows(context) {
            let draft = try ContractInput(form: context.form ?? FormData()).draft()
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await form(
                draft: draft, contract: contract, errors: nil, context: context, milestoneRows: rows,
                keptVersion: Int64(context.form?["version"] ?? ""))
        }
        return try await FormSubmission.record(ContractInput.self, context: context) { draft, version in
            _ = try await services.contracts.update(id, viewer: context.viewer, expectedVersion: version) {
                $0.replace(with: draft, mayReassign: mayReassign)
            }
            return Paths.contract(id)
        } show: { draft, errors, picking in
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await form(draft: draft, contract: contract, errors: errors, context: context, picking: picking)
        }
    }

    /// "Add more rows" on the milestones (`more_milestones`): the rows the form had and as many empty ones again;
    /// nil for any other submit.
    static func moreMilestoneRows(_ context: AuthenticatedContext) -> Int? {
        guard let form = context.form, !form["more_milestones"].isEmpty else { return nil }
        return (Int(form["milestone_row_count"]) ?? 0) + ContractFormPage.emptyMilestoneRows
    }

    private func form(
        draft: ContractDraft, contract: Contract?, errors: ValidationErrors?, context: AuthenticatedContext,
        picking: PickerInput = .none, milestoneRows: Int = 0, keptVersion: Int64? = nil
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let accounts = try await RecordPicker.accounts(
            chosen: draft.accountID, input: picking, services: services, viewer: context.viewer)
        // The signatory is one of the chosen account's contacts; with no account yet, any contact (with its
        // account's name beside it).
        let signatories = try await RecordPicker.contacts(
            "signatory_contact_id", chosen: [draft.signatoryContactID],
            accountID: Account.ID(string: draft.accountID), input: picking, services: services, viewer: context.viewer)
        let templates = try await services.contracts.templates(viewer: context.viewer)
        let fieldErrors = ContractFormPage.fieldErrors(
            errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:])
        let model = ContractFormPage.make(
            draft, contract: contract, keptVersion: keptVersion ?? picking.keptVersion,
            accountPicker: accounts.partial(
                label: strings["contract_buyer"] ?? "Buyer", noneLabel: strings["choose_account"] ?? "",
                isRequired: true, error: fieldErrors["account_id"], strings: strings),
            signatoryPicker: signatories.partial(
                label: strings["contract_signatory"] ?? "Signatory",
                noneLabel: strings["contract_choose_signatory"] ?? "", isRequired: true,
                error: fieldErrors["signatory_contact_id"], strings: strings),
            templates: templates, fieldErrors: fieldErrors, hasErrors: errors.map { !$0.isEmpty } ?? false,
            milestoneRows: milestoneRows, directory: directory, role: context.user.role, strings: strings)
        return renderer.render(
            "contract_form", title: contract?.fields.title ?? (strings["contract_new"] ?? "New contract"),
            model: model, section: .contracts, identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    // MARK: Detail

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contract = try await services.contracts.contract(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return try await detail(contract, errors: nil, context: context)
    }

    /// The contract page; `sending` is the send form as sent back (its `errors` shown beside its fields), `problem`
    /// a refusal shown above the page (409).
    private func detail(
        _ contract: Contract, errors: ValidationErrors?, sending: DocumentEmailDraft? = nil, problem: String? = nil,
        context: AuthenticatedContext
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let language = context.user.language
        let parties = try await services.contracts.parties(of: contract, viewer: context.viewer)
        let amendments = try await services.contracts.amendments(contract.id, viewer: context.viewer)
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        let fieldErrors = errors.map { renderer.fieldErrors($0, language: language) } ?? [:]
        var sendForm: DocumentSendPart?
        if contract.allowedActions.contains(.send) {
            sendForm = DocumentSendPart.make(
                try await services.contracts.emailForm(contract.id, viewer: context.viewer), typed: sending,
                errors: sending == nil ? [:] : fieldErrors, action: Paths.sendContract(contract.id),
                version: String(contract.version), hint: strings["contract_send_hint"] ?? "")
        }
        var model = ContractDetailPage.make(
            contract, parties: parties, amendments: amendments, today: today, fieldErrors: fieldErrors,
            hasErrors: errors.map { !$0.isEmpty } ?? false, sendForm: sendForm,
            sentTo: try await services.contracts.sentTo(contract.id, viewer: context.viewer), problem: problem,
            directory: directory, strings: strings, language: language)
        let status: HTTPResponse.Status = problem != nil ? .conflict : errors == nil ? .ok : .unprocessableContent
        model.history_url = RecordHistoryPage.link(.contract, contract.id)
        return renderer.render(
            "contract_detail", title: contract.fields.title, model: model, section: .contracts,
            identity: context.identity, language: language, status: status)
    }

    /// The payment terms in the reader's language ("Net 30", "Katapusan ng buwan + 15 araw").
    static func termsLabel(_ terms: PaymentTerms, strings: [String: String]) -> String {
        switch terms {
        case .dueOnReceipt: return strings["payment_terms_due_on_receipt"] ?? terms.description
        case .net(let days):
            return (strings["payment_terms_net"] ?? terms.description).replacingOccurrences(
                of: "{days}", with: "\(days)")
        case .endOfMonthPlus(let days):
            return (strings["payment_terms_eom"] ?? terms.description).replacingOccurrences(
                of: "{days}", with: "\(days)")
        case .instalments: return terms.description
        }
    }

    // MARK: Lifecycle

    /// "Send by email" (`delivery=email`): numbers the contract and emails it to the chosen recipient; a refused
    /// recipient, subject or message comes back on the form beside its field, email not set up as a problem on the
    /// page. "Mark as sent" (`delivery=none`) only numbers it.
    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard form["delivery"] != "none" else {
            return try await act(context) { id, version in
                _ = try await services.contracts.send(id, viewer: context.viewer, expectedVersion: version)
            }
        }
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let typed = DocumentEmailDraft(to: form["to"], subject: form["subject"], message: form["message"])
        do {
            _ = try await services.contracts.send(
                id, email: typed, outbox: services.outbox, viewer: context.viewer,
                expectedVersion: Int64(form["version"]))
            return .redirect(to: Paths.contract(id), type: .normal)
        } catch let errors as ValidationErrors {
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await detail(contract, errors: errors, sending: typed, context: context)
        } catch RecordError.conflict(let code, let detail) where code == "email_not_configured" {
            let strings = renderer.translations.table(context.user.language)
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await self.detail(
                contract, errors: nil, sending: typed, problem: strings["error_\(code)"] ?? detail,
                context: context)
        }
    }

    @Sendable func sign(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, version in
            _ = try await services.contracts.sign(id, viewer: context.viewer, expectedVersion: version)
        }
    }

    @Sendable func activate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, version in
            _ = try await services.contracts.activate(id, viewer: context.viewer, expectedVersion: version)
        }
    }

    @Sendable func terminate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, version in
            _ = try await services.contracts.terminate(
                id, reason: context.form?["reason"] ?? "", viewer: context.viewer, expectedVersion: version)
        }
    }

    /// A button on the contract page (a lifecycle step, an amendment): `change` runs with the path's contract and
    /// the version the page was rendered with, where the step checks one (a stale page gets 412 instead of acting
    /// on a changed contract); then back to the contract, or the contract page with the problems.
    private func act(
        _ context: AuthenticatedContext, change: (Contract.ID, Int64?) async throws -> Void
    ) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        return try await FormSubmission.submit {
            try await change(id, Int64(context.form?["version"] ?? ""))
            return Paths.contract(id)
        } refused: { errors in
            try await detail(
                try await services.contracts.contract(id, viewer: context.viewer), errors: errors, context: context)
        }
    }

    @Sendable func upload(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        guard let file = context.multipart?.file("file"), !file.data.isEmpty else {
            var errors = ValidationErrors()
            errors.add(field: "file", code: "required", message: "Choose the signed copy (PDF, PNG or JPEG).")
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await detail(contract, errors: errors, context: context)
        }
        _ = try await services.contracts.uploadSignedCopy(
            id, data: Data(file.data), filename: file.filename ?? "signed-copy", viewer: context.viewer)
        return .redirect(to: Paths.contract(id), type: .normal)
    }

    @Sendable func download(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let file = try await services.contracts.signedCopy(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return ContractsAPIController.download(Array(file.data), mediaType: file.mediaType, filename: file.filename)
    }

    @Sendable func pdf(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let bytes = try await services.contracts.pdf(id, viewer: context.viewer)
        let contract = try await services.contracts.contract(id, viewer: context.viewer)
        return ContractsAPIController.download(
            bytes, mediaType: "application/pdf", filename: "\(contract.number ?? "contract-draft").pdf")
    }

    @Sendable func createAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        var draft = AmendmentDraft()
        draft.title = form["title"]
        draft.body = form["body"]
        draft.effectiveDate = form["effective_date"]
        draft.newEndDate = form["new_end_date"]
        draft.newValue = form["new_value"]
        return try await act(context) { id, _ in
            _ = try await services.contracts.createAmendment(draft, contractID: id, viewer: context.viewer)
        }
    }

    @Sendable func sendAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, _ in
            _ = try await services.contracts.sendAmendment(
                try PathID.parse(context, "amendment", entity: "amendment"), contractID: id, viewer: context.viewer,
                expectedVersion: nil)
        }
    }

    @Sendable func signAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await act(context) { id, _ in
            _ = try await services.contracts.signAmendment(
                try PathID.parse(context, "amendment", entity: "amendment"), contractID: id, viewer: context.viewer,
                expectedVersion: nil)
        }
    }

    // MARK: Templates (admin)

    @Sendable func templates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        return try await templatesPage(errors: nil, failedID: nil, context: context)
    }

    @Sendable func createTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        return try await FormSubmission.submit {
            _ = try await services.contracts.createTemplate(
                name: form["name"], language: form["language"], body: form["body"], viewer: context.viewer)
            return Paths.contractTemplates()
        } refused: { errors in
            try await templatesPage(errors: errors, failedID: "new", context: context)
        }
    }

    @Sendable func updateTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: ContractTemplate.ID = try PathID.parse(context, entity: "contract_template")
        let form = context.form ?? FormData()
        return try await FormSubmission.submit {
            _ = try await services.contracts.updateTemplate(
                id, name: form["name"], language: form["language"], body: form["body"], viewer: context.viewer,
                expectedVersion: Int64(form["version"]))
            return Paths.contractTemplates()
        } refused: { errors in
            try await templatesPage(errors: errors, failedID: id.description, context: context)
        }
    }

    @Sendable func updateRenewal(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let text = context.form?["renewal_notice_days"] ?? ""
        let version = Int64(context.form?["version"] ?? "") ?? 0
        return try await FormSubmission.submitVersioned {
            guard let days = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationErrors([
                    FieldError(field: "renewal_notice_days", code: "out_of_range", message: "Enter 1 to 365 days.")
                ])
            }
            try await services.contracts.setRenewalNoticeDays(days, viewer: context.viewer, expectedVersion: version)
            return Paths.contractTemplates()
        } refused: { errors in
            try await templatesPage(errors: errors, failedID: "renewal", context: context)
        }
    }

    private func templatesPage(
        errors: ValidationErrors?, failedID: String?, context: AuthenticatedContext
    ) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let templates = try await services.contracts.templates(viewer: context.viewer)
        let renewal = try await services.contracts.renewalNoticeSetting(viewer: context.viewer)
        let model = ContractTemplatesPage.make(
            templates, renewalNoticeDays: failedID == "renewal" ? nil : renewal.days,
            renewalVersion: renewal.version, failedID: failedID, form: context.form,
            fieldErrors: errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
            hasErrors: errors.map { !$0.isEmpty } ?? false)
        return renderer.render(
            "contract_templates", title: strings["contract_templates_title"] ?? "Contract templates", model: model,
            section: .settings, identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
