import Foundation

/// The company's working days: Monday to Friday, minus the holidays it observes.
///
/// Used for the run-rate of DOMAIN.md §4: actual ÷ working days elapsed × working days in the period.
public struct WorkingDays: Hashable, Sendable {
    /// The non-working weekdays (regular and special non-working holidays); weekend dates here change nothing.
    public let holidays: Set<CalendarDate>

    /// Creates the calendar from the holidays observed.
    public init(holidays: Set<CalendarDate> = []) {
        self.holidays = holidays
    }

    /// Whether `date` is a weekday that is not a holiday.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        date.isoWeekday <= 5 && !holidays.contains(date)
    }

    /// The working days from `start` through `end`, both included; zero when `end` is before `start`.
    public func count(from start: CalendarDate, through end: CalendarDate) -> Int {
        guard start <= end else { return 0 }
        var count = 0
        var date = start
        while date <= end {
            if isWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }

    /// The working days of a month.
    public func count(in month: PlanMonth) -> Int {
        count(from: month.firstDay, through: month.lastDay)
    }

    /// The working days of `month` up to and including `date`: zero before the month, all of them after it.
    public func elapsed(in month: PlanMonth, through date: CalendarDate) -> Int {
        count(from: month.firstDay, through: min(date, month.lastDay))
    }
}
