import Foundation

/// A calendar month of the plan year, written "YYYY-MM": the period a plan, its actuals and a commission statement
/// belong to.
///
/// The month covers its days half-open, `[firstDay, next.firstDay)`. Encoded as its "YYYY-MM" string.
public struct PlanMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int

    /// Creates a month; nil when the year or month is out of range.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month a business date falls in.
    public init(containing date: CalendarDate) {
        year = date.year
        month = date.month
    }

    /// Parses "YYYY-MM" (exactly that shape, as `<input type="month">` sends it); nil for anything else.
    public init?(parsing text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 7, scalars[4] == "-" else { return nil }
        var numbers: [Int] = []
        for range in [0..<4, 5..<7] {
            var value = 0
            for index in range {
                let scalar = scalars[index]
                guard scalar.value >= 48, scalar.value <= 57 else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            numbers.append(value)
        }
        self.init(year: numbers[0], month: numbers[1])
    }

    /// The month as "YYYY-MM".
    public var text: String { CalendarDate.pad(year, 4) + "-" + CalendarDate.pad(month, 2) }

    /// The "YYYY-MM" text.
    public var description: String { text }

    /// The first day of the month.
    public var firstDay: CalendarDate { CalendarDate(daysSinceEpoch: 0).adding(months: monthIndex - 1970 * 12) }

    /// The last day of the month.
    public var lastDay: CalendarDate { firstDay.lastOfMonth }

    /// The number of days in the month.
    public var dayCount: Int { CalendarDate.daysInMonth(year: year, month: month) }

    /// The month after this one (December → January of the next year).
    public var next: PlanMonth { PlanMonth(monthIndex: monthIndex + 1) }

    /// The month before this one (January → December of the previous year).
    public var previous: PlanMonth { PlanMonth(monthIndex: monthIndex - 1) }

    /// Whether `date` falls in this month.
    public func contains(_ date: CalendarDate) -> Bool {
        date.year == year && date.month == month
    }

    public static func < (lhs: PlanMonth, rhs: PlanMonth) -> Bool {
        lhs.monthIndex < rhs.monthIndex
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let month = PlanMonth(parsing: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid month \(raw)")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Months since year 0: one integer, so next and previous never need a special case for the year's end.
    private var monthIndex: Int { year * 12 + (month - 1) }

    private init(monthIndex: Int) {
        let (quotient, remainder) = monthIndex.quotientAndRemainder(dividingBy: 12)
        year = remainder < 0 ? quotient - 1 : quotient
        month = (remainder < 0 ? remainder + 12 : remainder) + 1
    }
}
