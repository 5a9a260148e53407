import BentaCore
import Foundation

// Reading dates out of request bodies into field errors, the same way for every record: absent or empty is none,
// anything else must parse, or it is `invalid_date` on the member, with the record's own message.

extension ValidationErrors {
    /// The day in `text` (`YYYY-MM-DD`); nil when absent, empty or unreadable, which adds `invalid_date` on `field`.
    mutating func day(_ text: String?, field: String, message: String) -> CalendarDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CalendarDate(iso8601: text) else {
            add(field: field, code: "invalid_date", message: message)
            return nil
        }
        return day
    }

    /// The instant in `text` (ISO 8601, ``DateInput/instant(_:)``); nil when absent, empty or unreadable, which adds
    /// `invalid_date` on `field`.
    mutating func instant(_ text: String?, field: String, message: String) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard let instant = DateInput.instant(text) else {
            add(field: field, code: "invalid_date", message: message)
            return nil
        }
        return instant
    }
}
