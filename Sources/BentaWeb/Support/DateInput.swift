import BentaCore
import Foundation

/// Reading instants from requests: ISO 8601 in the API, `datetime-local` and `date` inputs in forms.
enum DateInput {
    /// `2026-12-03T06:00:00Z`, with or without fractional seconds, or with an offset such as `+08:00`.
    static func instant(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 40 else { return nil }
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? fractional.parse(trimmed)
    }

    /// A form's `2026-12-03T14:00` (or with seconds) read in the company's time zone.
    static func local(_ text: String, timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "T")
        guard parts.count == 2, let day = CalendarDate(iso8601: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1],
            second: clock.count > 2 ? clock[2] : 0)
        return calendar.date(from: components)
    }

    /// A form's `2026-12-03` as the start of that day in the company's time zone.
    static func day(_ text: String, timeZone: TimeZone) -> Date? {
        guard let day = CalendarDate(iso8601: text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return day.startInstant(in: timeZone)
    }

    /// The value for a `datetime-local` input showing `date` in `timeZone`.
    static func localInputValue(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
