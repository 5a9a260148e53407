import Foundation

/// Why a taxpayer identification number could not be parsed.
public enum TaxpayerIDError: Error, Hashable, Sendable {
    /// The input is not a valid TIN, for the given reason.
    case invalid(reason: Reason)

    /// The specific problem with the input.
    public enum Reason: Hashable, Sendable {
        /// Nothing but separators (or nothing at all) was given.
        case empty
        /// Something other than digits, spaces, dashes or dots was given.
        case invalidCharacters
        /// The digit count was not 9, 12 or 14; carries the count found.
        case wrongLength(Int)
    }
}
