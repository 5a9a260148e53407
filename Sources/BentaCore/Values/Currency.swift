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
        // The usual input, a code exactly as the table has it (every stored and most typed ones), is a dictionary
        // lookup: no trimming, uppercasing or new strings. A code only canonically equivalent to a key (U+212A
        // KELVIN SIGN for "K") has more UTF-8 bytes than the key's three, and takes the path below, as before.
        if let known = Currency.byCode[code], known.code.utf8.count == code.utf8.count {
            self = known
            return
        }
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

    /// ISO 4217's active currencies (funds and precious metals aside) with their minor-unit digits: a company,
    /// a bank account or a document may be in any of them (nothing is peso-only). The symbol is the code where
    /// none is unambiguous.
    private static let table: [String: (digits: Int, symbol: String)] = [
        "AED": (2, "AED"), "AFN": (2, "AFN"), "ALL": (2, "ALL"), "AMD": (2, "AMD"), "ANG": (2, "ANG"),
        "AOA": (2, "AOA"), "ARS": (2, "ARS"), "AUD": (2, "A$"), "AWG": (2, "AWG"), "AZN": (2, "AZN"), "BAM": (2, "BAM"),
        "BBD": (2, "BBD"), "BDT": (2, "BDT"), "BGN": (2, "BGN"), "BHD": (3, "BD"), "BIF": (0, "BIF"), "BMD": (2, "BMD"),
        "BND": (2, "BND"), "BOB": (2, "BOB"), "BRL": (2, "BRL"), "BSD": (2, "BSD"), "BTN": (2, "BTN"),
        "BWP": (2, "BWP"), "BYN": (2, "BYN"), "BZD": (2, "BZD"), "CAD": (2, "CA$"), "CDF": (2, "CDF"),
        "CHF": (2, "CHF"), "CLP": (0, "CLP"), "CNY": (2, "¥"), "COP": (2, "COP"), "CRC": (2, "CRC"), "CUP": (2, "CUP"),
        "CVE": (2, "CVE"), "CZK": (2, "CZK"), "DJF": (0, "DJF"), "DKK": (2, "DKK"), "DOP": (2, "DOP"),
        "DZD": (2, "DZD"), "EGP": (2, "EGP"), "ERN": (2, "ERN"), "ETB": (2, "ETB"), "EUR": (2, "€"), "FJD": (2, "FJD"),
        "FKP": (2, "FKP"), "GBP": (2, "£"), "GEL": (2, "GEL"), "GHS": (2, "GHS"), "GIP": (2, "GIP"), "GMD": (2, "GMD"),
        "GNF": (0, "GNF"), "GTQ": (2, "GTQ"), "GYD": (2, "GYD"), "HKD": (2, "HK$"), "HNL": (2, "HNL"),
        "HTG": (2, "HTG"), "HUF": (2, "HUF"), "IDR": (2, "Rp"), "ILS": (2, "ILS"), "INR": (2, "₹"), "IQD": (3, "IQD"),
        "IRR": (2, "IRR"), "ISK": (0, "ISK"), "JMD": (2, "JMD"), "JOD": (3, "JOD"), "JPY": (0, "¥"), "KES": (2, "KES"),
        "KGS": (2, "KGS"), "KHR": (2, "KHR"), "KMF": (0, "KMF"), "KPW": (2, "KPW"), "KRW": (0, "₩"), "KWD": (3, "KD"),
        "KYD": (2, "KYD"), "KZT": (2, "KZT"), "LAK": (2, "LAK"), "LBP": (2, "LBP"), "LKR": (2, "LKR"),
        "LRD": (2, "LRD"), "LSL": (2, "LSL"), "LYD": (3, "LYD"), "MAD": (2, "MAD"), "MDL": (2, "MDL"),
        "MGA": (2, "MGA"), "MKD": (2, "MKD"), "MMK": (2, "MMK"), "MNT": (2, "MNT"), "MOP": (2, "MOP"),
        "MRU": (2, "MRU"), "MUR": (2, "MUR"), "MVR": (2, "MVR"), "MWK": (2, "MWK"), "MXN": (2, "MXN"), "MYR": (2, "RM"),
        "MZN": (2, "MZN"), "NAD": (2, "NAD"), "NGN": (2, "NGN"), "NIO": (2, "NIO"), "NOK": (2, "NOK"),
        "NPR": (2, "NPR"), "NZD": (2, "NZ$"), "OMR": (3, "OMR"), "PAB": (2, "PAB"), "PEN": (2, "PEN"),
        "PGK": (2, "PGK"), "PHP": (2, "₱"), "PKR": (2, "PKR"), "PLN": (2, "PLN"), "PYG": (0, "PYG"), "QAR": (2, "QAR"),
        "RON": (2, "RON"), "RSD": (2, "RSD"), "RUB": (2, "RUB"), "RWF": (0, "RWF"), "SAR": (2, "SAR"),
        "SBD": (2, "SBD"), "SCR": (2, "SCR"), "SDG": (2, "SDG"), "SEK": (2, "SEK"), "SGD": (2, "S$"), "SHP": (2, "SHP"),
        "SLE": (2, "SLE"), "SOS": (2, "SOS"), "SRD": (2, "SRD"), "SSP": (2, "SSP"), "STN": (2, "STN"),
        "SVC": (2, "SVC"), "SYP": (2, "SYP"), "SZL": (2, "SZL"), "THB": (2, "฿"), "TJS": (2, "TJS"), "TMT": (2, "TMT"),
        "TND": (3, "TND"), "TOP": (2, "TOP"), "TRY": (2, "TRY"), "TTD": (2, "TTD"), "TWD": (2, "NT$"),
        "TZS": (2, "TZS"), "UAH": (2, "UAH"), "UGX": (0, "UGX"), "USD": (2, "$"), "UYU": (2, "UYU"), "UZS": (2, "UZS"),
        "VES": (2, "VES"), "VND": (0, "₫"), "VUV": (0, "VUV"), "WST": (2, "WST"), "XAF": (0, "XAF"), "XCD": (2, "XCD"),
        "XCG": (2, "XCG"), "XOF": (0, "XOF"), "XPF": (0, "XPF"), "YER": (2, "YER"), "ZAR": (2, "ZAR"),
        "ZMW": (2, "ZMW"), "ZWG": (2, "ZWG"),
    ]

    /// Each currency of the table, built once, by its code.
    private static let byCode: [String: Currency] = Dictionary(
        uniqueKeysWithValues: table.map { code, entry in
            (code, Currency(code: code, minorUnitDigits: entry.digits, symbol: entry.symbol))
        })

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
