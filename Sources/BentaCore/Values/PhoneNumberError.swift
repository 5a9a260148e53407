import Foundation

/// Why a phone number could not be normalized.
public enum PhoneNumberError: Error, Hashable, Sendable {
    /// Nothing but blanks or punctuation was given.
    case empty
    /// Letters or other symbols that cannot be part of a phone number were given.
    case invalidCharacters
    /// Fewer than 8 digits including the calling code.
    case tooShort
    /// More than 15 digits including the calling code (the E.164 limit).
    case tooLong
    /// The digit count or leading digits do not fit the country's numbering plan.
    case invalidForCountry
}
