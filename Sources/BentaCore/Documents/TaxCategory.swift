import Foundation

/// How a line or a document allowance is taxed; each category gets its own subtotal on a PH invoice.
///
/// The raw values are the stored and wire names; `code` is the EN 16931 VAT category code (UNCL 5305).
public enum TaxCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Standard-rated: output VAT at the standard rate (12% in the Philippines).
    case vatable
    /// Zero-rated (0%), for example exports; VAT-registered input-tax rules still apply.
    case zeroRated = "zero_rated"
    /// Exempt from VAT, for example senior-citizen and PWD sales.
    case exempt

    /// The Philippine standard VAT rate, in percent.
    public static let philippineStandardRatePercent: Decimal = 12

    /// The EN 16931 VAT category code: S, Z or E.
    public var code: String {
        switch self {
        case .vatable: "S"
        case .zeroRated: "Z"
        case .exempt: "E"
        }
    }

    /// The rate this category carries: `standard` for VATable sales, 0 for zero-rated and exempt ones.
    public func ratePercent(standard: Decimal = TaxCategory.philippineStandardRatePercent) -> Decimal {
        switch self {
        case .vatable: standard
        case .zeroRated, .exempt: 0
        }
    }

    /// The subtotal label a PH invoice prints for this category (RR 7-2024).
    public var philippineLabel: String {
        switch self {
        case .vatable: "VATable Sales"
        case .zeroRated: "Zero-Rated Sales"
        case .exempt: "VAT-Exempt Sales"
        }
    }
}
