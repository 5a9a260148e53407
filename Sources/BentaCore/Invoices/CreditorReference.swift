import Foundation

/// The ISO 11649 structured creditor reference ("RF" + two check digits + up to 21 letters or digits), printed on
/// every invoice so a bank payment quoting it can be matched to the invoice.
public enum CreditorReference {
    /// The reference for `text` (an invoice number): its letters and digits, upper-cased, at most the last 21,
    /// with the ISO 7064 MOD 97-10 check digits. "INV-2026-000123" → "RF" + checks + "INV2026000123".
    public static func make(from text: String) -> String? {
        let body = String(text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.suffix(21))
        guard !body.isEmpty, let remainder = mod97(body + "RF00") else { return nil }
        let check = 98 - remainder
        return "RF" + (check < 10 ? "0" : "") + String(check) + body
    }

    /// Whether `reference` (spaces allowed, as printed in groups of four) is a valid RF reference.
    public static func isValid(_ reference: String) -> Bool {
        let compact = reference.uppercased().filter { !$0.isWhitespace }
        guard compact.count >= 5, compact.count <= 25, compact.hasPrefix("RF"),
            compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return false }
        let rotated = String(compact.dropFirst(4)) + String(compact.prefix(4))
        return mod97(rotated) == 1
    }

    /// The reference in groups of four, as printed: "RF18 5390 0754 7034".
    public static func printed(_ reference: String) -> String {
        var groups: [String] = []
        var rest = Substring(reference)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// The remainder mod 97 of the number formed by replacing letters with 10…35.
    private static func mod97(_ text: String) -> Int? {
        var remainder = 0
        for character in text {
            let digits: String
            if let value = character.wholeNumberValue, character.isASCII {
                digits = String(value)
            } else if let ascii = character.asciiValue, character.isLetter {
                digits = String(Int(ascii) - 55)
            } else {
                return nil
            }
            for digit in digits {
                remainder = (remainder * 10 + (digit.wholeNumberValue ?? 0)) % 97
            }
        }
        return remainder
    }
}
