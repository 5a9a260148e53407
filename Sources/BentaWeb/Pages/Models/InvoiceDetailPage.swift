import BentaCore
import BentaServices
import Foundation

/// One invoice or credit note: its header facts and totals, what the core allows on it (issue, discard, edit,
/// credit), the draft's form, the lines card, the credit notes and the timeline. Property names are the template's
/// (`invoice_detail.mustache`); a part the document does not have is nil.
struct InvoiceDetailPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// A document allowance or charge as shown in the facts.
    struct Adjustment {
        var is_charge: Bool
        var sign_label: String
        var reason: String
        var percent: String?
        var tax: String
        var amount: String
        /// The amount without VAT, when VAT-inclusive prices make it differ.
        var net: String?
    }

    /// What is owed on an issued invoice.
    struct Balance {
        var credited: String?
        var paid: String?
        var open: String
    }

    /// One instalment of an issued invoice (shown when there are several): when, how much, what is still open.
    struct InstalmentRow {
        var position: String
        var instalment_due: String
        var instalment_amount: String
        var instalment_open: String
    }

    /// A field an issue was refused for, with where it is fixed.
    struct IssueProblem {
        var field: String
        var label: String
        /// The service's message when there is no translated label.
        var message: String?
        var fix_url: String
        var fix_label: String
    }

    /// A credit note of the invoice.
    struct CreditNote {
        var url: String
        var number: String
        var issue_date: String
        var total: String
        /// The credit note's reason (not the page's `reason`, the invoice's own).
        var note_reason: String?
    }

    /// One discount or charge row of the draft form.
    struct AdjustmentRow {
        var index: String
        var number: String
        var kinds: [PageChoice]
        var amount: String
        var percent: String
        var reason: String
        var categories: [PageChoice]
        var errors: [String: String]
        var has_errors: Bool
    }

    /// One event of the timeline.
    struct Event {
        var when: String
        var who: String?
        var what: String
        var event_number: String?
        /// The credit note the event is about (nil for the document's own events).
        var event_url: String?
    }

    /// What a draft's form shows: as typed when it was sent back, else as saved.
    struct EditForm {
        var contactPicker: RecordPickerField
        var draft: InvoiceDraft?
        var fieldErrors: [String: String]?
        var formErrors: ValidationErrors?
    }

    /// The credit-note card of an issued invoice.
    struct Credit {
        var notes: [Invoice]
        var input: CreditNoteInput
        var errors: [String: String]
        var mayCredit: Bool
    }

    // Header.
    var version: String
    var heading: String
    var kind_label: String
    var number: String
    var is_draft: Bool
    var is_credit_note: Bool
    var status: String
    var status_label: String
    /// The other facts that hold beside the status (partly paid beside overdue, 2307 pending, …).
    var flags: [InvoiceFlagBadge]
    var instalments: [InstalmentRow]
    var has_instalments: Bool
    var account_url: String
    var buyer_name: String
    var buyer_address: String?
    var buyer_tin: String?
    var buyer_contact: String?
    var issue_date: String?
    var due_date: String?
    var terms: String?
    var payment_reference: String?
    var currency: String
    var owner: String
    var notes: String?
    var reason: String?
    var corrects_url: String?
    var corrects_number: String?
    var deal_url: String?
    var adjustments: [Adjustment]
    var prices_include_tax: Bool
    var total: String
    var vat: String
    var balance: Balance?
    var pdf_url: String
    var print_url: String
    var update_url: String
    var issue_url: String
    /// The page with the issue confirmation: the draft's "Issue invoice" button leads there, not to `issue_url`.
    var confirm_issue_url: String
    /// The confirmation is shown: its button posts to `issue_url`.
    var confirming_issue: Bool
    var discard_url: String
    var credit_url: String
    // What the core allows.
    var may_edit: Bool
    var may_issue: Bool
    var may_discard: Bool
    var may_issue_or_discard: Bool
    // The draft's form (only while it may be edited).
    var contact_picker: RecordPickerField?
    var currency_value: String
    var prices_include_tax_value: Bool
    var payment_terms_value: String
    var notes_value: String
    var adjustment_rows: [AdjustmentRow]
    var adjustments_error: String?
    var is_foreign: Bool
    var exchange_rate_value: String
    var exchange_rate_date_value: String
    var terms_examples: [String]
    var errors: [String: String]
    var has_errors: Bool
    var line_editor: LineEditorPart
    // Credit notes (an issued invoice).
    var shows_credit_notes: Bool
    var may_credit: Bool
    var credit_notes: [CreditNote]
    var has_credit_notes: Bool
    var credit_full: Bool
    var credit_amount_mode: Bool
    var credit_amount: String
    var credit_reason: String
    var credit_categories: [PageChoice]
    var credit_errors: [String: String]
    var has_credit_errors: Bool
    // Refusals.
    var issue_problems: [IssueProblem]
    var has_issue_problems: Bool
    var problem: String?
    var timeline: [Event]
    /// The Collections card (an issued invoice): dunning steps taken and today's decision.
    var dunning_panel: DunningPanelPart? = nil

    /// The page for `document`. `actions` are what the core allows; `edit` the draft's form (nil unless it may be
    /// edited), `credit` the credit-note card (nil unless an issued invoice), `keptVersion` the version a picker
    /// search kept from the form, `confirmingIssue` whether the issue confirmation is asked for.
    static func make(
        _ document: InvoiceService.Document, actions: Set<InvoiceAction>, edit: EditForm?, lineEditor: LineEditorPart,
        credit: Credit?, issueErrors: ValidationErrors?, timeline: [AuditEvent], problem: String?,
        keptVersion: Int64?, confirmingIssue: Bool = false, directory: PageDirectory, strings: [String: String],
        language: LanguageCode
    ) -> InvoiceDetailPage {
        let invoice = document.invoice
        let money = MoneyFormatter(language: language)
        let isCredit = invoice.kind == .creditNote
        let display = document.balance?.status(of: invoice, today: document.today) ?? .draft
        let number = invoice.number ?? (strings["invoice_draft"] ?? "Draft")
        let kindLabel = strings["invoice_kind_\(invoice.kind.rawValue)"] ?? invoice.kind.rawValue
        let totals = document.totals
        let date = { (day: CalendarDate) in DateFormatting.display(day, language: language) }
        var balance: Balance?
        var instalments: [InstalmentRow] = []
        if let value = document.balance, invoice.status == .issued, !isCredit, value.instalments.count > 1 {
            instalments = zip(value.instalments, value.instalmentOpenParts).map { part, open in
                InstalmentRow(
                    position: String(part.sequence), instalment_due: date(part.dueDate),
                    instalment_amount: money.format(part.amount), instalment_open: money.format(open))
            }
        }
        if let value = document.balance, invoice.status == .issued, !isCredit {
            balance = Balance(
                credited: value.credited.isZero ? nil : money.format(value.credited),
                paid: value.paid.isZero ? nil : money.format(value.paid), open: money.format(value.open))
        }
        let draft = edit?.draft
        let formErrors = edit?.formErrors
        let listProblems = (formErrors?.errors ?? []).filter { $0.field == "adjustments" }.map {
            strings["error_\($0.code)"] ?? $0.message
        }
        let rows =
            edit == nil
            ? nil : draft?.adjustments.map { AdjustmentRows(rows: $0) } ?? AdjustmentRows(invoice.fields)
        let creditInput = credit?.input ?? CreditNoteInput()
        return InvoiceDetailPage(
            version: String(keptVersion ?? invoice.version), heading: "\(kindLabel) \(number)", kind_label: kindLabel,
            number: number, is_draft: invoice.status == .draft, is_credit_note: isCredit, status: display.rawValue,
            status_label: strings["invoice_status_\(display.rawValue)"] ?? display.rawValue,
            flags: InvoiceFlagBadge.beside(
                display, flags: document.balance?.flags(of: invoice, today: document.today) ?? [], strings: strings),
            instalments: instalments, has_instalments: !instalments.isEmpty,
            account_url: Paths.account(invoice.accountID), buyer_name: document.buyer.name,
            buyer_address: nonEmpty(document.buyer.address), buyer_tin: document.buyer.tin,
            buyer_contact: document.buyer.contactName, issue_date: invoice.issueDate.map(date),
            due_date: isCredit ? nil : invoice.dueDate.map(date),
            terms: isCredit ? nil : invoice.fields.paymentTerms.description,
            payment_reference: isCredit ? nil : invoice.paymentReference.map(CreditorReference.printed),
            currency: invoice.fields.currency.code, owner: directory.userName(invoice.ownerID),
            notes: nonEmpty(invoice.fields.notes), reason: nonEmpty(invoice.fields.reason),
            corrects_url: invoice.correctsInvoiceID.map { Paths.invoice($0) },
            corrects_number: document.correctedNumber, deal_url: invoice.dealID.map { Paths.deal($0) },
            adjustments: adjustments(document, strings: strings, money: money),
            prices_include_tax: invoice.fields.pricesIncludeTax, total: money.format(totals.totalWithTax),
            vat: money.format(totals.totalTax), balance: balance, pdf_url: Paths.invoicePDF(invoice.id),
            print_url: Paths.invoicePrint(invoice.id), update_url: Paths.invoice(invoice.id),
            issue_url: Paths.issueInvoice(invoice.id),
            confirm_issue_url: Paths.invoice(invoice.id) + QueryString.make([("confirm", "issue")]) + "#issue-confirm",
            confirming_issue: confirmingIssue && actions.contains(.issue),
            discard_url: Paths.discardInvoice(invoice.id),
            credit_url: Paths.creditInvoice(invoice.id), may_edit: actions.contains(.edit),
            may_issue: actions.contains(.issue), may_discard: actions.contains(.discard),
            may_issue_or_discard: actions.contains(.issue) || actions.contains(.discard),
            contact_picker: edit?.contactPicker,
            currency_value: draft?.currency ?? invoice.fields.currency.code,
            prices_include_tax_value: draft?.pricesIncludeTax ?? invoice.fields.pricesIncludeTax,
            payment_terms_value: draft?.paymentTerms ?? invoice.fields.paymentTerms.code,
            notes_value: draft?.notes ?? invoice.fields.notes ?? "",
            adjustment_rows: rows?.rows(errors: formErrors, strings: strings) { error in
                strings["error_\(error.code)"] ?? error.message
            } ?? [],
            adjustments_error: listProblems.isEmpty ? nil : listProblems.joined(separator: " "),
            is_foreign: invoice.fields.currency != document.baseCurrency,
            exchange_rate_value: draft?.exchangeRate ?? invoice.fields.exchangeRate.map(DecimalText.format) ?? "",
            exchange_rate_date_value: draft?.exchangeRateDate ?? invoice.fields.exchangeRateDate?.iso8601String
                ?? "",
            terms_examples: InvoicePageValues.termsExamples, errors: edit?.fieldErrors ?? [:],
            has_errors: formErrors != nil, line_editor: lineEditor, shows_credit_notes: credit != nil,
            may_credit: credit?.mayCredit ?? false,
            credit_notes: (credit?.notes ?? []).map { note in
                CreditNote(
                    url: Paths.invoice(note.id), number: note.number ?? "",
                    issue_date: note.issueDate?.iso8601String ?? "",
                    total: (try? note.totals()).map { MoneyFormatter().format($0.totalWithTax) } ?? "",
                    note_reason: nonEmpty(note.fields.reason))
            },
            has_credit_notes: !(credit?.notes ?? []).isEmpty, credit_full: creditInput.mode == "full",
            credit_amount_mode: creditInput.mode != "full", credit_amount: creditInput.amount,
            credit_reason: creditInput.reason,
            credit_categories: TaxCategory.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == (creditInput.taxCategory.isEmpty ? "vatable" : creditInput.taxCategory))
            },
            credit_errors: credit?.errors ?? [:], has_credit_errors: !(credit?.errors ?? [:]).isEmpty,
            issue_problems: issueErrors.map { issueProblems($0, invoice: invoice, strings: strings) } ?? [],
            has_issue_problems: issueErrors != nil, problem: problem,
            timeline: events(timeline, of: invoice, directory: directory, strings: strings))
    }

    /// Each document allowance and charge as printed: "Discount 5%" or its reason, the tax category, the amount
    /// as entered (in the document's price mode) and, when VAT-inclusive prices make it differ, without VAT; zero
    /// shares left out.
    static func adjustments(
        _ document: InvoiceService.Document, strings: [String: String], money: MoneyFormatter
    ) -> [Adjustment] {
        let fields = document.invoice.fields
        return zip(fields.adjustments, document.totals.allowanceChargeNets).compactMap { item, net in
            guard !item.amount.isZero else { return nil }
            let isCharge = item.kind == .charge
            return Adjustment(
                is_charge: isCharge,
                sign_label: strings[isCharge ? "invoice_adjustment_add" : "invoice_adjustment_less"] ?? "",
                reason: item.reason ?? (strings["invoice_adjustment_\(item.kind.rawValue)"] ?? item.kind.rawValue),
                percent: item.percent.map { "\(DecimalText.format($0))%" },
                tax: strings["tax_\(item.taxCategory.rawValue)"] ?? item.taxCategory.rawValue,
                amount: money.format(item.amount), net: net != item.amount ? money.format(net) : nil)
        }
    }

    /// Each field an issue was refused for, named in the reader's language with a link to where it is fixed.
    static func issueProblems(
        _ errors: ValidationErrors, invoice: Invoice, strings: [String: String]
    ) -> [IssueProblem] {
        errors.errors.map { error in
            // "lines[2].description" → "lines_description"; "buyer.tin" → "buyer_tin".
            var key = ""
            var skipping = false
            for character in error.field {
                if character == "[" {
                    skipping = true
                } else if character == "]" {
                    skipping = false
                } else if !skipping {
                    key.append(character == "." ? "_" : character)
                }
            }
            let (url, fix) = InvoicePageValues.fixLink(for: error.field, invoice: invoice)
            let label = strings["invoice_requirement_\(key)"]
            return IssueProblem(
                field: error.field, label: label ?? error.field, message: label == nil ? error.message : nil,
                fix_url: url, fix_label: strings[fix] ?? fix)
        }
    }

    /// The audit events of the invoice and its credit notes: who, when, what.
    static func events(
        _ events: [AuditEvent], of invoice: Invoice, directory: PageDirectory, strings: [String: String]
    ) -> [Event] {
        /// The part of an audit row's details the timeline shows: the number a document was given.
        struct Details: Decodable {
            var number: String?
        }
        return events.map { event in
            let details = try? JSONDecoder().decode(Details.self, from: Data(event.details.utf8))
            return Event(
                when: directory.dateTime(event.occurredAt), who: event.actorID.map(directory.userName),
                what: strings["audit_\(event.action.replacingOccurrences(of: ".", with: "_"))"] ?? event.action,
                event_number: details?.number,
                event_url: event.entityID == invoice.id.description
                    ? nil : Invoice.ID(string: event.entityID).map { Paths.invoice($0) })
        }
    }
}
