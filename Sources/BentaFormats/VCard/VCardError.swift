import Foundation

/// Why a vCard file could not be read.
public enum VCardError: Error, Equatable, Sendable {
    /// The input holds nothing but blanks.
    case empty
    /// The input is larger than ``VCardReadLimits/maximumBytes``.
    case tooLarge
    /// The input has text but no `BEGIN:VCARD`: it is not a vCard file.
    case noCards
    /// The card that begins on this line has no `END:VCARD` and no name, so it is most likely cut off.
    case unterminatedCard(line: Int)
    /// The input holds more cards than ``VCardReadLimits/maximumCards``.
    case tooManyCards
    /// The property that begins on this line is longer than ``VCardReadLimits/maximumLineLength``.
    case lineTooLong(line: Int)

    /// A sentence for the person importing the file.
    public var message: String {
        switch self {
        case .empty: "The file is empty."
        case .tooLarge: "The file is too large to import; split it into smaller files."
        case .noCards: "The file is not a vCard file: it has no line reading BEGIN:VCARD."
        case .unterminatedCard(let line):
            "The contact that begins on line \(line) has no END:VCARD line; the file may be cut off."
        case .tooManyCards: "The file holds too many contacts to import at once; split it into smaller files."
        case .lineTooLong(let line): "Line \(line) is too long to be a contact field."
        }
    }
}
