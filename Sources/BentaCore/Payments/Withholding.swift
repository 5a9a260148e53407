import Foundation

/// The kind of tax a customer withholds from what it pays (DOMAIN.md §1).
public enum WithholdingKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Creditable expanded withholding tax: 1% of goods, 2% of services, other rates by ATC code; claimed with the
    /// customer's BIR Form 2307.
    case expanded = "ewt"
    /// Final VAT withheld by a government buyer (5%).
    case vat
}

/// One withholding on an allocation: what the customer kept and will prove with a certificate (BIR Form 2307).
///
/// The base is always the VAT-exclusive amount of what is being paid (RMC 23-2007); the amount is the rate of it,
/// rounded half up once through ``Rounding/percent(of:rate:)``.
public struct WithholdingLine: Sendable, Hashable, Codable {
    public var kind: WithholdingKind
    /// The BIR alphanumeric tax code (for example WC158 goods, WC160 services, WV010 government VAT); may be empty.
    public var taxCode: String
    public var ratePercent: Decimal
    /// The VAT-exclusive base the rate applies to.
    public var base: Money
    public var amount: Money

    public init(kind: WithholdingKind, taxCode: String, ratePercent: Decimal, base: Money, amount: Money) {
        self.kind = kind
        self.taxCode = taxCode
        self.ratePercent = ratePercent
        self.base = base
        self.amount = amount
    }

    /// A line with its amount computed: `ratePercent` % of `base`, rounded half up once.
    public static func computed(
        kind: WithholdingKind, taxCode: String, ratePercent: Decimal, base: Money
    ) throws(MoneyError) -> WithholdingLine {
        WithholdingLine(
            kind: kind, taxCode: taxCode, ratePercent: ratePercent, base: base,
            amount: try Rounding.percent(of: base, rate: ratePercent))
    }
}

/// Whether and how a customer withholds: the default that pre-fills its allocations.
public struct WithholdingProfile: Sendable, Hashable, Codable {
    /// One rate the customer applies.
    public struct Rate: Sendable, Hashable, Codable {
        public var kind: WithholdingKind
        public var taxCode: String
        public var ratePercent: Decimal

        public init(kind: WithholdingKind, taxCode: String, ratePercent: Decimal) {
            self.kind = kind
            self.taxCode = taxCode
            self.ratePercent = ratePercent
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case taxCode = "tax_code"
            case ratePercent = "rate_percent"
        }
    }

    /// The rates, in the order they are printed; empty = the customer does not withhold.
    public var rates: [Rate]

    public init(rates: [Rate]) {
        self.rates = rates
    }

    /// The customer withholds nothing.
    public static let none = WithholdingProfile(rates: [])
    /// A top withholding agent buying goods: 1% EWT.
    public static let goods = WithholdingProfile(rates: [Rate(kind: .expanded, taxCode: "WC158", ratePercent: 1)])
    /// A top withholding agent buying services: 2% EWT.
    public static let services = WithholdingProfile(rates: [
        Rate(kind: .expanded, taxCode: "WC160", ratePercent: 2)
    ])
    /// A government buyer of goods: 5% VAT and 1% EWT.
    public static let governmentGoods = WithholdingProfile(rates: [
        Rate(kind: .vat, taxCode: "WV010", ratePercent: 5), Rate(kind: .expanded, taxCode: "WC158", ratePercent: 1),
    ])
    /// A government buyer of services: 5% VAT and 2% EWT.
    public static let governmentServices = WithholdingProfile(rates: [
        Rate(kind: .vat, taxCode: "WV020", ratePercent: 5), Rate(kind: .expanded, taxCode: "WC160", ratePercent: 2),
    ])

    /// The named profiles a user picks from, by their stable code.
    public static let presets: [(code: String, profile: WithholdingProfile)] = [
        ("none", .none), ("goods", .goods), ("services", .services), ("government_goods", .governmentGoods),
        ("government_services", .governmentServices),
    ]

    /// The preset's code, or "custom".
    public var code: String { Self.presets.first { $0.profile == self }?.code ?? "custom" }

    /// The withholding lines for paying `base` (VAT-exclusive) under this profile.
    public func lines(base: Money) throws(MoneyError) -> [WithholdingLine] {
        var lines: [WithholdingLine] = []
        for rate in rates {
            lines.append(
                try WithholdingLine.computed(
                    kind: rate.kind, taxCode: rate.taxCode, ratePercent: rate.ratePercent, base: base))
        }
        return lines
    }

    /// Checked rates: each between 0 (exclusive) and 100, at most 4 decimals, at most one VAT rate, tax codes of
    /// at most 10 letters and digits.
    public func validated(field: String = "rates") throws(ValidationErrors) -> WithholdingProfile {
        var errors = ValidationErrors()
        if rates.count > 4 {
            errors.add(field: field, code: "too_many", message: "Use at most 4 withholding rates.")
        }
        if rates.filter({ $0.kind == .vat }).count > 1 {
            errors.add(field: field, code: "duplicate_vat", message: "A customer withholds VAT at one rate only.")
        }
        for (index, rate) in rates.enumerated() {
            if rate.ratePercent <= 0 || rate.ratePercent >= 100
                || Rounding.roundHalfUp(rate.ratePercent, scale: 4) != rate.ratePercent
            {
                errors.add(
                    field: "\(field)[\(index)].rate_percent", code: "invalid_rate",
                    message: "Enter a rate above 0 and below 100, at most 4 decimals.")
            }
            if rate.taxCode.count > 10 || !rate.taxCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                errors.add(
                    field: "\(field)[\(index)].tax_code", code: "invalid_tax_code",
                    message: "Enter the ATC code, letters and digits (for example WC158).")
            }
        }
        try errors.throwIfAny()
        return self
    }
}
