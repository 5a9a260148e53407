import BentaCore
import Foundation

/// Builds RFC 5545 content lines: escaping, parameter quoting, date formats, folding and CRLF line ends.
struct ICalendarContentLines {
    /// The longest line RFC 5545 allows, in octets, not counting the CRLF.
    static let maximumLineOctets = 75

    private(set) var text = ""

    /// Appends `NAME;PARAM=value:value`, with the value written as given (already in its value type's syntax).
    mutating func append(_ name: String, parameters: [(String, String)] = [], raw value: String) {
        var line = name
        for (parameter, parameterValue) in parameters {
            line += ";" + parameter + "=" + Self.parameterValue(parameterValue)
        }
        line += ":" + Self.removingControlCharacters(value)
        text += Self.fold(line)
    }

    /// Appends a TEXT property, escaping backslash, semicolon, comma and line breaks.
    mutating func append(_ name: String, parameters: [(String, String)] = [], text value: String) {
        append(name, parameters: parameters, raw: Self.escapedText(value))
    }

    /// Appends a UTC DATE-TIME property (`...Z`).
    mutating func append(_ name: String, utc instant: Date) {
        append(name, raw: Self.utcDateTime(instant))
    }

    /// Appends a DATE property (`;VALUE=DATE:YYYYMMDD`).
    mutating func append(_ name: String, date: CalendarDate) {
        append(name, parameters: [("VALUE", "DATE")], raw: Self.date(date))
    }

    /// Appends a DATE-TIME property as local time with `TZID`, or in UTC when the local time would be ambiguous.
    ///
    /// In the hour repeated when DST ends, a local time names two instants and RFC 5545 picks the earlier one;
    /// the later instant is therefore written in UTC so that it cannot be misread.
    mutating func append(_ name: String, instant: Date, in timeZone: TimeZone) {
        if Self.isSecondOccurrenceOfLocalTime(instant, in: timeZone) {
            append(name, utc: instant)
        } else {
            append(name, parameters: [("TZID", timeZone.identifier)], raw: Self.localDateTime(instant, in: timeZone))
        }
    }

    // MARK: - Values

    /// Escapes a TEXT value (RFC 5545 section 3.3.11); other control characters are dropped, tabs are kept.
    static func escapedText(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        var previousWasCarriageReturn = false
        for scalar in value.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousWasCarriageReturn { result += "\\n" }
            case "\u{2028}", "\u{2029}": result += "\\n"
            case "\t": result.unicodeScalars.append(scalar)
            default: if !isControl(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A parameter value: quoted when it contains `:`, `;` or `,`; double quotes (never allowed) become `'`.
    static func parameterValue(_ value: String) -> String {
        let cleaned = removingControlCharacters(value).replacingOccurrences(of: "\"", with: "'")
        let needsQuotes = cleaned.unicodeScalars.contains { $0 == ":" || $0 == ";" || $0 == "," }
        return needsQuotes ? "\"" + cleaned + "\"" : cleaned
    }

    static func removingControlCharacters(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: value.unicodeScalars.filter { !isControl($0) || $0 == "\t" })
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    // MARK: - Folding

    /// One content line folded to at most 75 octets per physical line, each ending in CRLF.
    ///
    /// Breaks fall between characters (grapheme clusters), so no UTF-8 sequence, and no emoji, is split; a
    /// cluster too long for one line is split between its Unicode scalars.
    static func fold(_ line: String) -> String {
        var output = ""
        var current = ""
        var currentOctets = 0
        func place(_ piece: String, octets: Int) {
            if currentOctets + octets > maximumLineOctets {
                output += current + "\r\n"
                current = " "
                currentOctets = 1
            }
            current += piece
            currentOctets += octets
        }
        for character in line {
            let octets = character.utf8.count
            if octets < maximumLineOctets {
                place(String(character), octets: octets)
            } else {
                for scalar in character.unicodeScalars {
                    place(String(scalar), octets: scalar.utf8.count)
                }
            }
        }
        return output + current + "\r\n"
    }

    // MARK: - Dates and times

    /// `YYYYMMDD`.
    static func date(_ date: CalendarDate) -> String {
        pad(date.year, 4) + pad(date.month, 2) + pad(date.day, 2)
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func utcDateTime(_ instant: Date) -> String {
        localDateTime(wholeSeconds(instant), offset: 0) + "Z"
    }

    /// `YYYYMMDDTHHMMSS`, the wall-clock time of an instant in a time zone.
    static func localDateTime(_ instant: Date, in timeZone: TimeZone) -> String {
        localDateTime(wholeSeconds(instant), offset: timeZone.secondsFromGMT(for: instant))
    }

    /// `YYYYMMDDTHHMMSS` for seconds since 1970 shifted by a UTC offset.
    static func localDateTime(_ secondsSince1970: Int, offset: Int) -> String {
        let (date, secondOfDay) = localDate(secondsSince1970 + offset)
        return Self.date(date) + "T" + time(secondOfDay)
    }

    /// `HHMMSS`.
    static func time(_ secondOfDay: Int) -> String {
        pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2)
    }

    /// The calendar date and second of the day for seconds counted from 1970-01-01T00:00 on some wall clock.
    static func localDate(_ localSeconds: Int) -> (CalendarDate, Int) {
        let days = localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400
        return (CalendarDate(daysSinceEpoch: days), localSeconds - days * 86_400)
    }

    /// Whole seconds since 1970, rounding down, since iCalendar times have no fractions.
    static func wholeSeconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down))
    }

    /// Whether an earlier instant shows the same wall-clock time (the repeated hour when DST ends).
    static func isSecondOccurrenceOfLocalTime(_ instant: Date, in timeZone: TimeZone) -> Bool {
        let offset = timeZone.secondsFromGMT(for: instant)
        let earlierOffset = timeZone.secondsFromGMT(for: instant.addingTimeInterval(-86_400))
        guard earlierOffset > offset else { return false }
        let twin = instant.addingTimeInterval(-Double(earlierOffset - offset))
        return timeZone.secondsFromGMT(for: twin) == earlierOffset
    }

    /// `+HHMM`, or `+HHMMSS` when the offset has seconds (RFC 5545 UTC-OFFSET).
    static func utcOffset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        let text = pad(magnitude / 3600, 2) + pad(magnitude % 3600 / 60, 2)
        return (seconds < 0 ? "-" : "+") + text + (magnitude % 60 == 0 ? "" : pad(magnitude % 60, 2))
    }

    /// An RFC 5545 DURATION such as `PT15M` or `P1DT2H`; at least one second.
    static func duration(seconds: Int) -> String {
        let total = max(1, seconds)
        let days = total / 86_400
        let hours = total % 86_400 / 3600
        let minutes = total % 3600 / 60
        let rest = total % 60
        var text = "P" + (days > 0 ? "\(days)D" : "")
        if hours > 0 || minutes > 0 || rest > 0 {
            text +=
                "T" + (hours > 0 ? "\(hours)H" : "") + (minutes > 0 ? "\(minutes)M" : "") + (rest > 0 ? "\(rest)S" : "")
        }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
