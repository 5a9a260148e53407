import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// What the invoice pages share: the payment terms a form suggests and where a missing field is fixed.
enum InvoicePageValues {
    static let termsExamples = ["due_on_receipt", "net_7", "net_15", "net_30", "net_60", "eom_30"]

    /// Where a missing field is added: the account, the company or invoicing settings, or this page.
    static func fixLink(for field: String, invoice: Invoice) -> (url: String, label: String) {
        if field.hasPrefix("buyer.") { return (Paths.editAccount(invoice.accountID), "invoice_fix_account") }
        if field.hasPrefix("seller.") { return (Paths.companySettings(), "invoice_fix_company") }
        if field.hasPrefix("settings.") { return (Paths.invoiceSettings(), "invoice_fix_settings") }
        if field.hasPrefix("lines") { return ("#lines", "invoice_fix_lines") }
        return ("#invoice-details", "invoice_fix_details")
    }
}

/// The register page's period as people read it: `from` and `to` both included (the API's `to` is not). Without
/// dates it is this month, first to last day.
enum RegisterPageQuery {
    /// The query the service reads (its `to` the day after the one typed) and the last day shown.
    static func parse(
        _ request: Request, services: Services, viewer: Viewer
    ) async throws -> (query: RegisterQuery, until: CalendarDate) {
        let today = try await services.invoices.today(companyID: viewer.companyID)
        var from = today.firstOfMonth
        var until = today.lastOfMonth
        for name in ["from", "to"] {
            guard let text = request.query(name), !text.isEmpty else { continue }
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: name, message: "must be a date (YYYY-MM-DD).")
            }
            if name == "from" { from = date } else { until = date }
        }
        guard from <= until else {
            throw RequestError.invalidParameter(name: "to", message: "must be on or after from.")
        }
        var kind = InvoiceKind.invoice
        if let text = request.query("kind"), !text.isEmpty {
            guard let parsed = InvoiceKind(rawValue: text) else {
                throw RequestError.invalidParameter(name: "kind", message: "must be invoice or credit_note.")
            }
            kind = parsed
        }
        return (RegisterQuery(kind: kind, from: from, to: until.adding(days: 1)), until)
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
    func rows(
        errors: ValidationErrors?, strings: [String: String], translate: (FieldError) -> String
    ) -> [InvoiceDetailPage.AdjustmentRow] {
        let all = rows + Array(repeating: AdjustmentDraft(kind: "allowance"), count: Self.emptyRows)
        return all.enumerated().map { index, row in
            var problems: [String: String] = [:]
            for error in errors?.errors ?? [] where error.field.hasPrefix("adjustments[\(index)].") {
                let field = String(error.field.dropFirst("adjustments[\(index)].".count))
                problems[field] = problems[field].map { "\($0) \(translate(error))" } ?? translate(error)
            }
            let category = (row.taxCategory ?? "").trimmingCharacters(in: .whitespaces)
            let kind = row.kind ?? "allowance"
            return InvoiceDetailPage.AdjustmentRow(
                index: String(index), number: String(index + 1),
                kinds: DocumentAllowanceCharge.Kind.allCases.map {
                    PageChoice(
                        value: $0.rawValue, label: strings["invoice_adjustment_\($0.rawValue)"] ?? $0.rawValue,
                        selected: $0.rawValue == kind)
                },
                amount: row.amount ?? "", percent: row.percent ?? "", reason: row.reason ?? "",
                categories: [
                    PageChoice(
                        value: "", label: strings["invoice_adjustment_by_lines"] ?? "", selected: category.isEmpty)
                ]
                    + TaxCategory.allCases.map {
                        PageChoice(
                            value: $0.rawValue, label: strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                            selected: $0.rawValue == category)
                    },
                errors: problems, has_errors: !problems.isEmpty)
        }
    }
}

/// The credit-note form as typed: the whole invoice, or an amount including VAT in one tax category.
struct CreditNoteInput {
    /// "amount" (the default) or "full", which cancels the whole invoice and must be chosen.
    var mode = "amount"
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
        // Only an explicit "full" cancels the invoice; a form without a choice credits an amount (and asks for it).
        guard mode != "full" else {
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
