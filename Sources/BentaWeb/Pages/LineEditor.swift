import BentaCore
import BentaServices
import BentaStore
import Foundation
import Hummingbird

/// The lines card of a deal or quote page: the priced lines with their totals and, while the document may change,
/// a plain form to add a line and a button per line to remove it (no JavaScript needed).
struct LineEditor {
    let renderer: PageRenderer

    /// Values for the `line_editor` partial. `baseURL` is the document's page (`/deals/…`); the forms post to
    /// `baseURL/lines` and `baseURL/lines/{index}/delete` with the document's version. `products` is the add form's
    /// product picker (nil when the lines cannot change).
    func values(
        items: [LineItem], currency: Currency, pricesIncludeTax: Bool, baseURL: String, version: Int64,
        editable: Bool, products: RecordPicker?, newLine: LineDraft = LineDraft(), errors: ValidationErrors? = nil,
        language: LanguageCode, documentTotals: DocumentTotals? = nil
    ) -> [String: Any] {
        let strings = renderer.translations.table(language)
        let money = MoneyFormatter(language: language)
        // The document's own totals when it has them (with its discounts and charges; an issued invoice's frozen
        // figures), else the lines' alone.
        let stated = documentTotals?.lineAmounts ?? []
        let rows: [[String: Any]] = items.enumerated().map { index, item in
            var row = Self.row(
                item.line, currency: currency, strings: strings,
                stated: stated.indices.contains(index) ? stated[index] : nil)
            row["remove_url"] = "\(baseURL)/lines/\(index)/delete"
            return row
        }
        var totals: [String: Any] = [:]
        if !items.isEmpty,
            let computed = documentTotals
                ?? (try? DocumentTotals.compute(
                    lines: items.map(\.line), pricesIncludeTax: pricesIncludeTax, currency: currency))
        {
            totals = [
                "without_tax": money.format(computed.totalWithoutTax), "vat": money.format(computed.totalTax),
                "with_tax": money.format(computed.totalWithTax),
                "vatable": money.format(computed.vatableSales), "zero_rated": money.format(computed.zeroRatedSales),
                "exempt": money.format(computed.exemptSales),
                "has_zero_rated": !computed.zeroRatedSales.isZero, "has_exempt": !computed.exemptSales.isZero,
            ]
        }
        let shown = errors.map { renderer.fieldErrors($0, language: language) } ?? [:]
        return [
            "lines": rows, "has_lines": !rows.isEmpty, "totals": totals, "editable": editable,
            "prices_include_tax": pricesIncludeTax, "add_url": "\(baseURL)/lines", "line_version": String(version),
            "product_picker": products?.values(
                label: strings["line_product"] ?? "Product", noneLabel: strings["line_free_text"] ?? "",
                error: shown["product_id"], strings: strings) as Any,
            "new_line": [
                "description": newLine.description, "quantity": newLine.quantity, "unit": newLine.unit,
                "unit_price": newLine.unitPrice, "discount_percent": newLine.discountPercent,
            ],
            "tax_choices": TaxCategory.allCases.map {
                [
                    "value": $0.rawValue, "label": strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": $0.rawValue == newLine.taxCategory,
                ]
            },
            "line_errors": shown, "has_line_errors": !shown.isEmpty,
        ]
    }

    /// The line typed in the add form.
    static func newLine(from form: FormData) -> LineDraft {
        var draft = LineDraft()
        draft.productID = form["product_id"]
        draft.description = form["description"]
        draft.quantity = form["quantity"]
        draft.unit = form["unit"]
        draft.unitPrice = form["unit_price"]
        draft.discountPercent = form["discount_percent"]
        draft.taxCategory = form["tax_category"]
        return draft
    }

    /// The problems of the line at `index` under their plain names (for the add form); other lines' under "lines".
    static func errorsForLine(_ errors: ValidationErrors, index: Int) -> ValidationErrors {
        let prefix = "lines[\(index)]."
        return ValidationErrors(
            errors.errors.map { error in
                if error.field.hasPrefix(prefix) {
                    return FieldError(
                        field: String(error.field.dropFirst(prefix.count)), code: error.code, message: error.message)
                }
                return FieldError(
                    field: error.field.hasPrefix("lines[") ? "lines" : error.field, code: error.code,
                    message: error.message)
            })
    }

    /// One line as the lines card, the quote and the invoice print views show it.
    static func row(
        _ line: DocumentLine, currency: Currency, strings: [String: String], stated: Money? = nil
    ) -> [String: Any] {
        let money = MoneyFormatter()
        var discount = ""
        switch line.discount {
        case .percent(let rate)?: discount = "\(DecimalText.format(rate))%"
        case .amount(let amount)?: discount = money.format(amount)
        case nil: break
        }
        return [
            "description": line.description, "quantity": DecimalText.format(line.quantity), "unit": line.unit,
            "unit_price": line.unitPriceText(currency: currency), "discount": discount,
            "tax": taxLabel(line, strings: strings),
            "amount": (stated ?? (try? line.amount(currency: currency))).map(money.format) ?? "",
        ]
    }

    static func taxLabel(_ line: DocumentLine, strings: [String: String]) -> String {
        let label = strings["tax_\(line.taxCategory.rawValue)"] ?? line.taxCategory.rawValue
        return line.taxCategory == .vatable ? "\(label) \(DecimalText.format(line.ratePercent))%" : label
    }
}

extension LineEditor {
    /// The add-line form of a deal, quote or invoice page: the document's lines plus the typed one go to `save`
    /// (with the version the page showed); a refusal re-renders the page with the problems beside the add form.
    /// The product picker's search sends the form too: the page is shown again with the typed line and the
    /// matches (no problems), nothing is saved.
    static func addLine(
        context: AuthenticatedContext, items: [LineItem], currency: Currency, redirect: String,
        save: ([LineDraft], Int64?) async throws -> Void,
        rerender: (LineDraft, ValidationErrors?, PickerInput) async throws -> Response
    ) async throws -> Response {
        let form = context.form ?? FormData()
        let newLine = newLine(from: form)
        let picking = PickerInput(form)
        if picking.isSearch { return try await rerender(newLine, nil, picking) }
        do {
            try await save(items.map { LineDraft($0, currency: currency) } + [newLine], Int64(form["version"]))
            return .redirect(to: redirect + "#lines", type: .normal)
        } catch let errors as ValidationErrors {
            return try await rerender(newLine, errorsForLine(errors, index: items.count), picking)
        }
    }

    /// The remove button of a line (`…/lines/:index/delete`): the other lines go to `save`; an index that is not a
    /// line of the document is 404.
    static func removeLine(
        context: AuthenticatedContext, items: [LineItem], currency: Currency, redirect: String,
        save: ([LineDraft], Int64?) async throws -> Void
    ) async throws -> Response {
        guard let index = context.parameters.get("index", as: Int.self) else {
            throw RequestError.invalidParameter(name: "index", message: "must be a line number.")
        }
        guard items.indices.contains(index) else { throw HTTPError(.notFound) }
        var remaining = items
        remaining.remove(at: index)
        try await save(
            remaining.map { LineDraft($0, currency: currency) }, Int64((context.form ?? FormData())["version"]))
        return .redirect(to: redirect + "#lines", type: .normal)
    }
}
