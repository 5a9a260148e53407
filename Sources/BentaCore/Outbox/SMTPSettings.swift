import Foundation

/// How the connection to the SMTP server is protected.
public enum SMTPSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain text (a relay on the same machine or network). A password is never sent over it.
    case none
    /// Plain connection upgraded with STARTTLS before anything else is sent (usually port 587).
    case starttls
    /// TLS from the first byte (implicit TLS, usually port 465).
    case tls
}

/// A company's outgoing mail server and sender identity. Its descriptions leave the password out, so logging the
/// settings cannot leak it.
public struct SMTPSettings: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    /// nil when the server accepts mail without logging in.
    public var username: String?
    /// Stored as given (see the outbox migration); never returned by the API.
    public var password: String?
    /// The sender address: the From header and the SMTP envelope sender.
    public var fromAddress: EmailAddress
    public var fromName: String

    public init(
        host: String, port: Int, security: SMTPSecurity, username: String? = nil, password: String? = nil,
        fromAddress: EmailAddress, fromName: String
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.fromAddress = fromAddress
        self.fromName = fromName
    }

    public var description: String {
        "SMTPSettings(\(host):\(port), \(security.rawValue), user: \(username ?? "-"), "
            + "password: \(password == nil ? "none" : "set"), from: \(fromAddress))"
    }

    public var debugDescription: String { description }
}
