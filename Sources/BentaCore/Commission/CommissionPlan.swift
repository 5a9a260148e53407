import Foundation

/// A manager's commission plan: base salary, the structure that turns credited sales into commission, and the rules
/// around it (rate overrides, cap, draw, clawback).
///
/// Checked on creation; every problem is reported at once as `ValidationErrors`. The default plan is the source
/// article's model, a rate on everything above the plan (``overPlan(ratePercent:baseSalary:)``).
public struct CommissionPlan: Hashable, Sendable, Codable {
    /// A rate that replaces the structure's rate for the sales of one product.
    public struct ProductRate: Hashable, Sendable, Codable {
        /// The product's id.
        public var productID: String
        /// The rate in percent of the product's credited sales.
        public var ratePercent: Decimal

        /// Creates a product rate.
        public init(productID: String, ratePercent: Decimal) {
            self.productID = productID
            self.ratePercent = ratePercent
        }

        enum CodingKeys: String, CodingKey {
            case productID = "product_id"
            case ratePercent = "rate_percent"
        }
    }

    /// The highest rate accepted anywhere, in percent.
    public static let maximumRatePercent: Decimal = 100

    /// The currency of every amount of the plan.
    public let currency: Currency
    /// The monthly base salary, shown on the statement; commission comes on top.
    public let baseSalary: Money
    /// How credited sales become commission.
    public let structure: CommissionStructure
    /// Per-product rates; they replace the structure's rate for the whole of a matching event, and win over the
    /// new-customer rate.
    public let productRates: [ProductRate]
    /// The rate for sales to new customers, replacing the structure's rate; nil for none.
    public let newCustomerRatePercent: Decimal?
    /// The most commission the month's sales can earn (before clawbacks and adjustments); nil for no cap.
    public let cap: Money?
    /// The monthly draw; nil for none.
    public let draw: CommissionDraw?
    /// When paid commission is taken back; nil when it never is (clawback events are then refused).
    public let clawback: ClawbackRule?
    /// The quota type the rules apply to: only the credits its rule counts, against the manager's plan of that type
    /// (``TypeShare``); nil for the whole plan share (the built-in type `total`).
    public let quotaType: String?

    /// Checks and creates a plan.
    ///
    /// Errors: an amount in another currency ("currency_mismatch"), a negative base salary (`base_salary`:
    /// "negative"), a rate below 0 or above 100 (`rate`, `tiers[i].rate`, `product_rates[i].rate`,
    /// `new_customer_rate`, `clawback.rate`: "out_of_range"), a margin outside 0 < m ≤ 100 (`gross_margin`:
    /// "out_of_range"), tiers that are missing (`tiers`: "required"), do not start at 0% or leave a gap
    /// (`tiers[i].from`: "gap"), overlap (`tiers[i].from`: "overlap"), end before they start (`tiers[i].to`:
    /// "out_of_range") or stop short with a last band that has an end (`tiers[i].to`: "gap"); a product listed
    /// twice or blank (`product_rates[i].product_id`: "duplicate", "required"); a cap of zero or less (`cap`:
    /// "out_of_range"); a draw of zero or less (`draw.amount`: "out_of_range"); negative clawback days
    /// (`clawback.days_after_due`: "out_of_range"); a quota type code that does not read (`quota_type`:
    /// "invalid"; whether the company has the type is the service's check).
    public init(
        currency: Currency, baseSalary: Money, structure: CommissionStructure, productRates: [ProductRate] = [],
        newCustomerRatePercent: Decimal? = nil, cap: Money? = nil, draw: CommissionDraw? = nil,
        clawback: ClawbackRule? = nil, quotaType: String? = nil
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        Self.checkCurrency(baseSalary, field: "base_salary", currency: currency, into: &errors)
        if baseSalary.currency == currency, baseSalary.isNegative {
            errors.add(field: "base_salary", code: "negative", message: "Enter a base salary of zero or more.")
        }
        Self.checkStructure(structure, into: &errors)
        var seen = Set<String>()
        var cleanRates: [ProductRate] = []
        for (index, entry) in productRates.enumerated() {
            let prefix = "product_rates[\(index)]."
            let id = entry.productID.trimmingCharacters(in: .whitespacesAndNewlines)
            if id.isEmpty {
                errors.add(field: prefix + "product_id", code: "required", message: "Choose a product.")
            } else if !seen.insert(id).inserted {
                errors.add(field: prefix + "product_id", code: "duplicate", message: "This product is listed twice.")
            }
            Self.checkRate(entry.ratePercent, field: prefix + "rate", into: &errors)
            cleanRates.append(ProductRate(productID: id, ratePercent: entry.ratePercent))
        }
        if let rate = newCustomerRatePercent {
            Self.checkRate(rate, field: "new_customer_rate", into: &errors)
        }
        if let cap {
            Self.checkCurrency(cap, field: "cap", currency: currency, into: &errors)
            if cap.currency == currency, !cap.isPositive {
                errors.add(field: "cap", code: "out_of_range", message: "Enter a cap above zero, or no cap.")
            }
        }
        if let draw {
            Self.checkCurrency(draw.amount, field: "draw.amount", currency: currency, into: &errors)
            if draw.amount.currency == currency, !draw.amount.isPositive {
                errors.add(
                    field: "draw.amount", code: "out_of_range", message: "Enter a draw above zero, or no draw.")
            }
        }
        if let clawback {
            Self.checkRate(clawback.ratePercent, field: "clawback.rate", into: &errors)
            if clawback.daysAfterDue < 0 {
                errors.add(
                    field: "clawback.days_after_due", code: "out_of_range",
                    message: "Enter zero or more days after the due date.")
            }
        }
        var type: String?
        if let quotaType, !quotaType.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            type = QuotaType.checkCode(quotaType, field: "quota_type", into: &errors)
        }
        try errors.throwIfAny()
        self.quotaType = type == QuotaType.totalCode ? nil : type
        self.currency = currency
        self.baseSalary = baseSalary
        self.structure = structure
        self.productRates = cleanRates
        self.newCustomerRatePercent = newCustomerRatePercent
        self.cap = cap
        self.draw = draw
        self.clawback = clawback
    }

    /// The default plan: `ratePercent` on everything above the plan, nothing else.
    public static func overPlan(ratePercent: Decimal, baseSalary: Money) throws(ValidationErrors) -> CommissionPlan {
        try CommissionPlan(
            currency: baseSalary.currency, baseSalary: baseSalary,
            structure: .overPlan(ratePercent: ratePercent, grossMarginPercent: nil))
    }

    /// The rate that replaces the structure's rate for `event`, and why; nil when the structure's rate applies.
    func overrideRate(for event: CreditEvent) -> (ratePercent: Decimal, source: CommissionLine.RateSource)? {
        if let productID = event.productID, let match = productRates.first(where: { $0.productID == productID }) {
            return (match.ratePercent, .productRate(productID: productID))
        }
        if event.isNewCustomer, let rate = newCustomerRatePercent {
            return (rate, .newCustomerRate)
        }
        return nil
    }

    private static func checkStructure(_ structure: CommissionStructure, into errors: inout ValidationErrors) {
        switch structure {
        case .flat(let rate):
            checkRate(rate, field: "rate", into: &errors)
        case .overPlan(let rate, let margin):
            checkRate(rate, field: "rate", into: &errors)
            if let margin, margin.isNaN || margin <= 0 || margin > 100 {
                errors.add(
                    field: "gross_margin", code: "out_of_range",
                    message: "Enter a gross margin above 0% and at most 100%.")
            }
        case .tiered(let bands), .retroactive(let bands):
            checkBands(bands, into: &errors)
        }
    }

    /// Bands must start at 0%, follow each other without gap or overlap, and end with a band that has no end.
    private static func checkBands(_ bands: [CommissionBand], into errors: inout ValidationErrors) {
        guard !bands.isEmpty else {
            errors.add(field: "tiers", code: "required", message: "Add at least one tier.")
            return
        }
        var previousEnd: Decimal? = 0
        for (index, band) in bands.enumerated() {
            let prefix = "tiers[\(index)]."
            if band.from.isNaN {
                errors.add(field: prefix + "from", code: "invalid", message: "Enter where the tier starts.")
            } else if let expected = previousEnd {
                if band.from > expected {
                    errors.add(
                        field: prefix + "from", code: "gap",
                        message: "This tier starts at \(band.from)%; sales from \(expected)% would have no tier.")
                } else if band.from < expected {
                    errors.add(
                        field: prefix + "from", code: "overlap",
                        message: "This tier starts at \(band.from)%, inside the tier before it (which ends at "
                            + "\(expected)%).")
                }
            } else {
                errors.add(
                    field: prefix + "from", code: "overlap",
                    message: "The tier before this one has no end, so this tier overlaps it.")
            }
            if let end = band.to, end.isNaN || end <= band.from {
                errors.add(field: prefix + "to", code: "out_of_range", message: "A tier must end after it starts.")
            }
            if index == bands.count - 1, let end = band.to {
                errors.add(
                    field: prefix + "to", code: "gap",
                    message: "The last tier ends at \(end)%; leave its end empty so every sale has a tier.")
            }
            checkRate(band.ratePercent, field: prefix + "rate", into: &errors)
            previousEnd = band.to
        }
    }

    private static func checkRate(_ rate: Decimal, field: String, into errors: inout ValidationErrors) {
        if rate.isNaN || rate < 0 || rate > maximumRatePercent {
            errors.add(field: field, code: "out_of_range", message: "Enter a rate from 0% to 100%.")
        }
    }

    private static func checkCurrency(
        _ amount: Money, field: String, currency: Currency, into errors: inout ValidationErrors
    ) {
        if amount.currency != currency {
            errors.add(field: field, code: "currency_mismatch", message: "Enter the amount in \(currency.code).")
        }
    }

    enum CodingKeys: String, CodingKey {
        case currency
        case baseSalary = "base_salary"
        case structure
        case productRates = "product_rates"
        case newCustomerRatePercent = "new_customer_rate_percent"
        case cap
        case draw
        case clawback
        case quotaType = "quota_type"
    }
}
