import Foundation

/// A Philippine taxpayer identification number (TIN): 9-digit base number plus 5-digit branch code.
///
/// Stored as 14 digits. Input may have 9 digits (head office assumed), 12 digits (legacy 3-digit branch,
/// left-padded to 5) or 14 digits, with spaces, dashes or dots anywhere. The check digit is not verified
/// because the BIR algorithm is not public.
public struct TaxpayerID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// All 14 digits: 9 for the base number, then 5 for the branch code.
    public let digits: String

    /// The branch code of a head office.
    public static let headOfficeBranchCode = "00000"

    /// Parses and normalizes a TIN as typed by a person.
    public init(parsing input: String) throws(TaxpayerIDError) {
        var found = ""
        for scalar in input.unicodeScalars {
            switch scalar {
            case "0"..."9": found.unicodeScalars.append(scalar)
            case " ", "-", ".", "\t", "\u{00A0}": continue
            default: throw .invalid(reason: .invalidCharacters)
            }
        }
        switch found.count {
        case 0: throw .invalid(reason: .empty)
        case 9: digits = found + Self.headOfficeBranchCode
        case 12: digits = String(found.prefix(9)) + "00" + String(found.suffix(3))
        case 14: digits = found
        default: throw .invalid(reason: .wrongLength(found.count))
        }
    }

    /// The 9-digit TIN without the branch code.
    public var baseNumber: String { String(digits.prefix(9)) }

    /// The 5-digit branch code; "00000" is the head office.
    public var branchCode: String { String(digits.suffix(5)) }

    /// True when the branch code is "00000".
    public var isHeadOffice: Bool { branchCode == Self.headOfficeBranchCode }

    /// True for the all-zero base number the EIS uses for a buyer without a TIN.
    public var isNoTINPlaceholder: Bool { baseNumber == "000000000" }

    /// The BIR display form "123-456-789-00000".
    public var formatted: String {
        // `digits` is 14 ASCII digits (both initializers parse): dashes put in byte by byte (issue 11).
        if digits.utf8.count == 14 {
            return String(unsafeUninitializedCapacity: 17) { output in
                var written = 0
                for (index, byte) in digits.utf8.enumerated() {
                    if index == 3 || index == 6 || index == 9 {
                        output[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    output[written] = byte
                    written += 1
                }
                return written
            }
        }
        let characters = Array(digits)
        return String(characters[0..<3]) + "-" + String(characters[3..<6]) + "-" + String(characters[6..<9])
            + "-" + String(characters[9..<14])
    }

    /// The formatted TIN.
    public var description: String { formatted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try TaxpayerID(parsing: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid TIN: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
