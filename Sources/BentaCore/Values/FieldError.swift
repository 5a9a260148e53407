import Foundation

/// One problem with one input field, as reported in a 422 problem's `errors` list.
public struct FieldError: Hashable, Sendable, Codable {
    /// The field name as the client sent it (for example "buyerTIN").
    public let field: String
    /// A stable machine code such as "required", "invalid_tin" or "too_long".
    public let code: String
    /// An English sentence for people; user interfaces may translate by `code` instead.
    public let message: String

    /// Creates a field error.
    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}
