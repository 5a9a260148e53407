import Foundation

/// Amounts written out in English words, the way Philippine checks and invoices print them.
///
/// "One Hundred Twelve Thousand Pesos and 50/100": the whole pesos in words (title case, compound tens
/// hyphenated as in "Twenty-One"), then the centavos as a fraction of 100. Optional on an invoice (common
/// practice, not a BIR rule).
public enum AmountInWords {
    /// The amount in pesos: "Zero Pesos and 00/100", "One Peso and 00/100", "One Hundred Twelve Thousand Pesos and
    /// 50/100".
    ///
    /// The fraction follows the amount's currency digits (00/100 for two digits, 000/1000 for three, none for zero);
    /// the unit word is always "Peso(s)". Covers every `Int64` amount (to the quadrillions); a negative amount
    /// starts with "Minus".
    public static func pesos(_ money: Money) -> String {
        words(money, singular: "Peso", plural: "Pesos")
    }

    /// The amount in words with the given unit names ("Dollar"/"Dollars"), in the same style as `pesos(_:)`.
    public static func words(_ money: Money, singular: String, plural: String) -> String {
        let digits = MoneyDigits(money)
        let whole = money.minorUnits.magnitude / UInt64(money.currency.minorUnitsPerMajorUnit)
        var text = digits.isNegative ? "Minus " : ""
        text += whole == 0 ? "Zero" : spell(whole)
        text += " " + (whole == 1 ? singular : plural)
        if !digits.fractionDigits.isEmpty {
            text += " and \(digits.fractionDigits)/\(money.currency.minorUnitsPerMajorUnit)"
        }
        return text
    }

    private static let ones = [
        "", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
        "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ]
    private static let tens = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
    private static let scales = ["", "Thousand", "Million", "Billion", "Trillion", "Quadrillion", "Quintillion"]

    /// A positive whole number in words, by groups of three digits.
    private static func spell(_ number: UInt64) -> String {
        var groups: [String] = []
        var rest = number
        var scale = 0
        while rest > 0 {
            let group = Int(rest % 1000)
            if group > 0 {
                let name = scales[scale]
                groups.insert(spellBelowThousand(group) + (name.isEmpty ? "" : " " + name), at: 0)
            }
            rest /= 1000
            scale += 1
        }
        return groups.joined(separator: " ")
    }

    private static func spellBelowThousand(_ number: Int) -> String {
        var parts: [String] = []
        if number >= 100 {
            parts.append(ones[number / 100] + " Hundred")
        }
        let belowHundred = number % 100
        if belowHundred >= 20 {
            let unit = belowHundred % 10
            parts.append(tens[belowHundred / 10] + (unit == 0 ? "" : "-" + ones[unit]))
        } else if belowHundred > 0 {
            parts.append(ones[belowHundred])
        }
        return parts.joined(separator: " ")
    }
}
