import BentaCore
import Foundation

/// Lets the web layer map a failed import to a problem response like any other error.
extension VCardError: ClassifiedError {
    public var kind: ErrorKind {
        switch self {
        case .tooLarge, .tooManyCards: .payloadTooLarge
        case .empty, .noCards, .unterminatedCard, .lineTooLong: .malformedInput
        }
    }

    public var code: String {
        switch self {
        case .empty: "vcard_empty"
        case .tooLarge: "vcard_too_large"
        case .noCards: "vcard_no_cards"
        case .unterminatedCard: "vcard_unterminated_card"
        case .tooManyCards: "vcard_too_many_cards"
        case .lineTooLong: "vcard_line_too_long"
        }
    }

    public var detail: String { message }
}
