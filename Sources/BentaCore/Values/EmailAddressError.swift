import Foundation

/// Why an email address was rejected.
public enum EmailAddressError: Error, Hashable, Sendable {
    /// Nothing was given.
    case empty
    /// Spaces, control characters or characters not allowed in an address were found.
    case invalidCharacters
    /// There is no "@".
    case missingAtSign
    /// There is more than one "@".
    case multipleAtSigns
    /// The part before "@" is empty, too long, or has misplaced dots.
    case invalidLocalPart
    /// The part after "@" is not a plausible domain name.
    case invalidDomain
    /// The whole address is longer than 254 bytes.
    case tooLong
}
