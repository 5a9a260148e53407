import Foundation

extension CompanySettings {
    /// The company's calendar date at `now`: "today" in the company's time zone, the day every due date, validity
    /// date and "overdue" is counted in.
    public func today(at now: Date) -> CalendarDate {
        CalendarDate.from(now, in: timeZone)
    }
}
