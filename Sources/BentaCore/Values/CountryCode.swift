import Foundation

/// An ISO 3166-1 alpha-2 country, with the telephone facts needed to normalize phone numbers.
public enum CountryCode: String, Sendable, Codable, CaseIterable {
    case PH = "PH", US = "US", SG = "SG", GB = "GB", AU = "AU", JP = "JP", HK = "HK", ID = "ID", MY = "MY"
    case TH = "TH", VN = "VN", CN = "CN", DE = "DE", FR = "FR", NL = "NL", ES = "ES", IT = "IT", CA = "CA"
    case AE = "AE", SA = "SA", IN = "IN", KR = "KR"

    /// The ITU calling code without "+" (for example "63").
    public var callingCode: String {
        switch self {
        case .PH: "63"
        case .US, .CA: "1"
        case .SG: "65"
        case .GB: "44"
        case .AU: "61"
        case .JP: "81"
        case .HK: "852"
        case .ID: "62"
        case .MY: "60"
        case .TH: "66"
        case .VN: "84"
        case .CN: "86"
        case .DE: "49"
        case .FR: "33"
        case .NL: "31"
        case .ES: "34"
        case .IT: "39"
        case .AE: "971"
        case .SA: "966"
        case .IN: "91"
        case .KR: "82"
        }
    }

    /// The prefix dialled before a national number within the country ("0" in PH), nil when there is none.
    public var trunkPrefix: String? {
        switch self {
        case .US, .CA: "1"
        case .SG, .HK, .ES, .IT: nil
        default: "0"
        }
    }

    /// The English name of the country.
    public var displayName: String {
        switch self {
        case .PH: "Philippines"
        case .US: "United States"
        case .SG: "Singapore"
        case .GB: "United Kingdom"
        case .AU: "Australia"
        case .JP: "Japan"
        case .HK: "Hong Kong"
        case .ID: "Indonesia"
        case .MY: "Malaysia"
        case .TH: "Thailand"
        case .VN: "Vietnam"
        case .CN: "China"
        case .DE: "Germany"
        case .FR: "France"
        case .NL: "Netherlands"
        case .ES: "Spain"
        case .IT: "Italy"
        case .CA: "Canada"
        case .AE: "United Arab Emirates"
        case .SA: "Saudi Arabia"
        case .IN: "India"
        case .KR: "South Korea"
        }
    }

    /// The plausible lengths of a national significant number (digits after the calling code).
    public var nationalNumberLengths: ClosedRange<Int> {
        switch self {
        case .PH: 9...10
        case .US, .CA: 10...10
        case .SG, .HK: 8...8
        case .GB: 9...10
        case .AU, .FR, .NL, .ES: 9...9
        case .JP: 9...10
        case .ID: 8...12
        case .MY: 8...10
        case .TH: 8...9
        case .VN: 9...10
        case .CN: 9...11
        case .DE: 6...13
        case .IT: 6...11
        case .AE, .SA: 8...9
        case .IN: 10...10
        case .KR: 8...10
        }
    }

    /// The country owning an international number's calling code; the first listed when shared (US for "1").
    static func matching(internationalDigits digits: String) -> CountryCode? {
        allCases
            .filter { digits.hasPrefix($0.callingCode) }
            .max { $0.callingCode.count < $1.callingCode.count }
    }

    /// ``matching(internationalDigits:)`` over ASCII digits, with the calling code's digits: the longest code
    /// first, the first listed among equals (issue 11: every phone of a list is displayed).
    static func matching(internationalDigits digits: UnsafeBufferPointer<UInt8>) -> (CountryCode, [UInt8])? {
        callingCodesLongestFirst.first { _, code in
            code.count <= digits.count && zip(code, digits).allSatisfy { $0 == $1 }
        }
    }

    private static let callingCodesLongestFirst: [(CountryCode, [UInt8])] = {
        let longest = allCases.map(\.callingCode.utf8.count).max() ?? 0
        return stride(from: longest, through: 1, by: -1).flatMap { length in
            allCases.filter { $0.callingCode.utf8.count == length }.map { ($0, Array($0.callingCode.utf8)) }
        }
    }()
}
