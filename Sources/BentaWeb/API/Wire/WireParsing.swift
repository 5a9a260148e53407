import BentaCore
import Foundation

// Reading dates, months and numbers out of request bodies into field errors, the same way for every record: a day
// or instant absent or empty is none, anything else must parse, or it is `invalid_date` on the member, with the
// record's own message; a month or number absent is none (or an error when it is required), anything else must
// parse, or it is `invalid` on the member.

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

    /// The month in `text` (`YYYY-MM`); nil when absent (`invalid` on `field` when the month is `required`) or
    /// unreadable (`invalid` on `field`).
    mutating func month(_ text: String?, field: String, required: Bool = false) -> PlanMonth? {
        if let text, let month = PlanMonth(parsing: text) { return month }
        if text != nil || required { add(field: field, code: "invalid", message: "Enter a month as YYYY-MM.") }
        return nil
    }

    /// The number in `text` (decimal text, ``DecimalText/parse(_:)``); nil when absent (`required` on `field` when
    /// the number is `required`) or unreadable (`invalid` on `field`).
    mutating func decimal(_ text: String?, field: String, required: Bool = false) -> Decimal? {
        guard let text else {
            if required { add(field: field, code: "required", message: "Enter a number.") }
            return nil
        }
        guard let value = DecimalText.parse(text) else {
            add(field: field, code: "invalid", message: "Enter a number.")
            return nil
        }
        return value
    }
}
