import Foundation

/// One column of an aging report: the invoices whose days past due fall in `lowerDays…upperDays`.
///
/// Days past due are counted from the due date (`AgingBuckets.daysPastDue(dueDate:asOf:)`): negative before it,
/// 0 on it. A nil `lowerDays` is open below (every invoice not yet due), a nil `upperDays` open above ("90+").
public struct AgingBucket: Hashable, Sendable, Codable {
    /// The translation key of the column heading, such as "aging.not_due" or "aging.1_30".
    public var labelKey: String
    /// The first day past due in this bucket; nil = no lower bound.
    public var lowerDays: Int?
    /// The last day past due in this bucket; nil = no upper bound.
    public var upperDays: Int?

    /// Creates a bucket; `AgingBuckets.init(_:)` checks that the buckets fit together.
    public init(labelKey: String, lowerDays: Int?, upperDays: Int?) {
        self.labelKey = labelKey
        self.lowerDays = lowerDays
        self.upperDays = upperDays
    }

    /// Whether `daysPastDue` falls in this bucket.
    public func contains(daysPastDue days: Int) -> Bool {
        (lowerDays.map { days >= $0 } ?? true) && (upperDays.map { days <= $0 } ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case labelKey = "label_key"
        case lowerDays = "lower_days"
        case upperDays = "upper_days"
    }
}

/// The buckets of a company's aging report, kept per company as JSON (`{"buckets":[{"label_key":…,
/// "lower_days":…,"upper_days":…}]}`).
///
/// Valid buckets cover every whole number of days exactly once: the first is open below, the last open above, each
/// starts the day after the previous one ends, and one bucket ends exactly at day 0, so an invoice due today is
/// never in the same bucket as one a day late ("due today" counts as not due).
public struct AgingBuckets: Hashable, Sendable, Codable {
    /// The buckets, from not due to the oldest.
    public let buckets: [AgingBucket]

    /// The longest label key accepted.
    public static let maximumLabelKeyLength = 64
    /// The most buckets accepted.
    public static let maximumCount = 12

    /// Not due | 1–30 | 31–60 | 61–90 | 90+ (DOMAIN.md §3).
    public static let standard = AgingBuckets(
        unchecked: [
            AgingBucket(labelKey: "aging.not_due", lowerDays: nil, upperDays: 0),
            AgingBucket(labelKey: "aging.1_30", lowerDays: 1, upperDays: 30),
            AgingBucket(labelKey: "aging.31_60", lowerDays: 31, upperDays: 60),
            AgingBucket(labelKey: "aging.61_90", lowerDays: 61, upperDays: 90),
            AgingBucket(labelKey: "aging.over_90", lowerDays: 91, upperDays: nil),
        ])

    /// Checks and keeps `buckets`; every problem is reported at once, under `buckets[i].<key>`.
    public init(_ buckets: [AgingBucket]) throws(ValidationErrors) {
        try Self.validate(buckets).throwIfAny()
        self.buckets = buckets
    }

    private init(unchecked buckets: [AgingBucket]) {
        self.buckets = buckets
    }

    /// The days from `dueDate` to `asOf`: 0 on the due date, 1 the day after, negative before it.
    public static func daysPastDue(dueDate: CalendarDate, asOf: CalendarDate) -> Int {
        dueDate.days(until: asOf)
    }

    /// The position of the bucket holding `daysPastDue` (valid buckets always hold every day).
    public func index(daysPastDue days: Int) -> Int {
        buckets.firstIndex { $0.contains(daysPastDue: days) } ?? buckets.count - 1
    }

    /// The bucket holding `daysPastDue`.
    public func bucket(daysPastDue days: Int) -> AgingBucket {
        buckets[index(daysPastDue: days)]
    }

    /// The bucket of an item due on `dueDate`, as of `asOf`.
    public func bucket(dueDate: CalendarDate, asOf: CalendarDate) -> AgingBucket {
        bucket(daysPastDue: Self.daysPastDue(dueDate: dueDate, asOf: asOf))
    }

    /// Everything wrong with `buckets` as a company's aging buckets; empty when sound.
    public static func validate(_ buckets: [AgingBucket]) -> ValidationErrors {
        var errors = ValidationErrors()
        guard !buckets.isEmpty else {
            errors.add(field: "buckets", code: "required", message: "Add at least one aging bucket.")
            return errors
        }
        if buckets.count > maximumCount {
            errors.add(field: "buckets", code: "too_many", message: "Use at most \(maximumCount) aging buckets.")
        }
        var seenKeys = Set<String>()
        for (index, bucket) in buckets.enumerated() {
            let prefix = "buckets[\(index)]."
            let key = bucket.labelKey
            if Validate.requiredText(key, field: prefix + "label_key", maxLength: maximumLabelKeyLength, into: &errors)
                != nil, !seenKeys.insert(key).inserted
            {
                errors.add(
                    field: prefix + "label_key", code: "duplicate", message: "Two aging buckets have the same label.")
            }
            if let lower = bucket.lowerDays, let upper = bucket.upperDays, lower > upper {
                errors.add(
                    field: prefix + "upper_days", code: "invalid_range",
                    message: "A bucket must end on or after the day it starts.")
            }
            if index == 0, bucket.lowerDays != nil {
                errors.add(
                    field: prefix + "lower_days", code: "must_be_open",
                    message: "The first bucket starts with everything not yet due; leave its first day empty.")
            }
            if index == buckets.count - 1, bucket.upperDays != nil {
                errors.add(
                    field: prefix + "upper_days", code: "must_be_open",
                    message: "The last bucket holds everything older; leave its last day empty.")
            }
            if index > 0 {
                let previous = buckets[index - 1].upperDays
                if let previous, let lower = bucket.lowerDays, lower != previous + 1 {
                    errors.add(
                        field: prefix + "lower_days", code: lower <= previous ? "overlap" : "gap",
                        message: "Each bucket starts the day after the previous one ends (day \(previous + 1)).")
                } else if previous == nil || bucket.lowerDays == nil {
                    errors.add(
                        field: prefix + "lower_days", code: "overlap",
                        message: "Only the first bucket is open below and only the last one open above.")
                }
            }
        }
        if !buckets.contains(where: { $0.upperDays == 0 }) {
            errors.add(
                field: "buckets", code: "not_due_boundary",
                message: "One bucket must end at day 0, so invoices due today count as not due.")
        }
        return errors
    }

    enum CodingKeys: String, CodingKey {
        case buckets
    }

    /// Decodes and validates; invalid buckets are a `DecodingError.dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let buckets = try container.decode([AgingBucket].self, forKey: .buckets)
        let errors = Self.validate(buckets)
        guard errors.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .buckets, in: container, debugDescription: "Invalid aging buckets: \(errors)")
        }
        self.buckets = buckets
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(buckets, forKey: .buckets)
    }
}

/// How an aging report is grouped.
public enum AgingGrouping: String, Sendable, Hashable, CaseIterable {
    case customer
    case manager
    case currency
}

/// One row of an aging report: the open amounts of one group (customer, manager or currency) in one currency,
/// per bucket.
public struct AgingRow: Sendable, Hashable {
    /// The customer's or manager's id; the currency code when grouped by currency.
    public var key: String
    public var currency: Currency
    /// One amount per bucket, in the buckets' order.
    public var amounts: [Money]
    /// How many invoices are open in the group.
    public var invoiceCount: Int

    public init(key: String, currency: Currency, amounts: [Money], invoiceCount: Int) {
        self.key = key
        self.currency = currency
        self.amounts = amounts
        self.invoiceCount = invoiceCount
    }

    /// Σ of the buckets: the group's open receivable.
    public var total: Money {
        Money(minorUnits: amounts.reduce(0) { $0 + $1.minorUnits }, currency: currency)
    }
}
