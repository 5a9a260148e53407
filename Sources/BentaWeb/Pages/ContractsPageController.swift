import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The contract pages: the list (status, ending in 30/60/90 days), the contract with its lifecycle buttons,
/// amendments and signed copy, the draft form, and the admin's template page.
struct ContractsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("/contracts", use: list)
        group.get("/contracts/new", use: new)
        group.post("/contracts", use: create)
        group.get("/contracts/:id", use: show)
        group.get("/contracts/:id/edit", use: edit)
        group.post("/contracts/:id", use: update)
        group.post("/contracts/:id/send", use: send)
        group.post("/contracts/:id/sign", use: sign)
        group.post("/contracts/:id/activate", use: activate)
        group.post("/contracts/:id/terminate", use: terminate)
        group.post("/contracts/:id/signed-copy", use: upload)
        group.get("/contracts/:id/signed-copy", use: download)
        group.get("/contracts/:id/pdf", use: pdf)
        group.post("/contracts/:id/amendments", use: createAmendment)
        group.post("/contracts/:id/amendments/:amendment/send", use: sendAmendment)
        group.post("/contracts/:id/amendments/:amendment/sign", use: signAmendment)
        group.get("/settings/contract-templates", use: templates)
        group.post("/settings/contract-templates", use: createTemplate)
        group.post("/settings/contract-templates/:id", use: updateTemplate)
        group.post("/settings/contract-renewal", use: updateRenewal)
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
        let money = MoneyFormatter(language: context.user.language)
        let language = context.user.language
        let status = request.query("status") ?? "all"
        let ending = request.query("ending_within_days") ?? ""
        let filters: [(String, String?)] = [
            ("q", filter.query), ("status", status), ("ending_within_days", ending),
            ("owner_id", filter.ownerID?.description),
        ]
        let rows: [[String: Any]] = page.items.map { contract in
            let shown = contract.displayStatus(today: today)
            return [
                "url": "/contracts/\(contract.id)", "title": contract.fields.title, "number": contract.number ?? "—",
                "account": names[contract.fields.accountID] ?? "",
                "status": strings["contract_status_\(shown.rawValue)"] ?? shown.rawValue,
                "value": money.format(contract.effectiveValue),
                "start": DateFormatting.display(contract.fields.startDate, language: language),
                "end": DateFormatting.display(contract.effectiveEndDate, language: language),
                "owner": directory.userName(contract.fields.ownerID),
            ]
        }
        return renderer.render(
            "contracts_list", title: strings["contracts_title"] ?? "Contracts",
            values: [
                "contracts": rows, "has_contracts": !rows.isEmpty, "q": filter.query ?? "",
                "statuses": (["all"] + ContractStatus.allCases.map(\.rawValue)).map {
                    [
                        "value": $0,
                        "label": $0 == "all" ? strings["status_all"] ?? $0 : strings["contract_status_\($0)"] ?? $0,
                        "selected": $0 == status,
                    ]
                },
                "endings": ["30", "60", "90"].map {
                    [
                        "value": $0, "selected": $0 == ending,
                        "label": (strings["contracts_ending_days"] ?? "{days}").replacingOccurrences(
                            of: "{days}", with: $0),
                        "url": "/contracts" + QueryString.make([("ending_within_days", $0)]),
                    ]
                },
                "owners": directory.ownerOptions(selected: filter.ownerID?.description ?? ""),
                "show_owner_filter": context.user.role.seesAllRecords, "is_admin": context.user.role.isAdministrator,
                "has_next": page.nextCursor != nil,
                "next_url": page.nextCursor.map { "/contracts" + QueryString.make(filters + [("cursor", $0)]) } ?? "",
                "nav_contracts": true,
            ],
            identity: context.identity, language: context.user.language)
    }

    // MARK: Draft form

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var draft = ContractDraft()
        draft.accountID = request.query("account_id") ?? ""
        draft.dealID = request.query("deal_id") ?? ""
        draft.quoteID = request.query("quote_id") ?? ""
        draft.language = context.user.language.rawValue
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        draft.startDate = today.adding(days: 1).iso8601String
        draft.endDate = today.adding(days: 1).adding(months: 12).adding(days: -1).iso8601String
        draft.paymentTerms = PaymentTerms.net(days: 30).code
        try await prefill(&draft, context: context)
        return try await form(draft: draft, contract: nil, errors: nil, context: context)
    }

    /// A contract drawn up from an accepted quote or a won deal starts with its account, signatory, title and
    /// value (the quote's total with VAT, else the deal's amount).
    private func prefill(_ draft: inout ContractDraft, context: AuthenticatedContext) async throws {
        var dealID = Deal.ID(string: draft.dealID)
        if let quoteID = Quote.ID(string: draft.quoteID) {
            let quote = try await services.quotes.quote(quoteID, viewer: context.viewer)
            draft.accountID = quote.accountID.description
            draft.signatoryContactID = quote.fields.contactID?.description ?? ""
            let total = try quote.totals().totalWithTax
            draft.value = total.decimalString
            draft.currency = total.currency.code
            dealID = quote.dealID
            draft.dealID = quote.dealID.description
        }
        guard let dealID else { return }
        let deal = try await services.deals.deal(dealID, viewer: context.viewer)
        draft.accountID = deal.fields.accountID.description
        draft.title = deal.fields.title
        if draft.signatoryContactID.isEmpty {
            draft.signatoryContactID = deal.fields.contactIDs.first?.description ?? ""
        }
        if draft.value.isEmpty {
            draft.value = deal.fields.amount.decimalString
            draft.currency = deal.fields.amount.currency.code
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contract = try await services.contracts.contract(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        try contract.check(.edit)
        return try await form(draft: ContractDraft(contract.fields), contract: contract, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let picking = PickerInput(submitted)
        if picking.isSearch {
            return try await form(draft: draft, contract: nil, errors: nil, context: context, picking: picking)
        }
        do {
            let contract = try await services.contracts.create(draft, viewer: context.viewer)
            return .redirect(to: "/contracts/\(contract.id)", type: .normal)
        } catch let errors as ValidationErrors {
            return try await form(draft: draft, contract: nil, errors: errors, context: context, picking: picking)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let submitted = context.form ?? FormData()
        let draft = Self.draft(from: submitted)
        let mayReassign = context.user.role.mayReassignOwners
        let picking = PickerInput(submitted)
        if picking.isSearch {
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await form(draft: draft, contract: contract, errors: nil, context: context, picking: picking)
        }
        do {
            _ = try await services.contracts.update(
                id, viewer: context.viewer, expectedVersion: Int64(submitted["version"])
            ) { current in
                let owner = current.ownerID
                current = draft
                if !mayReassign || draft.ownerID.isEmpty { current.ownerID = owner }
            }
            return .redirect(to: "/contracts/\(id)", type: .normal)
        } catch let errors as ValidationErrors {
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await form(draft: draft, contract: contract, errors: errors, context: context, picking: picking)
        }
    }

    static func draft(from form: FormData) -> ContractDraft {
        var draft = ContractDraft()
        draft.title = form["title"]
        draft.accountID = form["account_id"]
        draft.signatoryContactID = form["signatory_contact_id"]
        draft.ownerID = form["owner_id"]
        draft.dealID = form["deal_id"]
        draft.quoteID = form["quote_id"]
        draft.templateID = form["template_id"]
        draft.language = form["language"]
        draft.bodyTemplate = form["body"]
        draft.startDate = form["start_date"]
        draft.endDate = form["end_date"]
        draft.value = form["value"]
        draft.currency = form["currency"]
        draft.paymentTerms = form["payment_terms"]
        draft.billingSchedule.kind = form["schedule_kind"]
        draft.billingSchedule.date = form["schedule_date"]
        draft.billingSchedule.from = form["schedule_from"]
        draft.billingSchedule.to = form["schedule_to"]
        draft.billingSchedule.amount = form["schedule_amount"]
        // One milestone a line: "name | YYYY-MM-DD | amount".
        draft.billingSchedule.milestones = form.list("milestones").compactMap { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !(parts.count == 1 && parts[0].isEmpty) else { return nil }
            return .init(
                name: parts[0], date: parts.count > 1 ? parts[1] : "", amount: parts.count > 2 ? parts[2] : "")
        }
        return draft
    }

    private func form(
        draft: ContractDraft, contract: Contract?, errors: ValidationErrors?, context: AuthenticatedContext,
        picking: PickerInput = .none
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
        let schedule = draft.billingSchedule
        var fieldErrors = errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:]
        for (key, message) in fieldErrors where key.hasPrefix("billing_schedule.") {
            fieldErrors["billing_schedule"] = [fieldErrors["billing_schedule"], message].compactMap { $0 }.joined(
                separator: " ")
            fieldErrors[key] = nil
        }
        return renderer.render(
            "contract_form", title: contract?.fields.title ?? (strings["contract_new"] ?? "New contract"),
            values: [
                "is_new": contract == nil, "action": contract.map { "/contracts/\($0.id)" } ?? "/contracts",
                "cancel_url": contract.map { "/contracts/\($0.id)" } ?? "/contracts",
                "version": contract.map { String(picking.keptVersion ?? $0.version) } ?? "",
                "title_value": draft.title,
                "deal_id": draft.dealID, "quote_id": draft.quoteID, "body": draft.bodyTemplate,
                "start_date": draft.startDate, "end_date": draft.endDate, "value": draft.value,
                "currency": draft.currency, "payment_terms": draft.paymentTerms,
                "schedule_date": schedule.date, "schedule_from": schedule.from, "schedule_to": schedule.to,
                "schedule_amount": schedule.amount,
                "milestones": schedule.milestones.map { "\($0.name) | \($0.date) | \($0.amount)" }.joined(
                    separator: "\n"),
                "schedule_kinds": ["", "one_off", "monthly", "quarterly", "milestones"].map {
                    [
                        "value": $0, "label": strings["contract_schedule_\($0.isEmpty ? "none" : $0)"] ?? $0,
                        "selected": $0 == schedule.kind,
                    ]
                },
                "account_picker": accounts.values(
                    label: strings["contract_buyer"] ?? "Buyer", noneLabel: strings["choose_account"] ?? "",
                    isRequired: true, error: fieldErrors["account_id"], strings: strings),
                "signatory_picker": signatories.values(
                    label: strings["contract_signatory"] ?? "Signatory",
                    noneLabel: strings["contract_choose_signatory"] ?? "", isRequired: true,
                    error: fieldErrors["signatory_contact_id"], strings: strings),
                "templates": templates.map {
                    [
                        "id": $0.id.description, "name": "\($0.name) (\($0.language.rawValue))",
                        "selected": $0.id.description == draft.templateID,
                    ]
                },
                "languages": LanguageCode.allCases.map {
                    ["value": $0.rawValue, "label": $0.displayName, "selected": $0.rawValue == draft.language]
                },
                "terms_examples": ["due_on_receipt", "net_15", "net_30", "net_60", "eom_30"],
                "placeholders": ContractTemplateText.placeholders.map { "{{\($0)}}" }.joined(separator: " "),
                "may_reassign": context.user.role.mayReassignOwners,
                "owners": directory.ownerOptions(selected: draft.ownerID),
                "errors": fieldErrors, "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_contracts": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    // MARK: Detail

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contract = try await services.contracts.contract(
            try PathID.parse(context, entity: "contract"), viewer: context.viewer)
        return try await detail(contract, errors: nil, context: context)
    }

    private func detail(
        _ contract: Contract, errors: ValidationErrors?, context: AuthenticatedContext
    ) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let language = context.user.language
        let money = MoneyFormatter(language: language)
        let parties = try await services.contracts.parties(of: contract, viewer: context.viewer)
        let amendments = try await services.contracts.amendments(contract.id, viewer: context.viewer)
        let today = try await services.contracts.today(companyID: context.viewer.companyID)
        let shown = contract.displayStatus(today: today)
        let f = contract.fields
        let base = "/contracts/\(contract.id)"
        let actions = contract.allowedActions
        return renderer.render(
            "contract_detail", title: f.title,
            values: [
                "title_value": f.title, "number": contract.number ?? "", "has_number": contract.number != nil,
                "status": strings["contract_status_\(shown.rawValue)"] ?? shown.rawValue,
                "account_url": "/accounts/\(f.accountID)",
                "seller_name": parties.sellerName, "seller_address": parties.sellerAddress,
                "seller_tin": parties.sellerTIN ?? "", "buyer_name": parties.buyerName,
                "buyer_address": parties.buyerAddress, "buyer_tin": parties.buyerTIN ?? "",
                "signatory": parties.signatoryName, "owner": directory.userName(f.ownerID),
                "start": DateFormatting.display(f.startDate, language: language),
                "end": DateFormatting.display(f.endDate, language: language),
                "value": money.format(f.value),
                "terms": Self.termsLabel(f.paymentTerms, strings: strings),
                "is_amended": contract.effectiveEndDate != f.endDate || contract.effectiveValue != f.value,
                "effective_end": DateFormatting.display(contract.effectiveEndDate, language: language),
                "effective_value": money.format(contract.effectiveValue),
                "issue_date": contract.issueDate.map { DateFormatting.display($0, language: language) },
                "signed_date": contract.signedDate.map { DateFormatting.display($0, language: language) },
                "termination_reason": contract.terminationReason ?? "",
                "is_terminated": contract.terminationReason != nil,
                "schedule": f.billingSchedule.map { schedule in
                    schedule.entries().map {
                        [
                            "date": DateFormatting.display($0.date, language: language),
                            "description": $0.description, "amount": money.format($0.amount),
                        ]
                    }
                } ?? [],
                "has_schedule": f.billingSchedule != nil, "body": contract.body(parties: parties),
                "base": base, "pdf_url": "\(base)/pdf", "edit_url": "\(base)/edit",
                "may_edit": actions.contains(.edit), "may_send": actions.contains(.send),
                "may_sign": actions.contains(.sign), "may_activate": actions.contains(.activate),
                "may_terminate": actions.contains(.terminate), "may_upload": actions.contains(.uploadSignedCopy),
                "has_signed_copy": contract.hasSignedCopy, "may_amend": actions.contains(.amend),
                "version": String(contract.version),
                "amendments": amendments.map { amendment -> [String: Any] in
                    [
                        "number": amendment.number ?? "—", "title": amendment.title, "body": amendment.body,
                        "status": strings["amendment_status_\(amendment.status.rawValue)"] ?? amendment.status.rawValue,
                        "effective": DateFormatting.display(amendment.effectiveDate, language: language),
                        "new_end": amendment.newEndDate.map { DateFormatting.display($0, language: language) } ?? "",
                        "new_value": amendment.newValue.map(money.format) ?? "",
                        "send_url": amendment.allowedActions.contains(.send)
                            ? "\(base)/amendments/\(amendment.id)/send" : nil,
                        "sign_url": amendment.allowedActions.contains(.sign)
                            ? "\(base)/amendments/\(amendment.id)/sign" : nil,
                    ]
                },
                "has_amendments": !amendments.isEmpty,
                "errors": errors.map { renderer.fieldErrors($0, language: language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_contracts": true,
            ],
            identity: context.identity, language: language, status: errors == nil ? .ok : .unprocessableContent)
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

    @Sendable func send(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.send(id, viewer: context.viewer, expectedVersion: version(context))
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    @Sendable func sign(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.sign(id, viewer: context.viewer, expectedVersion: version(context))
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    @Sendable func activate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.activate(id, viewer: context.viewer, expectedVersion: version(context))
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    @Sendable func terminate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        do {
            _ = try await services.contracts.terminate(
                id, reason: context.form?["reason"] ?? "", viewer: context.viewer, expectedVersion: version(context))
        } catch let errors as ValidationErrors {
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await detail(contract, errors: errors, context: context)
        }
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    /// The version a button was rendered with; a stale page gets 412 instead of acting on a changed contract.
    private func version(_ context: AuthenticatedContext) -> Int64? {
        Int64(context.form?["version"] ?? "")
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
        return .redirect(to: "/contracts/\(id)", type: .normal)
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
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        let form = context.form ?? FormData()
        var draft = AmendmentDraft()
        draft.title = form["title"]
        draft.body = form["body"]
        draft.effectiveDate = form["effective_date"]
        draft.newEndDate = form["new_end_date"]
        draft.newValue = form["new_value"]
        do {
            _ = try await services.contracts.createAmendment(draft, contractID: id, viewer: context.viewer)
        } catch let errors as ValidationErrors {
            let contract = try await services.contracts.contract(id, viewer: context.viewer)
            return try await detail(contract, errors: errors, context: context)
        }
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    @Sendable func sendAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.sendAmendment(
            try PathID.parse(context, "amendment", entity: "amendment"), contractID: id, viewer: context.viewer,
            expectedVersion: nil)
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    @Sendable func signAmendment(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Contract.ID = try PathID.parse(context, entity: "contract")
        _ = try await services.contracts.signAmendment(
            try PathID.parse(context, "amendment", entity: "amendment"), contractID: id, viewer: context.viewer,
            expectedVersion: nil)
        return .redirect(to: "/contracts/\(id)", type: .normal)
    }

    // MARK: Templates (admin)

    @Sendable func templates(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        return try await templatesPage(errors: nil, failedID: nil, context: context)
    }

    @Sendable func createTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            _ = try await services.contracts.createTemplate(
                name: form["name"], language: form["language"], body: form["body"], viewer: context.viewer)
        } catch let errors as ValidationErrors {
            return try await templatesPage(errors: errors, failedID: "new", context: context)
        }
        return .redirect(to: "/settings/contract-templates", type: .normal)
    }

    @Sendable func updateTemplate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: ContractTemplate.ID = try PathID.parse(context, entity: "contract_template")
        let form = context.form ?? FormData()
        do {
            _ = try await services.contracts.updateTemplate(
                id, name: form["name"], language: form["language"], body: form["body"], viewer: context.viewer,
                expectedVersion: Int64(form["version"]))
        } catch let errors as ValidationErrors {
            return try await templatesPage(errors: errors, failedID: id.description, context: context)
        }
        return .redirect(to: "/settings/contract-templates", type: .normal)
    }

    @Sendable func updateRenewal(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let text = context.form?["renewal_notice_days"] ?? ""
        do {
            guard let days = Int(text.trimmingCharacters(in: .whitespaces)) else {
                var errors = ValidationErrors()
                errors.add(field: "renewal_notice_days", code: "out_of_range", message: "Enter 1 to 365 days.")
                throw errors
            }
            try await services.contracts.setRenewalNoticeDays(days, viewer: context.viewer)
        } catch let errors as ValidationErrors {
            return try await templatesPage(errors: errors, failedID: "renewal", context: context)
        }
        return .redirect(to: "/settings/contract-templates", type: .normal)
    }

    private func templatesPage(
        errors: ValidationErrors?, failedID: String?, context: AuthenticatedContext
    ) async throws -> Response {
        try ContractService.checkMayEditTemplates(context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let templates = try await services.contracts.templates(viewer: context.viewer)
        let form = context.form
        let fieldErrors = errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:]
        func languages(_ selected: String) -> [[String: Any]] {
            LanguageCode.allCases.map {
                ["value": $0.rawValue, "label": $0.displayName, "selected": $0.rawValue == selected]
            }
        }
        let rows: [[String: Any]] = templates.map { template in
            let failed = failedID == template.id.description
            return [
                "id": template.id.description, "action": "/settings/contract-templates/\(template.id)",
                "name": failed ? form?["name"] ?? template.name : template.name,
                "body": failed ? form?["body"] ?? template.body : template.body,
                "languages": languages(failed ? form?["language"] ?? "" : template.language.rawValue),
                "version": String(template.version), "is_built_in": template.isBuiltIn,
                "errors": failed ? fieldErrors : [:], "has_errors": failed,
            ]
        }
        let isNewFailed = failedID == "new"
        return renderer.render(
            "contract_templates", title: strings["contract_templates_title"] ?? "Contract templates",
            values: [
                "templates": rows, "placeholders": ContractTemplateText.placeholders.map { "{{\($0)}}" },
                "new_name": isNewFailed ? form?["name"] ?? "" : "", "new_body": isNewFailed ? form?["body"] ?? "" : "",
                "new_languages": languages(isNewFailed ? form?["language"] ?? "en" : "en"),
                "new_errors": isNewFailed ? fieldErrors : [:],
                "renewal_notice_days": failedID == "renewal"
                    ? form?["renewal_notice_days"] ?? ""
                    : String(try await services.contracts.renewalNoticeDays(viewer: context.viewer)),
                "renewal_errors": failedID == "renewal" ? fieldErrors : [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false, "nav_settings": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
