import BentaCore
import Foundation

/// The lines table of every sales document PDF (quote, invoice, credit note): columns and rows.
public enum DocumentPDFLines {
    /// Description, quantity with unit, unit price, discount, tax and amount, filling the A4 content width.
    public static func columns(currency: Currency) -> [PDFTableColumn] {
        [
            PDFTableColumn("Description", width: 175), PDFTableColumn("Qty", width: 55, alignment: .right),
            PDFTableColumn("Unit price", width: 70, alignment: .right),
            PDFTableColumn("Discount", width: 50, alignment: .right), PDFTableColumn("Tax", width: 60),
            PDFTableColumn("Amount (\(currency.code))", width: 71.9, alignment: .right),
        ]
    }

    /// Each line with its amounts as plain numbers (the header names the currency).
    /// The table rows of `items`; `stated` gives each line's amount as the document states it (an issued
    /// invoice's frozen figures), else it is computed.
    public static func rows(_ items: [LineItem], currency: Currency, stated: [Money] = []) -> [[String]] {
        let plain = MoneyFormatter()
        return items.enumerated().map { index, item in
            let line = item.line
            let amount = stated.indices.contains(index) ? stated[index] : try? line.amount(currency: currency)
            var discount = ""
            switch line.discount {
            case .percent(let rate)?: discount = "\(DecimalText.format(rate))%"
            case .amount(let money)?: discount = plain.formatPlain(money)
            case nil: break
            }
            let tax =
                line.taxCategory == .vatable
                ? "VAT \(DecimalText.format(line.ratePercent))%" : line.taxCategory.philippineLabel
            return [
                line.description, DecimalText.format(line.quantity) + (line.unit.isEmpty ? "" : " \(line.unit)"),
                line.unitPriceText(currency: currency), discount, tax,
                amount.map { plain.formatPlain($0) } ?? "",
            ]
        }
    }
}
