import Foundation

extension TaxCategory {
    /// Records a problem when `rate` does not fit this category: NaN ("invalid"), outside 0…100 ("out_of_range"),
    /// zero for a VATable amount ("must_be_positive", EN 16931 BR-S-05), or non-zero for a zero-rated or exempt
    /// one ("must_be_zero", BR-Z-05/BR-E-05).
    public func checkRate(_ rate: Decimal, field: String, into errors: inout ValidationErrors) {
        if rate.isNaN {
            errors.add(field: field, code: "invalid", message: "Enter a number.")
        } else if rate < 0 || rate > 100 {
            errors.add(field: field, code: "out_of_range", message: "Must be between 0 and 100.")
        } else if self == .vatable, rate == 0 {
            errors.add(field: field, code: "must_be_positive", message: "A VATable amount needs a rate above 0.")
        } else if self != .vatable, rate != 0 {
            errors.add(field: field, code: "must_be_zero", message: "Zero-rated and exempt amounts carry a 0% rate.")
        }
    }
}
