import Foundation

/// A mailbox from an address header: an optional display name and the address.
///
/// Unlike BentaCore's `EmailAddress`, this holds what the message said (quoted local parts, odd but plausible
/// domains), lightly checked; validate it with `EmailAddress(parsing:)` before storing it as a contact's address.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The decoded display name (`Juan Dela Cruz`), or nil when there is none.
    public var name: String?
    /// The address with its domain lowercased and its local part as given (`Juan.Cruz@example.ph`).
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses one mailbox (`"Juan Dela Cruz" <juan@example.ph>`); nil when it holds no usable address.
    public init?(parsing text: String) {
        guard let first = MailAddressListParser.parse(text).first else { return nil }
        self = first
    }

    /// Parses an address list header value (From, To, Cc, Reply-To), flattening groups and skipping entries that
    /// hold no usable address. Display names have their RFC 2047 encoded words decoded.
    public static func parseList(_ text: String) -> [MailAddress] {
        MailAddressListParser.parse(text)
    }

    /// `Name <address>`, or the bare address.
    public var description: String {
        guard let name else { return address }
        return "\(name) <\(address)>"
    }
}
