import Foundation

/// One header field as it appeared in the message: its name and its unfolded value, not decoded.
public struct MailHeader: Sendable, Hashable {
    /// The field name as written (`Subject`, `X-Mailer`); compare it case-insensitively.
    public var name: String
    /// The value with line folding removed and surrounding whitespace trimmed; encoded words are left as-is.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension [MailHeader] {
    /// The value of the first header with this name (case-insensitive): the one that counts for single-value fields.
    func firstValue(named name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
