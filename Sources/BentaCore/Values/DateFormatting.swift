import Foundation

/// Human-readable dates and times in English or Filipino, computed without `DateFormatter`.
public struct DateFormatting: Sendable {
    /// English month abbreviations, January first.
    public static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    /// Filipino month names, Enero first.
    public static let filipinoMonths = [
        "Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo",
        "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre",
    ]

    /// The month name for 1...12 in the language.
    public static func monthName(_ month: Int, language: LanguageCode) -> String {
        let names = language == .filipino ? filipinoMonths : englishMonths
        guard (1...12).contains(month) else { return String(month) }
        return names[month - 1]
    }

    /// "Nov 29, 2026" in English, "Nobyembre 29, 2026" in Filipino.
    public static func display(_ date: CalendarDate, language: LanguageCode) -> String {
        "\(monthName(date.month, language: language)) \(date.day), \(date.year)"
    }

    /// BIR forms' "MM/DD/YYYY".
    public static func birNumeric(_ date: CalendarDate) -> String {
        CalendarDate.pad(date.month, 2) + "/" + CalendarDate.pad(date.day, 2) + "/" + CalendarDate.pad(date.year, 4)
    }

    /// "Nov 29, 2026 5:03 PM" in English, "Nobyembre 29, 2026 5:03 PM" in Filipino, as seen in `timeZone`.
    public static func displayDateTime(_ instant: Date, timeZone: TimeZone, language: LanguageCode) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        let date = CalendarDate.from(instant, in: timeZone)
        let hour24 = parts.hour ?? 0
        let minute = parts.minute ?? 0
        let hour12 = hour24 % 12 == 0 ? 12 : hour24 % 12
        let meridiem = hour24 < 12 ? "AM" : "PM"
        return display(date, language: language) + " \(hour12):" + CalendarDate.pad(minute, 2) + " " + meridiem
    }
}
