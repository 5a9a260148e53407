import BentaCore
import Foundation

/// The `line_editor` partial's values (deal, quote and invoice pages): the priced lines with their totals and,
/// while the document may change, the add form and a remove button per line. A page embeds it as `line_editor` and
/// opens the partial inside `{{#line_editor}}…{{/line_editor}}`. Built by ``LineEditor/part(items:currency:pricesIncludeTax:addURL:removeURL:version:editable:products:newLine:errors:language:documentTotals:)``.
struct LineEditorPart {
    /// The document's totals under the lines.
    struct Totals {
        var without_tax: String
        var vat: String
        var with_tax: String
        var vatable: String
        var zero_rated: String
        var exempt: String
        var has_zero_rated: Bool
        var has_exempt: Bool
    }

    /// The line typed in the add form (empty, or as sent back with its problems).
    struct NewLine {
        var description: String
        var quantity: String
        var unit: String
        var unit_price: String
        var discount_percent: String
    }

    var lines: [LineRow]
    var has_lines: Bool
    /// Nil without lines (or when they cannot be totalled).
    var totals: Totals?
    var editable: Bool
    var prices_include_tax: Bool
    var add_url: String
    var line_version: String
    /// The add form's product picker; nil when the lines cannot change.
    var product_picker: RecordPickerField?
    var new_line: NewLine
    var tax_choices: [PageChoice]
    var line_errors: [String: String]
    var has_line_errors: Bool
}

/// One line as the lines card, the quote and the invoice print views show it.
struct LineRow {
    var description: String
    var quantity: String
    var unit: String
    var unit_price: String
    var discount: String
    var tax: String
    var amount: String
    /// The line's remove button (lines card only).
    var remove_url: String?

    /// `line` in `currency`; `stated` is the document's own amount for it when it has one (an issued invoice's).
    static func make(
        _ line: DocumentLine, currency: Currency, strings: [String: String], stated: Money? = nil,
        removeURL: String? = nil
    ) -> LineRow {
        let money = MoneyFormatter()
        var discount = ""
        switch line.discount {
        case .percent(let rate)?: discount = "\(DecimalText.format(rate))%"
        case .amount(let amount)?: discount = money.format(amount)
        case nil: break
        }
        return LineRow(
            description: line.description, quantity: DecimalText.format(line.quantity), unit: line.unit,
            unit_price: line.unitPriceText(currency: currency), discount: discount,
            tax: LineEditor.taxLabel(line, strings: strings),
            amount: (stated ?? (try? line.amount(currency: currency))).map(money.format) ?? "", remove_url: removeURL)
    }
}

extension LineEditor {
    /// The typed values for the `line_editor` partial. The add form posts to `addURL`, each line's remove button to
    /// `removeURL(index)`, with the document's version. `products` is the add form's product picker (nil when the
    /// lines cannot change); `documentTotals` the document's own totals when it has them (with its discounts and
    /// charges; an issued invoice's frozen figures), else the lines' alone are shown.
    func part(
        items: [LineItem], currency: Currency, pricesIncludeTax: Bool, addURL: String, removeURL: (Int) -> String,
        version: Int64, editable: Bool, products: RecordPicker?, newLine: LineDraft = LineDraft(),
        errors: ValidationErrors? = nil, language: LanguageCode, documentTotals: DocumentTotals? = nil
    ) -> LineEditorPart {
        let strings = renderer.translations.table(language)
        let money = MoneyFormatter(language: language)
        let stated = documentTotals?.lineAmounts ?? []
        let rows = items.enumerated().map { index, item in
            LineRow.make(
                item.line, currency: currency, strings: strings,
                stated: stated.indices.contains(index) ? stated[index] : nil, removeURL: removeURL(index))
        }
        var totals: LineEditorPart.Totals?
        if !items.isEmpty,
            let computed = documentTotals
                ?? (try? DocumentTotals.compute(
                    lines: items.map(\.line), pricesIncludeTax: pricesIncludeTax, currency: currency))
        {
            totals = LineEditorPart.Totals(
                without_tax: money.format(computed.totalWithoutTax), vat: money.format(computed.totalTax),
                with_tax: money.format(computed.totalWithTax), vatable: money.format(computed.vatableSales),
                zero_rated: money.format(computed.zeroRatedSales), exempt: money.format(computed.exemptSales),
                has_zero_rated: !computed.zeroRatedSales.isZero, has_exempt: !computed.exemptSales.isZero)
        }
        let shown = errors.map { renderer.fieldErrors($0, language: language) } ?? [:]
        return LineEditorPart(
            lines: rows, has_lines: !rows.isEmpty, totals: totals, editable: editable,
            prices_include_tax: pricesIncludeTax, add_url: addURL, line_version: String(version),
            product_picker: products?.partial(
                label: strings["line_product"] ?? "Product", noneLabel: strings["line_free_text"] ?? "",
                error: shown["product_id"], strings: strings),
            new_line: LineEditorPart.NewLine(
                description: newLine.description, quantity: newLine.quantity, unit: newLine.unit,
                unit_price: newLine.unitPrice, discount_percent: newLine.discountPercent),
            tax_choices: TaxCategory.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["tax_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == newLine.taxCategory)
            },
            line_errors: shown, has_line_errors: !shown.isEmpty)
    }
}
