import Foundation

/// Why a login, a session or a token was refused.
public enum AuthError: ClassifiedError, Equatable, Sendable {
    /// Email or password wrong; deliberately does not say which.
    case invalidCredentials
    /// Too many failed attempts for this account or address; try again after the given number of seconds.
    case lockedOut(retryAfterSeconds: Int)
    /// No valid session or token was presented.
    case unauthenticated
    /// The user's account is disabled.
    case disabled
    /// A state-changing form arrived without the right anti-forgery token.
    case invalidCSRFToken

    public var kind: ErrorKind {
        switch self {
        case .invalidCredentials, .unauthenticated, .disabled: .unauthenticated
        case .lockedOut: .tooManyRequests
        case .invalidCSRFToken: .forbidden
        }
    }

    public var code: String {
        switch self {
        case .invalidCredentials: "invalid_credentials"
        case .lockedOut: "login_locked"
        case .unauthenticated: "unauthenticated"
        case .disabled: "user_disabled"
        case .invalidCSRFToken: "invalid_csrf_token"
        }
    }

    public var detail: String {
        switch self {
        case .invalidCredentials: "The email or password is not correct."
        case .lockedOut(let seconds):
            "Too many failed logins. Try again in \(max(1, (seconds + 59) / 60)) minute(s)."
        case .unauthenticated: "Log in or send a valid API token."
        case .disabled: "This user is disabled."
        case .invalidCSRFToken: "The form expired or came from another site. Reload the page and try again."
        }
    }
}

/// How many failed logins are tolerated before Benta slows them down and then locks the account or address.
public struct LoginThrottlePolicy: Sendable, Hashable {
    /// Failures inside the window after which each further attempt is delayed.
    public var slowAfterFailures: Int
    /// Failures inside the window after which the account (or address) is locked until the window passes.
    public var lockAfterFailures: Int
    /// Failures from one address (any account) inside the window after which that address is locked.
    public var lockAddressAfterFailures: Int
    /// The sliding window and lock length, in seconds.
    public var windowSeconds: Int

    public init(
        slowAfterFailures: Int = 3, lockAfterFailures: Int = 10, lockAddressAfterFailures: Int = 50,
        windowSeconds: Int = 900
    ) {
        self.slowAfterFailures = slowAfterFailures
        self.lockAfterFailures = lockAfterFailures
        self.lockAddressAfterFailures = lockAddressAfterFailures
        self.windowSeconds = windowSeconds
    }

    /// What to do with a login attempt given the recent failures for its account and its address.
    public func decision(
        accountFailures: Int, addressFailures: Int, secondsSinceOldestFailure: Int
    )
        -> LoginThrottleDecision
    {
        if accountFailures >= lockAfterFailures || addressFailures >= lockAddressAfterFailures {
            return .locked(retryAfterSeconds: max(1, windowSeconds - secondsSinceOldestFailure))
        }
        if accountFailures >= slowAfterFailures {
            // 1 s, 2 s, 4 s … capped at 8 s: slows a guesser, barely noticed by a person who mistyped.
            let exponent = min(accountFailures - slowAfterFailures, 3)
            return .delay(milliseconds: 1000 << exponent)
        }
        return .allow
    }
}

/// The throttle's answer for one login attempt.
public enum LoginThrottleDecision: Sendable, Hashable {
    case allow
    case delay(milliseconds: Int)
    case locked(retryAfterSeconds: Int)
}
