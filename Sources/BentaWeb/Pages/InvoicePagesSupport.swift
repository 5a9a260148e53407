import BentaCore
import BentaServices
import BentaStore
import Foundation

/// The values of the invoice pages that do not need the database: header facts, credit notes, the issue refusal,
/// the timeline and the register's totals.
struct InvoicePageValues {
    static let termsExamples = ["due_on_receipt", "net_7", "net_15", "net_30", "net_60", "eom_30"]

    let strings: [String: String]
    let language: LanguageCode
    let directory: PageDirectory

    /// Number, status, parties, dates, terms, payment reference, totals and balance.
    func header(_ document: InvoiceService.Document) -> [String: Any] {
        let invoice = document.invoice
        let money = MoneyFormatter(language: language)
        let isCredit = invoice.kind == .creditNote
        let display = document.balance?.status(of: invoice, today: document.today) ?? .draft
        let number = invoice.number ?? (strings["invoice_draft"] ?? "Draft")
        let kindLabel = strings["invoice_kind_\(invoice.kind.rawValue)"] ?? invoice.kind.rawValue
        let totals = document.totals
        let date = { (day: CalendarDate) in DateFormatting.display(day, language: language) }
        var balance: [String: Any]?
        if let value = document.balance, invoice.status == .issued, !isCredit {
            balance = [
                "credited": (value.credited.isZero ? nil : money.format(value.credited)) as Any,
                "paid": (value.paid.isZero ? nil : money.format(value.paid)) as Any, "open": money.format(value.open),
            ]
        }
        return [
            "id": invoice.id.description, "version": String(invoice.version), "heading": "\(kindLabel) \(number)",
            "kind_label": kindLabel, "number": number, "is_draft": invoice.status == .draft,
            "is_credit_note": isCredit, "status": display.rawValue,
            "status_label": strings["invoice_status_\(display.rawValue)"] ?? display.rawValue,
            "account_url": Paths.account(invoice.accountID), "buyer_name": document.buyer.name,
            "buyer_address": nonEmpty(document.buyer.address) as Any, "buyer_tin": document.buyer.tin as Any,
            "buyer_contact": document.buyer.contactName as Any,
            "issue_date": invoice.issueDate.map(date) as Any,
            "due_date": (isCredit ? nil : invoice.dueDate.map(date)) as Any,
            "terms": (isCredit ? nil : invoice.fields.paymentTerms.description) as Any,
            "payment_reference": (isCredit ? nil : invoice.paymentReference.map(CreditorReference.printed)) as Any,
            "currency": invoice.fields.currency.code, "owner": directory.userName(invoice.ownerID),
            "notes": nonEmpty(invoice.fields.notes) as Any, "reason": nonEmpty(invoice.fields.reason) as Any,
            "corrects_url": invoice.correctsInvoiceID.map(Paths.invoice) as Any,
            "corrects_number": document.correctedNumber as Any,
            "deal_url": invoice.dealID.map { "/deals/\($0)" } as Any,
            "adjustments": Self.adjustments(document, strings: strings, money: money),
            "prices_include_tax": invoice.fields.pricesIncludeTax,
            "total": money.format(totals.totalWithTax), "vat": money.format(totals.totalTax),
            "balance": balance as Any,
            "pdf_url": Paths.invoicePDF(invoice.id), "print_url": "/invoices/\(invoice.id)/print",
            "update_url": Paths.invoice(invoice.id),
            "issue_url": Paths.issueInvoice(invoice.id), "discard_url": Paths.discardInvoice(invoice.id),
            "credit_url": Paths.creditInvoice(invoice.id),
        ]
    }

    /// Each document allowance and charge as printed: "Discount 5%" or its reason, the tax category, the amount
    /// as entered (in the document's price mode) and, when VAT-inclusive prices make it differ, without VAT; zero
    /// shares left out.
    static func adjustments(
        _ document: InvoiceService.Document, strings: [String: String], money: MoneyFormatter
    ) -> [[String: Any]] {
        let fields = document.invoice.fields
        return zip(fields.adjustments, document.totals.allowanceChargeNets).compactMap { item, net in
            guard !item.amount.isZero else { return nil }
            let isCharge = item.kind == .charge
            let reason = item.reason ?? (strings["invoice_adjustment_\(item.kind.rawValue)"] ?? item.kind.rawValue)
            return [
                "is_charge": isCharge,
                "sign_label": strings[isCharge ? "invoice_adjustment_add" : "invoice_adjustment_less"] ?? "",
                "reason": reason, "percent": item.percent.map { "\(DecimalText.format($0))%" } as Any,
                "tax": strings["tax_\(item.taxCategory.rawValue)"] ?? item.taxCategory.rawValue,
                "amount": money.format(item.amount),
                "net": (net != item.amount ? money.format(net) : nil) as Any,
            ]
        }
    }

    /// The credit notes of an issued invoice and the form for a new one.
    static func creditNotes(
        _ notes: [Invoice], input: CreditNoteInput, errors: [String: String], strings: [String: String]
    ) -> [String: Any] {
        let money = MoneyFormatter()
        return [
            "credit_notes": notes.map { note -> [String: Any] in
                [
                    "url": Paths.invoice(note.id), "number": note.number ?? "",
                    "issue_date": note.issueDate?.iso8601String ?? "",
                    "total": (try? note.totals()).map { money.format($0.totalWithTax) } ?? "",
                    "reason": nonEmpty(note.fields.reason) as Any,
                ]
            },
            "has_credit_notes": !notes.isEmpty,
            "credit_full": input.mode != "amount", "credit_amount_mode": input.mode == "amount",
            "credit_amount": input.amount, "credit_reason": input.reason,
            "credit_categories": TaxCategory.allCases.map {
                [
                    "value": $0.rawValue, "label": strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": $0.rawValue == (input.taxCategory.isEmpty ? "vatable" : input.taxCategory),
                ]
            },
            "credit_errors": errors, "has_credit_errors": !errors.isEmpty,
        ]
    }

    /// Each field an issue was refused for, named in the reader's language with a link to where it is fixed.
    static func issueProblems(
        _ errors: ValidationErrors, invoice: Invoice, strings: [String: String]
    ) -> [[String: Any]] {
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
            let (url, fix) = fixLink(for: error.field, invoice: invoice)
            let label = strings["invoice_requirement_\(key)"]
            return [
                "field": error.field, "label": label ?? error.field,
                "message": (label == nil ? error.message : nil) as Any,
                "fix_url": url, "fix_label": strings[fix] ?? fix,
            ]
        }
    }

    /// Where a missing field is added: the account, the company or invoicing settings, or this page.
    static func fixLink(for field: String, invoice: Invoice) -> (url: String, label: String) {
        if field.hasPrefix("buyer.") { return (Paths.editAccount(invoice.accountID), "invoice_fix_account") }
        if field.hasPrefix("seller.") { return (Paths.companySettings, "invoice_fix_company") }
        if field.hasPrefix("settings.") { return (Paths.invoiceSettings, "invoice_fix_settings") }
        if field.hasPrefix("lines") { return ("#lines", "invoice_fix_lines") }
        return ("#invoice-details", "invoice_fix_details")
    }

    /// The audit events of the invoice and its credit notes: who, when, what.
    func timeline(_ events: [AuditEvent], of invoice: Invoice) -> [[String: Any]] {
        events.map { event in
            let details =
                (try? JSONSerialization.jsonObject(with: Data(event.details.utf8))) as? [String: Any] ?? [:]
            return [
                "when": directory.dateTime(event.occurredAt), "who": event.actorID.map(directory.userName) as Any,
                "what": strings["audit_\(event.action.replacingOccurrences(of: ".", with: "_"))"] ?? event.action,
                "event_number": details["number"] as? String as Any,
                "event_url": (event.entityID == invoice.id.description ? nil : "/invoices/\(event.entityID)") as Any,
            ]
        }
    }

    /// One totals row per currency (the register may mix them).
    static func registerTotals(_ rows: [InvoiceService.RegisterRow], money: MoneyFormatter) -> [[String: Any]] {
        var order: [Currency] = []
        var sums: [Currency: [Money]] = [:]
        for row in rows {
            let totals = row.totals
            let parts = [
                totals.vatableSales, totals.zeroRatedSales, totals.exemptSales, totals.totalTax, totals.totalWithTax,
            ]
            guard let current = sums[totals.totalWithTax.currency] else {
                order.append(totals.totalWithTax.currency)
                sums[totals.totalWithTax.currency] = parts
                continue
            }
            sums[totals.totalWithTax.currency] = zip(current, parts).map { (try? $0.adding($1)) ?? $0 }
        }
        return order.compactMap { currency in
            guard let sum = sums[currency], sum.count == 5 else { return nil }
            return [
                "currency": currency.code, "vatable": money.format(sum[0]), "zero_rated": money.format(sum[1]),
                "exempt": money.format(sum[2]), "vat": money.format(sum[3]), "total": money.format(sum[4]),
            ]
        }
    }
}

/// The discount and charge rows of the draft form, `adjustments[0][kind]`, `adjustments[0][amount]`,
/// `adjustments[0][percent]`, `adjustments[0][tax_category]`, `adjustments[0][reason]` and so on, without
/// JavaScript: the saved entries (a percentage discount as one row) and a few empty rows to add more.
struct AdjustmentRows {
    /// Empty rows offered under the saved ones.
    static let emptyRows = 2
    /// The rows as typed or saved, in order.
    var rows: [AdjustmentDraft]

    /// The rows of a saved draft: one per entry (`DocumentAdjustment.entries`).
    init(_ fields: InvoiceFields) {
        rows = DocumentAdjustment.entries(of: fields.adjustments).map { entry in
            switch entry.entry {
            case .fixed(let item):
                AdjustmentDraft(
                    kind: item.kind.rawValue, amount: item.amount.decimalString,
                    taxCategory: item.taxCategory.rawValue, reason: item.reason)
            case .percentage(let discount):
                AdjustmentDraft(
                    kind: DocumentAllowanceCharge.Kind.allowance.rawValue,
                    percent: DecimalText.format(discount.percent), reason: discount.reason)
            }
        }
    }

    init(rows: [AdjustmentDraft]) {
        self.rows = rows
    }

    /// The rows a form sent, rows left without an amount and a percent dropped (that removes an entry); nil when
    /// the form has no rows at all (an older form with the single `discount` field).
    init?(_ form: FormData) {
        var found = false
        var rows: [AdjustmentDraft] = []
        for index in 0..<(AdjustmentDraft.maxCount + Self.emptyRows) {
            let name = { (field: String) in "adjustments[\(index)][\(field)]" }
            guard ["kind", "amount", "percent", "tax_category", "reason"].contains(where: { form.has(name($0)) })
            else { continue }
            found = true
            let row = AdjustmentDraft(
                kind: form[name("kind")], amount: form[name("amount")], percent: form[name("percent")],
                taxCategory: form[name("tax_category")], reason: form[name("reason")])
            let isBlank = [row.amount, row.percent].allSatisfy {
                ($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            }
            if !isBlank { rows.append(row) }
        }
        guard found else { return nil }
        self.rows = rows
    }

    /// The rows of the form with a few empty ones, each with its problems ("adjustments[1].percent" is row 1's).
    func values(
        errors: ValidationErrors?, strings: [String: String], translate: (FieldError) -> String
    ) -> [[String: Any]] {
        let all = rows + Array(repeating: AdjustmentDraft(kind: "allowance"), count: Self.emptyRows)
        return all.enumerated().map { index, row in
            var problems: [String: String] = [:]
            for error in errors?.errors ?? [] where error.field.hasPrefix("adjustments[\(index)].") {
                let field = String(error.field.dropFirst("adjustments[\(index)].".count))
                problems[field] = problems[field].map { "\($0) \(translate(error))" } ?? translate(error)
            }
            let category = (row.taxCategory ?? "").trimmingCharacters(in: .whitespaces)
            let kind = row.kind ?? "allowance"
            return [
                "index": String(index), "number": String(index + 1),
                "kinds": DocumentAllowanceCharge.Kind.allCases.map {
                    [
                        "value": $0.rawValue, "label": strings["invoice_adjustment_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == kind,
                    ]
                },
                "amount": row.amount ?? "", "percent": row.percent ?? "", "reason": row.reason ?? "",
                "categories": [
                    ["value": "", "label": strings["invoice_adjustment_by_lines"] ?? "", "selected": category.isEmpty]
                ]
                    + TaxCategory.allCases.map {
                        [
                            "value": $0.rawValue, "label": strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                            "selected": $0.rawValue == category,
                        ]
                    },
                "errors": problems, "has_errors": !problems.isEmpty,
            ]
        }
    }
}

/// The credit-note form as typed: the whole invoice, or an amount including VAT in one tax category.
struct CreditNoteInput {
    var mode = "full"
    var amount = ""
    var taxCategory = ""
    var reason = ""

    init() {}

    init(_ form: FormData) {
        mode = form["mode"]
        amount = form["amount"]
        taxCategory = form["tax_category"]
        reason = form["reason"]
    }

    func request(currency: Currency) throws -> CreditNoteRequest {
        var errors = ValidationErrors()
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.add(field: "reason", code: "required", message: "Give the reason for the credit note.")
        }
        guard mode == "amount" else {
            try errors.throwIfAny()
            return .full
        }
        let category = TaxCategory(rawValue: taxCategory.isEmpty ? "vatable" : taxCategory)
        if category == nil {
            errors.add(field: "tax_category", code: "invalid_choice", message: "Choose vatable, zero_rated or exempt.")
        }
        let money = try? Money(decimalString: amount.trimmingCharacters(in: .whitespaces), currency: currency)
        if money == nil {
            errors.add(field: "amount", code: "invalid_amount", message: "Enter an amount such as 1500.00.")
        }
        try errors.throwIfAny()
        guard let money, let category else { throw errors }
        return .amount(money, taxCategory: category)
    }
}

/// The invoicing settings form as typed (or as saved).
struct InvoiceSettingsInput {
    var profile: String
    var pricesIncludeTax: Bool
    var defaultPaymentTerms: String
    var title: String
    var acknowledgementNumber: String
    var acknowledgementDate: String

    init(_ settings: InvoiceSettings) {
        profile = settings.profile.rawValue
        pricesIncludeTax = settings.pricesIncludeTax
        defaultPaymentTerms = settings.defaultPaymentTerms.code
        title = settings.title
        acknowledgementNumber = settings.acknowledgementNumber ?? ""
        acknowledgementDate = settings.acknowledgementDate?.iso8601String ?? ""
    }

    init(_ form: FormData) {
        profile = form["profile"]
        pricesIncludeTax = form["prices_include_tax"] == "true"
        defaultPaymentTerms = form["default_payment_terms"]
        title = form["title"]
        acknowledgementNumber = form["acknowledgement_number"]
        acknowledgementDate = form["acknowledgement_date"]
    }

    /// The same checks as the API's `PUT /api/v1/settings/invoicing`.
    var wire: InvoiceSettingsWire.Input {
        InvoiceSettingsWire.Input(
            profile: profile, pricesIncludeTax: pricesIncludeTax, defaultPaymentTerms: defaultPaymentTerms,
            title: title, acknowledgementNumber: acknowledgementNumber, acknowledgementDate: acknowledgementDate)
    }
}
