import Foundation

/// An email address checked with pragmatic rules (not the full RFC 5322 grammar), internationalized names allowed.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address as typed, trimmed, with the domain lowercased.
    public let value: String

    /// The address fully lowercased, for matching and uniqueness checks.
    public var normalized: String { value.lowercased() }

    /// The part before "@", as typed.
    public var localPart: String { String(value[..<atIndex]) }

    /// The lowercased domain after "@".
    public var domain: String { String(value[value.index(after: atIndex)...]) }

    private var atIndex: String.Index { value.lastIndex(of: "@") ?? value.endIndex }

    /// Characters that the pragmatic rules refuse in the local part (quoting is not supported).
    private static let forbiddenLocalCharacters: Set<Character> = [
        "(", ")", "<", ">", "[", "]", ",", ";", ":", "\\", "\"",
    ]

    /// Validates and normalizes an address.
    public init(parsing input: String) throws(EmailAddressError) {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        for scalar in trimmed.unicodeScalars {
            let properties = scalar.properties
            if properties.isWhitespace || properties.generalCategory == .control
                || properties.generalCategory == .format
            {
                throw .invalidCharacters
            }
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw .missingAtSign }
        guard parts.count == 2 else { throw .multipleAtSigns }
        let local = parts[0]
        let domain = parts[1].lowercased()
        guard !local.isEmpty, local.utf8.count <= 64 else { throw .invalidLocalPart }
        guard !local.contains(where: Self.forbiddenLocalCharacters.contains) else { throw .invalidCharacters }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw .invalidLocalPart }
        guard Self.isValidDomain(domain) else { throw .invalidDomain }
        let value = local + "@" + domain
        guard value.utf8.count <= 254 else { throw .tooLong }
        self.value = value
    }

    /// An address that was validated when it was stored, read back without checking it again (the lists read
    /// thousands; issue 11).
    public init(stored value: String) {
        self.value = value
    }

    /// The address (`value`).
    public var description: String { value }

    private static func isValidDomain(_ domain: String) -> Bool {
        guard domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            guard label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return false }
        }
        guard let topLevel = labels.last else { return false }
        // A TLD is letters only, or an IDNA "xn--" label.
        return topLevel.count >= 2 && (topLevel.allSatisfy(\.isLetter) || topLevel.hasPrefix("xn--"))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try EmailAddress(parsing: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid email address: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
