import Foundation

/// Formats money for people: "₱1,234,567.89", "-₱5.00" or "(₱5.00)", "¥1,235".
///
/// Deliberately not built on `NumberFormatter`/`Locale`, whose output differs between platforms.
/// English and Filipino both use comma thousands and a period decimal, as `en-PH` and `fil-PH` do.
public struct MoneyFormatter: Sendable {
    /// How negative amounts are shown.
    public enum NegativeStyle: Sendable, Hashable {
        /// A leading minus before the symbol: "-₱5.00".
        case minusSign
        /// Accounting style parentheses, for reports: "(₱5.00)".
        case parentheses
    }

    /// The language of the surrounding text.
    public let language: LanguageCode
    /// How negative amounts are shown.
    public let negativeStyle: NegativeStyle

    /// Creates a formatter.
    public init(language: LanguageCode = .english, negativeStyle: NegativeStyle = .minusSign) {
        self.language = language
        self.negativeStyle = negativeStyle
    }

    /// The amount with the currency symbol and grouping: "₱1,234,567.89".
    public func format(_ money: Money) -> String {
        let digits = MoneyDigits(money)
        let body = money.currency.symbol + Self.grouped(digits)
        guard digits.isNegative else { return body }
        switch negativeStyle {
        case .minusSign: return "-" + body
        case .parentheses: return "(" + body + ")"
        }
    }

    /// The amount with grouping but no symbol: "1,234,567.89" (negatives follow `negativeStyle`).
    public func formatPlain(_ money: Money) -> String {
        let digits = MoneyDigits(money)
        let body = Self.grouped(digits)
        guard digits.isNegative else { return body }
        switch negativeStyle {
        case .minusSign: return "-" + body
        case .parentheses: return "(" + body + ")"
        }
    }

    /// The unsigned magnitude with comma thousands separators and a period decimal.
    private static func grouped(_ digits: MoneyDigits) -> String {
        let integer = Array(digits.integerDigits)
        var result = ""
        for (index, character) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 {
                result.append(",")
            }
            result.append(character)
        }
        if !digits.fractionDigits.isEmpty {
            result += "." + digits.fractionDigits
        }
        return result
    }
}
