import BentaCore
import BentaServices
import Foundation

/// The contract list: the filters as submitted (with the "ending within" shortcuts), one row per contract on this
/// page, the next page's link. Property names are the template's (`contracts_list.mustache`).
struct ContractsListPage: PageModel {
    struct Row {
        var url: String
        var title: String
        var number: String
        var account: String
        var status: String
        var value: String
        var start: String
        var end: String
        var owner: String
    }

    /// A shortcut to the contracts ending within some days.
    struct Ending {
        var value: String
        var selected: Bool
        var label: String
        var url: String
    }

    var contracts: [Row]
    var has_contracts: Bool
    var q: String
    var statuses: [PageChoice]
    var endings: [Ending]
    var owners: [PageOption]
    var show_owner_filter: Bool
    var is_admin: Bool
    var has_next: Bool
    var next_url: String?

    /// The page for `page` of contracts read with `filter`; `status` and `ending` are the filters as submitted.
    static func make(
        _ page: Page<Contract>, filter: ContractFilter, status: String, ending: String, today: CalendarDate,
        names: [Account.ID: String], directory: PageDirectory, role: Role, strings: [String: String],
        language: LanguageCode
    ) -> ContractsListPage {
        let money = MoneyFormatter(language: language)
        let filters: [(String, String?)] = [
            ("q", filter.query), ("status", status), ("ending_within_days", ending),
            ("owner_id", filter.ownerID?.description),
        ]
        let rows = page.items.map { contract in
            let shown = contract.displayStatus(today: today)
            return Row(
                url: Paths.contract(contract.id), title: contract.fields.title, number: contract.number ?? "—",
                account: names[contract.fields.accountID] ?? "",
                status: strings["contract_status_\(shown.rawValue)"] ?? shown.rawValue,
                value: money.format(contract.effectiveValue),
                start: DateFormatting.display(contract.fields.startDate, language: language),
                end: DateFormatting.display(contract.effectiveEndDate, language: language),
                owner: directory.userName(contract.fields.ownerID))
        }
        return ContractsListPage(
            contracts: rows, has_contracts: !rows.isEmpty, q: filter.query ?? "",
            statuses: (["all"] + ContractStatus.allCases.map(\.rawValue)).map {
                PageChoice(
                    value: $0,
                    label: $0 == "all" ? strings["status_all"] ?? $0 : strings["contract_status_\($0)"] ?? $0,
                    selected: $0 == status)
            },
            endings: ["30", "60", "90"].map {
                Ending(
                    value: $0, selected: $0 == ending,
                    label: (strings["contracts_ending_days"] ?? "{days}").replacingOccurrences(of: "{days}", with: $0),
                    url: Paths.contracts() + QueryString.make([("ending_within_days", $0)]))
            },
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, is_admin: role.isAdministrator, has_next: page.nextCursor != nil,
            next_url: page.nextCursor.map { Paths.contracts() + QueryString.make(filters + [("cursor", $0)]) })
    }
}

/// The contract draft's form (new or saved), as typed or saved. Property names are the template's
/// (`contract_form.mustache`).
struct ContractFormPage: PageModel {
    var is_new: Bool
    var action: String
    var cancel_url: String
    var version: String
    var title_value: String
    var deal_id: String
    var quote_id: String
    var body: String
    var start_date: String
    var end_date: String
    var value: String
    var currency: String
    var schedule_date: String
    var schedule_from: String
    var schedule_to: String
    var schedule_amount: String
    /// The milestones as rows of fields: those typed, then empty ones to fill.
    var milestone_rows: [MilestoneRow]
    var milestone_row_count: String
    var schedule_kinds: [PageChoice]
    var account_picker: RecordPickerField
    var signatory_picker: RecordPickerField
    var templates: [PageOption]
    var languages: [PageChoice]
    /// The payment terms offered, by their labels ("Net 30"); the draft's own terms too when not one of them.
    var terms_choices: [PageChoice]
    var placeholders: String
    var may_reassign: Bool
    var owners: [PageOption]
    var errors: [String: String]
    var has_errors: Bool

    /// One milestone's row of the form.
    struct MilestoneRow {
        var index: String
        var number: String
        var name: String
        var date: String
        var amount: String
    }

    /// Empty milestone rows offered after those typed; "add more rows" adds as many again.
    static let emptyMilestoneRows = 3
    /// The most milestone rows the form shows (a schedule takes at most 100 milestones).
    static let maximumMilestoneRows = 100

    /// The payment terms the form offers, as codes.
    static let offeredTerms = [
        "due_on_receipt", "net_7", "net_15", "net_30", "net_45", "net_60", "net_90", "eom_15", "eom_30",
    ]

    /// The form for `draft`; `contract` is the saved contract (nil for a new one), `keptVersion` the version a
    /// picker search kept from the form, `milestoneRows` how many milestone rows to show at least. Problems of the
    /// billing schedule's parts are shown as one.
    static func make(
        _ draft: ContractDraft, contract: Contract?, keptVersion: Int64?, accountPicker: RecordPickerField,
        signatoryPicker: RecordPickerField, templates: [ContractTemplate], fieldErrors: [String: String],
        hasErrors: Bool, milestoneRows: Int = 0, directory: PageDirectory, role: Role, strings: [String: String]
    ) -> ContractFormPage {
        let schedule = draft.billingSchedule
        let typed = schedule.milestones
        let rowCount = min(maximumMilestoneRows, max(milestoneRows, typed.count + emptyMilestoneRows))
        let rows = (0..<max(rowCount, typed.count)).map { index in
            let milestone = index < typed.count ? typed[index] : nil
            return MilestoneRow(
                index: String(index), number: String(index + 1), name: milestone?.name ?? "",
                date: milestone?.date ?? "", amount: milestone?.amount ?? "")
        }
        let chosenTerms = PaymentTerms.parse(draft.paymentTerms)
        var terms = offeredTerms.compactMap(PaymentTerms.parse)
        if let chosenTerms, !terms.contains(chosenTerms) { terms.append(chosenTerms) }
        var termsChoices = terms.map {
            PageChoice(
                value: $0.code, label: ContractsPageController.termsLabel($0, strings: strings),
                selected: $0 == chosenTerms)
        }
        if chosenTerms == nil, !draft.paymentTerms.trimmingCharacters(in: .whitespaces).isEmpty {
            termsChoices.append(PageChoice(value: draft.paymentTerms, label: draft.paymentTerms, selected: true))
        }
        return ContractFormPage(
            is_new: contract == nil, action: contract.map { Paths.contract($0.id) } ?? Paths.contracts(),
            cancel_url: contract.map { Paths.contract($0.id) } ?? Paths.contracts(),
            version: contract.map { String(keptVersion ?? $0.version) } ?? "", title_value: draft.title,
            deal_id: draft.dealID, quote_id: draft.quoteID, body: draft.bodyTemplate, start_date: draft.startDate,
            end_date: draft.endDate, value: draft.value, currency: draft.currency,
            schedule_date: schedule.date, schedule_from: schedule.from, schedule_to: schedule.to,
            schedule_amount: schedule.amount,
            milestone_rows: rows, milestone_row_count: String(rows.count),
            schedule_kinds: ["", "one_off", "monthly", "quarterly", "milestones"].map {
                PageChoice(
                    value: $0, label: strings["contract_schedule_\($0.isEmpty ? "none" : $0)"] ?? $0,
                    selected: $0 == schedule.kind)
            },
            account_picker: accountPicker, signatory_picker: signatoryPicker,
            templates: templates.map {
                PageOption(
                    id: $0.id.description, name: "\($0.name) (\($0.language.rawValue))",
                    selected: $0.id.description == draft.templateID)
            },
            languages: LanguageCode.allCases.map {
                PageChoice(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == draft.language)
            },
            terms_choices: termsChoices,
            placeholders: ContractTemplateText.placeholders.map { "{{\($0)}}" }.joined(separator: " "),
            may_reassign: role.mayReassignOwners, owners: directory.owners(selected: draft.ownerID),
            errors: fieldErrors, has_errors: hasErrors)
    }

    /// The form's problems by field, those of the billing schedule's parts joined under `billing_schedule`.
    static func fieldErrors(_ errors: [String: String]) -> [String: String] {
        var fieldErrors = errors
        for (key, message) in errors where key.hasPrefix("billing_schedule.") {
            fieldErrors["billing_schedule"] = [fieldErrors["billing_schedule"], message].compactMap { $0 }.joined(
                separator: " ")
            fieldErrors[key] = nil
        }
        return fieldErrors
    }
}

/// One contract: parties, dates, value (as amended), the billing schedule, the text, what its status allows, the
/// amendments and their form. Property names are the template's (`contract_detail.mustache`).
struct ContractDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// One billing of the schedule.
    struct Billing {
        var date: String
        var description: String
        var amount: String
    }

    struct Amendment {
        var number: String
        var title: String
        var body: String
        var status: String
        var effective: String
        var new_end: String
        var new_value: String
        /// The amendment's send and sign buttons, when its status allows them.
        var send_url: String?
        var sign_url: String?
    }

    var title_value: String
    var number: String
    var has_number: Bool
    var status: String
    var account_url: String
    var seller_name: String
    var seller_address: String
    var seller_tin: String
    var buyer_name: String
    var buyer_address: String
    var buyer_tin: String
    var signatory: String
    var owner: String
    var start: String
    var end: String
    var value: String
    var terms: String
    var is_amended: Bool
    var effective_end: String
    var effective_value: String
    var issue_date: String?
    var signed_date: String?
    var termination_reason: String
    var is_terminated: Bool
    var schedule: [Billing]
    var has_schedule: Bool
    var pdf_url: String
    var edit_url: String
    var sign_contract_url: String
    var activate_url: String
    var terminate_url: String
    var signed_copy_url: String
    var amendments_url: String
    var may_edit: Bool
    var may_sign: Bool
    var may_activate: Bool
    var may_terminate: Bool
    var may_upload: Bool
    var has_signed_copy: Bool
    var may_amend: Bool
    var version: String
    var amendments: [Amendment]
    var has_amendments: Bool
    var errors: [String: String]
    var has_errors: Bool
    /// The draft's send form (recipient, subject, message); nil once sent.
    var send_form: DocumentSendPart?
    /// "Emailed to … on …", one a sending.
    var sent_to: [String]
    var has_sent_to: Bool
    var problem: String
    var has_problem: Bool
    /// The text's paragraphs (blank lines apart), each kept with its line breaks.
    var paragraphs: [String]

    /// The page for `contract` as shown on `today`; what it offers is what the core allows
    /// (`Contract.allowedActions`, `ContractAmendment.allowedActions`).
    static func make(
        _ contract: Contract, parties: ContractParties, amendments: [ContractAmendment], today: CalendarDate,
        fieldErrors: [String: String], hasErrors: Bool, sendForm: DocumentSendPart?, sentTo: [DocumentEmailSent],
        problem: String?, directory: PageDirectory, strings: [String: String], language: LanguageCode
    ) -> ContractDetailPage {
        let money = MoneyFormatter(language: language)
        let shown = contract.displayStatus(today: today)
        let f = contract.fields
        let actions = contract.allowedActions
        let date = { (day: CalendarDate) in DateFormatting.display(day, language: language) }
        return ContractDetailPage(
            title_value: f.title, number: contract.number ?? "", has_number: contract.number != nil,
            status: strings["contract_status_\(shown.rawValue)"] ?? shown.rawValue,
            account_url: Paths.account(f.accountID), seller_name: parties.sellerName,
            seller_address: parties.sellerAddress, seller_tin: parties.sellerTIN ?? "",
            buyer_name: parties.buyerName, buyer_address: parties.buyerAddress, buyer_tin: parties.buyerTIN ?? "",
            signatory: parties.signatoryName, owner: directory.userName(f.ownerID), start: date(f.startDate),
            end: date(f.endDate), value: money.format(f.value),
            terms: ContractsPageController.termsLabel(f.paymentTerms, strings: strings),
            is_amended: contract.effectiveEndDate != f.endDate || contract.effectiveValue != f.value,
            effective_end: date(contract.effectiveEndDate), effective_value: money.format(contract.effectiveValue),
            issue_date: contract.issueDate.map(date), signed_date: contract.signedDate.map(date),
            termination_reason: contract.terminationReason ?? "", is_terminated: contract.terminationReason != nil,
            schedule: f.billingSchedule.map { schedule in
                schedule.entries().map {
                    Billing(date: date($0.date), description: $0.description, amount: money.format($0.amount))
                }
            } ?? [],
            has_schedule: f.billingSchedule != nil,
            pdf_url: Paths.contractPDF(contract.id), edit_url: Paths.editContract(contract.id),
            sign_contract_url: Paths.signContract(contract.id),
            activate_url: Paths.activateContract(contract.id), terminate_url: Paths.terminateContract(contract.id),
            signed_copy_url: Paths.contractSignedCopy(contract.id),
            amendments_url: Paths.contractAmendments(contract.id), may_edit: actions.contains(.edit),
            may_sign: actions.contains(.sign),
            may_activate: actions.contains(.activate), may_terminate: actions.contains(.terminate),
            may_upload: actions.contains(.uploadSignedCopy), has_signed_copy: contract.hasSignedCopy,
            may_amend: actions.contains(.amend), version: String(contract.version),
            amendments: amendments.map { amendment in
                Amendment(
                    number: amendment.number ?? "—", title: amendment.title, body: amendment.body,
                    status: strings["amendment_status_\(amendment.status.rawValue)"] ?? amendment.status.rawValue,
                    effective: date(amendment.effectiveDate), new_end: amendment.newEndDate.map(date) ?? "",
                    new_value: amendment.newValue.map(money.format) ?? "",
                    send_url: amendment.allowedActions.contains(.send)
                        ? Paths.sendAmendment(contract.id, amendment.id) : nil,
                    sign_url: amendment.allowedActions.contains(.sign)
                        ? Paths.signAmendment(contract.id, amendment.id) : nil)
            },
            has_amendments: !amendments.isEmpty, errors: fieldErrors, has_errors: hasErrors, send_form: sendForm,
            sent_to: sentTo.map { DocumentSendPart.sentLine($0, directory: directory, strings: strings) },
            has_sent_to: !sentTo.isEmpty, problem: problem ?? "", has_problem: problem != nil,
            paragraphs: paragraphs(contract.body(parties: parties)))
    }

    /// `text` split at blank lines (a line of only spaces counts as blank), each paragraph trimmed; no empty ones.
    static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(String(line))
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }
}

/// The contract templates (admin): one form per template, the form for a new one, the renewal notice setting.
/// Property names are the template's (`contract_templates.mustache`); a form sent back with problems shows what
/// was typed.
struct ContractTemplatesPage: PageModel {
    struct Row {
        var id: String
        var action: String
        var name: String
        var body: String
        var languages: [PageChoice]
        var version: String
        var is_built_in: Bool
        var errors: [String: String]
        var has_errors: Bool
    }

    var templates: [Row]
    var placeholders: [String]
    var new_name: String
    var new_body: String
    var new_languages: [PageChoice]
    var new_errors: [String: String]
    var renewal_notice_days: String
    /// The settings' version the renewal form was read at (the current one after a stale save).
    var renewal_version: String
    var renewal_errors: [String: String]
    var has_errors: Bool

    /// The page for `templates`; `failedID` names the form that was sent back (a template's id, "new" or
    /// "renewal") with `form` as typed and its `fieldErrors`; `renewalNoticeDays` is the saved setting (not read
    /// when its own form was sent back).
    static func make(
        _ templates: [ContractTemplate], renewalNoticeDays: Int?, renewalVersion: Int64, failedID: String?,
        form: FormData?,
        fieldErrors: [String: String], hasErrors: Bool
    ) -> ContractTemplatesPage {
        func languages(_ selected: String) -> [PageChoice] {
            LanguageCode.allCases.map {
                PageChoice(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == selected)
            }
        }
        let isNewFailed = failedID == "new"
        return ContractTemplatesPage(
            templates: templates.map { template in
                let failed = failedID == template.id.description
                return Row(
                    id: template.id.description, action: Paths.contractTemplate(template.id),
                    name: failed ? form?["name"] ?? template.name : template.name,
                    body: failed ? form?["body"] ?? template.body : template.body,
                    languages: languages(failed ? form?["language"] ?? "" : template.language.rawValue),
                    version: String(template.version), is_built_in: template.isBuiltIn,
                    errors: failed ? fieldErrors : [:], has_errors: failed)
            },
            placeholders: ContractTemplateText.placeholders.map { "{{\($0)}}" },
            new_name: isNewFailed ? form?["name"] ?? "" : "", new_body: isNewFailed ? form?["body"] ?? "" : "",
            new_languages: languages(isNewFailed ? form?["language"] ?? "en" : "en"),
            new_errors: isNewFailed ? fieldErrors : [:],
            renewal_notice_days: failedID == "renewal"
                ? form?["renewal_notice_days"] ?? "" : renewalNoticeDays.map(String.init) ?? "",
            renewal_version: String(renewalVersion),
            renewal_errors: failedID == "renewal" ? fieldErrors : [:], has_errors: hasErrors)
    }
}
