import BentaCore
import Foundation

/// A date pattern of a bank CSV profile ("dd.MM.yyyy", "MMM d, yyyy", "yyyyMMdd" …), read without `DateFormatter`.
///
/// Tokens: `yyyy` (four digits), `yy` (two digits, 1970–2069), `MM` and `dd` (two digits), `M` and `d` (one or two
/// digits), `MMM` (an English month name or its three-letter abbreviation, any case: `Mar`, `MAR`, `March`, `Sept`).
/// Any other character is a literal; a space matches one or more spaces. Exactly one year, month and day token each.
/// Text after the date is accepted only when it is a time of day ("2025-03-31 14:05", "…T14:05:09", "… 2:05 PM"):
/// the time orders rows of one day but is not part of the booking date. Days that do not exist (30 February) are
/// refused.
public struct BankDatePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Hashable {
        case year4, year2, month2, month, monthName, day2, day, space
        case literal(Character)
    }

    /// Parses a pattern; nil when it has an unknown letter token or lacks (or repeats) the year, month or day.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isLetter {
                var end = index
                while end < characters.count && characters[end] == character { end += 1 }
                let run = end - index
                switch (character, run) {
                case ("y", 4): tokens.append(.year4)
                case ("y", 2): tokens.append(.year2)
                case ("M", 1): tokens.append(.month)
                case ("M", 2): tokens.append(.month2)
                case ("M", 3), ("M", 4): tokens.append(.monthName)
                case ("d", 1): tokens.append(.day)
                case ("d", 2): tokens.append(.day2)
                default: return nil
                }
                index = end
            } else if character.isWhitespace {
                if tokens.last != .space { tokens.append(.space) }
                index += 1
            } else {
                tokens.append(.literal(character))
                index += 1
            }
        }
        let years = tokens.filter { $0 == .year4 || $0 == .year2 }.count
        let months = tokens.filter { $0 == .month2 || $0 == .month || $0 == .monthName }.count
        let days = tokens.filter { $0 == .day2 || $0 == .day }.count
        guard years == 1, months == 1, days == 1 else { return nil }
        self.pattern = pattern
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// The date in `text` (surrounding spaces ignored), or nil when it does not match or does not exist.
    public func date(from text: String) -> CalendarDate? {
        parse(text)?.date
    }

    /// The date and, when the text carries one, the time of day in seconds since midnight.
    func parse(_ text: String) -> (date: CalendarDate, secondsOfDay: Int?)? {
        let characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var position = 0
        var year: Int?
        var month: Int?
        var day: Int?
        for token in tokens {
            switch token {
            case .year4:
                guard let value = Self.digits(characters, &position, minimum: 4, maximum: 4) else { return nil }
                year = value
            case .year2:
                guard let value = Self.digits(characters, &position, minimum: 2, maximum: 2) else { return nil }
                year = value < 70 ? 2000 + value : 1900 + value
            case .month2, .day2:
                guard let value = Self.digits(characters, &position, minimum: 2, maximum: 2) else { return nil }
                if token == .month2 { month = value } else { day = value }
            case .month, .day:
                guard let value = Self.digits(characters, &position, minimum: 1, maximum: 2) else { return nil }
                if token == .month { month = value } else { day = value }
            case .monthName:
                guard let value = Self.monthName(characters, &position) else { return nil }
                month = value
            case .space:
                guard position < characters.count, characters[position].isWhitespace else { return nil }
                while position < characters.count && characters[position].isWhitespace { position += 1 }
            case .literal(let literal):
                guard position < characters.count, characters[position] == literal else { return nil }
                position += 1
            }
        }
        guard let year, let month, let day, let date = CalendarDate(year: year, month: month, day: day) else {
            return nil
        }
        if position == characters.count { return (date, nil) }
        guard let seconds = Self.timeOfDay(characters[position...]) else { return nil }
        return (date, seconds)
    }

    private static func digits(_ characters: [Character], _ position: inout Int, minimum: Int, maximum: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, position < characters.count, let digit = characters[position].asciiDigitValue {
            value = value * 10 + digit
            count += 1
            position += 1
        }
        return count >= minimum ? value : nil
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    private static func monthName(_ characters: [Character], _ position: inout Int) -> Int? {
        var end = position
        while end < characters.count && characters[end].isASCII && characters[end].isLetter { end += 1 }
        let word = String(characters[position..<end]).lowercased()
        guard word.count >= 3 else { return nil }
        for (index, name) in monthNames.enumerated()
        where word == name || word == String(name.prefix(3)) || (index == 8 && word == "sept") {
            position = end
            return index + 1
        }
        return nil
    }

    /// "14:05", " 14:05:09", "T14:05:09Z", " 2:05 PM": seconds since midnight; nil for anything else.
    private static func timeOfDay(_ rest: ArraySlice<Character>) -> Int? {
        var characters = Array(rest)
        guard let first = characters.first, first.isWhitespace || first == "T" else { return nil }
        characters.removeFirst()
        var text = String(characters).trimmingCharacters(in: .whitespaces).uppercased()
        var isAfternoon: Bool?
        if text.hasSuffix("AM") || text.hasSuffix("PM") {
            isAfternoon = text.hasSuffix("PM")
            text = String(text.dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        if text.hasSuffix("Z") { text.removeLast() }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var values: [Int] = []
        for part in parts {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            // Fractions of a second are allowed and ignored.
            guard !digits.isEmpty, digits.count <= 2,
                part.dropFirst(digits.count).allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) })
            else { return nil }
            values.append(Int(digits) ?? 0)
        }
        var hour = values[0]
        if let isAfternoon {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (isAfternoon ? 12 : 0)
        }
        guard hour < 24, values[1] < 60, values.count < 3 || values[2] < 60 else { return nil }
        return hour * 3600 + values[1] * 60 + (values.count == 3 ? values[2] : 0)
    }
}

extension Character {
    /// 0–9 for an ASCII digit, else nil.
    fileprivate var asciiDigitValue: Int? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return Int(ascii - 48)
    }
}
