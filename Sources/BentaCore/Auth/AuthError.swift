import Foundation

/// Why a login, a session or a token was refused.
public enum AuthError: ClassifiedError, Equatable, Sendable {
    /// Email or password wrong; deliberately does not say which.
    case invalidCredentials
    /// Too many recent failed attempts; try again after the given number of seconds (a short backoff, never a lock).
    case tooManyAttempts(retryAfterSeconds: Int)
    /// No valid session or token was presented.
    case unauthenticated
    /// The user's account is disabled.
    case disabled
    /// A state-changing form arrived without the right anti-forgery token.
    case invalidCSRFToken

    public var kind: ErrorKind {
        switch self {
        case .invalidCredentials, .unauthenticated, .disabled: .unauthenticated
        case .tooManyAttempts: .tooManyRequests
        case .invalidCSRFToken: .forbidden
        }
    }

    public var code: String {
        switch self {
        case .invalidCredentials: "invalid_credentials"
        case .tooManyAttempts: "too_many_attempts"
        case .unauthenticated: "unauthenticated"
        case .disabled: "user_disabled"
        case .invalidCSRFToken: "invalid_csrf_token"
        }
    }

    public var detail: String {
        switch self {
        case .invalidCredentials: "The email or password is not correct."
        case .tooManyAttempts(let seconds):
            seconds < 120
                ? "Too many attempts. Try again in \(max(1, seconds)) second(s)."
                : "Too many attempts. Try again in \((seconds + 59) / 60) minute(s)."
        case .unauthenticated: "Log in or send a valid API token."
        case .disabled: "This user is disabled."
        case .invalidCSRFToken: "The form expired or came from another site. Reload the page and try again."
        }
    }
}
