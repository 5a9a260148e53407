import Foundation

extension DocumentTotals {
    /// The problems that keep a document with these totals from being issued: a document allowance or charge in a
    /// (category, rate) group that has no line ("tax_category_not_on_lines"), a group whose taxable base or VAT is
    /// below zero ("negative_tax_base"), and a total of zero or less ("total_not_positive").
    ///
    /// A negative invoice is never issued; a correction is a credit note. Problems name the allowance or charge
    /// that causes them ("allowancesAndCharges[0].amount", "allowancesAndCharges[0].taxCategory"), else "lines".
    public func issueProblems(
        lines: [DocumentLine], allowancesAndCharges: [DocumentAllowanceCharge]
    ) -> ValidationErrors {
        var errors = ValidationErrors()
        let formatter = MoneyFormatter()
        for (index, item) in allowancesAndCharges.enumerated()
        where !lines.contains(where: { $0.taxCategory == item.taxCategory && $0.ratePercent == item.ratePercent }) {
            let what = item.kind == .allowance ? "discount" : "charge"
            errors.add(
                field: "allowancesAndCharges[\(index)].taxCategory", code: "tax_category_not_on_lines",
                message:
                    "The \(what) is \(item.taxCategory.philippineLabel) at \(DecimalText.format(item.ratePercent))%, "
                    + "but no line is; give it the tax category of the lines it applies to.")
        }
        for row in breakdown where row.taxableBase.isNegative || row.taxAmount.isNegative {
            let field = Self.allowanceField(
                in: allowancesAndCharges, category: row.taxCategory, ratePercent: row.ratePercent)
            errors.add(
                field: field, code: "negative_tax_base",
                message: "The discount is more than the \(row.taxCategory.philippineLabel) it applies to: the "
                    + "\(row.taxCategory.philippineLabel) would be \(formatter.formatPlain(row.taxableBase)). "
                    + "Lower the discount; a correction of an issued invoice is a credit note.")
        }
        if !totalWithTax.isPositive {
            let field = Self.allowanceField(in: allowancesAndCharges, category: nil, ratePercent: nil)
            errors.add(
                field: field, code: "total_not_positive",
                message:
                    "The invoice total would be \(formatter.formatPlain(totalWithTax)); an invoice must be for more "
                    + "than zero. A correction of an issued invoice is a credit note.")
        }
        return errors
    }

    /// The field of the first allowance of the group (any group when `category` is nil), else "lines".
    private static func allowanceField(
        in items: [DocumentAllowanceCharge], category: TaxCategory?, ratePercent: Decimal?
    ) -> String {
        let index = items.indices.first { index in
            items[index].kind == .allowance
                && (category == nil
                    || (items[index].taxCategory == category && items[index].ratePercent == ratePercent))
        }
        return index.map { "allowancesAndCharges[\($0)].amount" } ?? "lines"
    }
}
