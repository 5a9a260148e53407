import Foundation

/// How a contract's value is billed: once, every month or quarter over a span, or at milestones.
///
/// Pure: ``validate(start:end:value:)`` checks it against the contract, ``entries()`` lists what the invoicing
/// issue will turn into invoices.
public enum BillingSchedule: Sendable, Hashable, Codable {
    case oneOff(date: CalendarDate, amount: Money)
    /// One entry per period on `from`, `from` + 1 period, … up to and including `to`.
    case recurring(period: BillingPeriod, from: CalendarDate, to: CalendarDate, amount: Money)
    case milestones([Milestone])

    /// A named part of the work, billed on its date.
    public struct Milestone: Sendable, Hashable, Codable {
        public var name: String
        public var date: CalendarDate
        public var amount: Money

        public init(name: String, date: CalendarDate, amount: Money) {
            self.name = name
            self.date = date
            self.amount = amount
        }
    }

    /// The wire and storage name of the kind: `one_off`, `monthly`, `quarterly`, `milestones`.
    public var kind: String {
        switch self {
        case .oneOff: "one_off"
        case .recurring(let period, _, _, _): period.rawValue
        case .milestones: "milestones"
        }
    }

    /// Every billing entry, in date order.
    public func entries() -> [BillingEntry] {
        switch self {
        case .oneOff(let date, let amount):
            return [BillingEntry(date: date, amount: amount, description: "One-off billing")]
        case .recurring(let period, let from, let to, let amount):
            var result: [BillingEntry] = []
            var index = 0
            // From the first date each time, so Jan 31 → Feb 28 → Mar 31 (no drift to the 28th).
            while true {
                let date = from.adding(months: index * period.months)
                if date > to || index >= 1200 { break }
                let label = period == .monthly ? "Monthly billing" : "Quarterly billing"
                result.append(
                    BillingEntry(
                        date: date, amount: amount, description: "\(label) \(index + 1): \(date.iso8601String)"))
                index += 1
            }
            return result
        case .milestones(let milestones):
            return milestones.sorted { $0.date < $1.date }.map {
                BillingEntry(date: $0.date, amount: $0.amount, description: $0.name)
            }
        }
    }

    /// The entries dated on or before `date`: what should have been invoiced by then.
    public func entries(dueThrough date: CalendarDate) -> [BillingEntry] {
        entries().filter { $0.date <= date }
    }

    /// The sum of every entry (zero in `currency` when there are none).
    public func total(currency: Currency) throws(MoneyError) -> Money {
        try Money.sum(entries().map(\.amount), currency: currency)
    }

    /// Checks the schedule against a contract running from `start` to `end` (both included) worth `value`:
    /// dates inside the period, amounts above zero in the contract's currency, a total not above the value.
    public func validate(
        start: CalendarDate, end: CalendarDate, value: Money, field: String = "billing_schedule"
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        let period = start...end
        func checkAmount(_ amount: Money, _ name: String) {
            if amount.currency != value.currency {
                errors.add(
                    field: name, code: "currency_mismatch", message: "Bill in the contract's currency.")
            } else if !amount.isPositive {
                errors.add(field: name, code: "not_positive", message: "Each billing amount must be above zero.")
            }
        }
        func checkDate(_ date: CalendarDate, _ name: String) {
            if !period.contains(date) {
                errors.add(
                    field: name, code: "outside_contract_period",
                    message: "Choose a date between \(start.iso8601String) and \(end.iso8601String).")
            }
        }
        switch self {
        case .oneOff(let date, let amount):
            checkDate(date, "\(field).date")
            checkAmount(amount, "\(field).amount")
        case .recurring(_, let from, let to, let amount):
            checkDate(from, "\(field).from")
            checkDate(to, "\(field).to")
            if to < from {
                errors.add(
                    field: "\(field).to", code: "before_start", message: "The last billing date is before the first.")
            }
            checkAmount(amount, "\(field).amount")
        case .milestones(let milestones):
            if milestones.isEmpty {
                errors.add(field: "\(field).milestones", code: "required", message: "Add at least one milestone.")
            }
            if milestones.count > 100 {
                errors.add(field: "\(field).milestones", code: "too_many", message: "At most 100 milestones.")
            }
            for (index, milestone) in milestones.enumerated() {
                let name = "\(field).milestones[\(index)]"
                if milestone.name.trimmingCharacters(in: .whitespaces).isEmpty {
                    errors.add(field: "\(name).name", code: "required", message: "Name the milestone.")
                }
                checkDate(milestone.date, "\(name).date")
                checkAmount(milestone.amount, "\(name).amount")
            }
        }
        if errors.isEmpty {
            let total = try? self.total(currency: value.currency)
            if let total, value.minorUnits < total.minorUnits {
                errors.add(
                    field: field, code: "exceeds_contract_value",
                    message: "The billing schedule adds up to \(total.decimalString), more than the contract value "
                        + "\(value.decimalString).")
            }
        }
        try errors.throwIfAny()
    }
}

/// How often a recurring schedule bills.
public enum BillingPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    case monthly
    case quarterly

    public var months: Int { self == .monthly ? 1 : 3 }
}

/// One amount to invoice on one date.
public struct BillingEntry: Sendable, Hashable {
    public var date: CalendarDate
    public var amount: Money
    public var description: String

    public init(date: CalendarDate, amount: Money, description: String) {
        self.date = date
        self.amount = amount
        self.description = description
    }
}

/// A billing schedule as typed or sent: strings, checked by ``validated(currency:)``.
public struct BillingScheduleDraft: Sendable, Hashable {
    /// `""` (none), `one_off`, `monthly`, `quarterly` or `milestones`.
    public var kind = ""
    public var date = ""
    public var from = ""
    public var to = ""
    public var amount = ""
    public var milestones: [MilestoneDraft] = []

    public struct MilestoneDraft: Sendable, Hashable {
        public var name: String
        public var date: String
        public var amount: String

        public init(name: String, date: String, amount: String) {
            self.name = name
            self.date = date
            self.amount = amount
        }
    }

    public init() {}

    public init(_ schedule: BillingSchedule?) {
        guard let schedule else { return }
        kind = schedule.kind
        switch schedule {
        case .oneOff(let date, let amount):
            self.date = date.iso8601String
            self.amount = amount.decimalString
        case .recurring(_, let from, let to, let amount):
            self.from = from.iso8601String
            self.to = to.iso8601String
            self.amount = amount.decimalString
        case .milestones(let list):
            milestones = list.map {
                MilestoneDraft(name: $0.name, date: $0.date.iso8601String, amount: $0.amount.decimalString)
            }
        }
    }

    /// Field checks only (formats); the contract period and value are checked by ``BillingSchedule/validate``.
    public func validated(
        currency: Currency, field: String = "billing_schedule"
    ) throws(ValidationErrors) -> BillingSchedule? {
        var errors = ValidationErrors()
        func parseDate(_ text: String, _ name: String) -> CalendarDate? {
            guard let value = CalendarDate(iso8601: text.trimmingCharacters(in: .whitespaces)) else {
                errors.add(field: name, code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
                return nil
            }
            return value
        }
        func parseMoney(_ text: String, _ name: String) -> Money? {
            do {
                return try Money(decimalString: text.trimmingCharacters(in: .whitespaces), currency: currency)
            } catch {
                errors.add(
                    field: name, code: "invalid_amount",
                    message: "Enter an amount such as 25000.00 (at most \(currency.minorUnitDigits) decimals).")
                return nil
            }
        }
        let result: BillingSchedule?
        switch kind.trimmingCharacters(in: .whitespaces) {
        case "", "none":
            result = nil
        case "one_off":
            let day = parseDate(date, "\(field).date")
            let value = parseMoney(amount, "\(field).amount")
            result = day.flatMap { day in value.map { .oneOff(date: day, amount: $0) } }
        case "monthly", "quarterly":
            let period = BillingPeriod(rawValue: kind.trimmingCharacters(in: .whitespaces)) ?? .monthly
            let first = parseDate(from, "\(field).from")
            let last = parseDate(to, "\(field).to")
            let value = parseMoney(amount, "\(field).amount")
            if let first, let last, let value {
                result = .recurring(period: period, from: first, to: last, amount: value)
            } else {
                result = nil
            }
        case "milestones":
            var list: [BillingSchedule.Milestone] = []
            for (index, item) in milestones.enumerated() {
                let name = "\(field).milestones[\(index)]"
                let title = Validate.requiredText(item.name, field: "\(name).name", maxLength: 200, into: &errors)
                let day = parseDate(item.date, "\(name).date")
                let value = parseMoney(item.amount, "\(name).amount")
                if let title, let day, let value { list.append(.init(name: title, date: day, amount: value)) }
            }
            result = .milestones(list)
        default:
            errors.add(
                field: "\(field).kind", code: "invalid_choice",
                message: "Choose one_off, monthly, quarterly or milestones.")
            result = nil
        }
        try errors.throwIfAny()
        return result
    }
}
