import Foundation

/// The step of an SMTP session a failure happened in.
public enum SMTPStage: String, Sendable, Hashable {
    case connect
    case greeting
    case hello
    case startTLS = "starttls"
    case authentication
    case mailFrom = "mail_from"
    case recipient
    case data
}

/// Why a message could not be handed to the SMTP server.
///
/// ``isPermanent`` is true only when the server refused *this message* for good (a 5xx reply to MAIL FROM, RCPT TO
/// or DATA): retrying would be refused again. Everything else — refused or timed-out connections, 4xx replies,
/// TLS and authentication problems, a server that does not offer what the settings ask — is transient: it is
/// about the server or its configuration, hits every message alike, and an admin can fix it while the outbox waits.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No connection could be opened (refused, unreachable, name not resolved, connect timeout).
    case connectionFailed(String)
    /// The server did not answer within the time allowed.
    case timedOut(SMTPStage)
    /// The server closed the connection before answering.
    case connectionClosed(SMTPStage)
    /// The server answered with a failure code.
    case rejected(SMTPStage, code: Int, message: String)
    /// The server's reply was not SMTP.
    case protocolViolation(String)
    /// The TLS handshake or certificate check failed.
    case tlsFailed(String)
    /// The settings ask for STARTTLS and the server does not offer it.
    case startTLSUnavailable
    /// A username is set and the server offers neither AUTH PLAIN nor AUTH LOGIN, or would see the password
    /// unencrypted.
    case authenticationUnavailable(String)

    public var isPermanent: Bool {
        guard case .rejected(let stage, let code, _) = self else { return false }
        return code >= 500 && [.mailFrom, .recipient, .data].contains(stage)
    }

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "Could not connect to the SMTP server: \(reason)"
        case .timedOut(let stage): "The SMTP server did not answer in time (\(stage.rawValue))."
        case .connectionClosed(let stage): "The SMTP server closed the connection (\(stage.rawValue))."
        case .rejected(let stage, let code, let message):
            "The SMTP server refused \(stage.rawValue): \(code) \(message)"
        case .protocolViolation(let reason): "The SMTP server's reply was not understood: \(reason)"
        case .tlsFailed(let reason): "TLS with the SMTP server failed: \(reason)"
        case .startTLSUnavailable: "The SMTP server does not offer STARTTLS."
        case .authenticationUnavailable(let reason): "Cannot log in to the SMTP server: \(reason)"
        }
    }
}
