import Foundation

/// Reads RFC 5322 date-times, including the obsolete forms still seen in mail.
///
/// Accepted: an optional weekday, `1 Jul 2025` or `Jul 1 2025`, two- and three-digit years (RFC 5322 §4.3),
/// seconds optional, numeric zones (`+0800`, `+08:00`), the obsolete zone names (`GMT`, `UT`, `EST`, `PDT` …),
/// and comments such as `(PHT)`. A missing or unknown zone counts as UTC. Anything else gives nil.
enum MailDateParser {
    static func parse(_ text: String) -> Date? {
        let tokens = MailAddressListParser.removingComments(from: text)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" })
            .map { $0.uppercased() }
        guard tokens.count <= 16 else { return nil }
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var numericOffset: Int?
        var namedOffset: Int?
        for token in tokens {
            if token.contains(":"), time == nil, let first = token.first, first.isASCII, first.isNumber {
                guard let parsed = parseTime(token) else { return nil }
                time = parsed
            } else if token.hasPrefix("+") || token.hasPrefix("-") {
                guard let offset = parseOffset(token.dropFirst(), isNegative: token.hasPrefix("-")) else { return nil }
                numericOffset = numericOffset ?? offset
            } else if let number = Int(token), token.allSatisfy({ $0.isASCII && $0.isNumber }) {
                if day == nil, token.count <= 2 {
                    day = number
                } else if year == nil {
                    year = expandYear(number, digits: token.count)
                } else {
                    return nil
                }
            } else if month == nil, let index = months.firstIndex(of: String(token.prefix(3))), token.count >= 3 {
                month = index + 1
            } else if weekdays.contains(String(token.prefix(3))) {
                continue
            } else if let offset = zoneOffset(token) {
                namedOffset = namedOffset ?? offset
            }
        }
        guard let day, let month, let year, let time, (1900...9999).contains(year), (1...12).contains(month),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + time.hour * 3600 + time.minute * 60 + time.second
        return Date(timeIntervalSince1970: TimeInterval(seconds - (numericOffset ?? namedOffset ?? 0)))
    }

    private static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let weekdays: Set<String> = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]

    /// The obsolete zone names of RFC 5322 §4.3, in seconds east of UTC.
    private static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
        "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    ]

    private static func zoneOffset(_ token: String) -> Int? {
        if let offset = zones[token] { return offset }
        // "GMT+0800", "UTC-05:00".
        for prefix in ["GMT", "UTC"] where token.hasPrefix(prefix) {
            let rest = token.dropFirst(prefix.count)
            guard let sign = rest.first, sign == "+" || sign == "-" else { continue }
            return parseOffset(rest.dropFirst(), isNegative: sign == "-")
        }
        // Military single letters: RFC 5322 says to read them as "-0000" because RFC 822 had their signs wrong.
        return token.count == 1 && token != "J" && token.first?.isLetter == true ? 0 : nil
    }

    private static func parseOffset(_ digits: Substring, isNegative: Bool) -> Int? {
        let compact = digits.filter { $0 != ":" }
        guard compact.count == 4, compact.allSatisfy({ $0.isASCII && $0.isNumber }),
            let hours = Int(compact.prefix(2)), let minutes = Int(compact.suffix(2)), hours <= 23, minutes <= 59
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return isNegative ? -seconds : seconds
    }

    private static func parseTime(_ token: String) -> (hour: Int, minute: Int, second: Int)? {
        let fields = token.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3,
            fields.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(fields[0]), let minute = Int(fields[1])
        else { return nil }
        let second = fields.count == 3 ? Int(fields[2]) ?? 0 : 0
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        return (hour, minute, second)
    }

    /// RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900.
    private static func expandYear(_ year: Int, digits: Int) -> Int {
        switch digits {
        case ...2: year < 50 ? 2000 + year : 1900 + year
        case 3: 1900 + year
        default: year
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
