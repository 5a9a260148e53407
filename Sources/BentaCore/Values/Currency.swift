import Foundation

/// An ISO 4217 currency with its minor-unit digits and display symbol.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ISO 4217 alphabetic code, uppercase (for example "PHP").
    public let code: String
    /// How many decimal digits one major unit has (2 for PHP, 0 for JPY, 3 for KWD).
    public let minorUnitDigits: Int
    /// The symbol used when formatting amounts (for example "₱").
    public let symbol: String

    /// Creates a currency from explicit parts; prefer `init?(code:)` for known currencies.
    public init(code: String, minorUnitDigits: Int, symbol: String) {
        self.code = code.uppercased()
        self.minorUnitDigits = max(0, minorUnitDigits)
        self.symbol = symbol
    }

    /// Looks up a currency in the built-in table by its ISO code (case-insensitive); nil when unknown.
    public init?(code: String) {
        let key = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let entry = Currency.table[key] else { return nil }
        self.init(code: key, minorUnitDigits: entry.digits, symbol: entry.symbol)
    }

    /// Philippine peso.
    public static let php = Currency(code: "PHP", minorUnitDigits: 2, symbol: "₱")
    /// US dollar.
    public static let usd = Currency(code: "USD", minorUnitDigits: 2, symbol: "$")
    /// Euro.
    public static let eur = Currency(code: "EUR", minorUnitDigits: 2, symbol: "€")
    /// Japanese yen.
    public static let jpy = Currency(code: "JPY", minorUnitDigits: 0, symbol: "¥")

    /// All currencies in the built-in table, sorted by code.
    public static var allKnown: [Currency] {
        table.keys.sorted().compactMap { Currency(code: $0) }
    }

    /// The number of minor units in one major unit (10^minorUnitDigits).
    public var minorUnitsPerMajorUnit: Int64 {
        var result: Int64 = 1
        for _ in 0..<minorUnitDigits { result *= 10 }
        return result
    }

    /// The ISO code.
    public var description: String { code }

    private static let table: [String: (digits: Int, symbol: String)] = [
        "PHP": (2, "₱"), "USD": (2, "$"), "EUR": (2, "€"), "JPY": (0, "¥"),
        "SGD": (2, "S$"), "GBP": (2, "£"), "KWD": (3, "KD"), "AUD": (2, "A$"),
        "CNY": (2, "¥"), "HKD": (2, "HK$"), "IDR": (2, "Rp"), "MYR": (2, "RM"),
        "THB": (2, "฿"), "VND": (0, "₫"), "CAD": (2, "CA$"), "NZD": (2, "NZ$"),
        "KRW": (0, "₩"), "INR": (2, "₹"), "AED": (2, "AED"), "SAR": (2, "SAR"),
        "CHF": (2, "CHF"), "BHD": (3, "BD"), "OMR": (3, "OMR"), "TWD": (2, "NT$"),
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let currency = Currency(code: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unknown currency code \(raw)")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
