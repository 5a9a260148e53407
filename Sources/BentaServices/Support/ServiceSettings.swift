import BentaCore
import Foundation

/// Tunables of the services layer, set from `AppConfig` at start-up.
public struct ServiceSettings: Sendable {
    /// bcrypt cost for new password hashes (ASVS asks for at least 10; tests lower it for speed).
    public var bcryptCost: UInt8
    /// A session ends after this long without a request.
    public var sessionIdleTimeout: TimeInterval
    /// A session ends this long after login, whatever the activity.
    public var sessionAbsoluteLifetime: TimeInterval
    public var loginThrottle: LoginThrottlePolicy
    /// Whether `benta` waits out the throttle delay itself (tests turn this off to stay fast).
    public var appliesLoginDelays: Bool
    /// Seals the secrets stored in the database (the SMTP password). The default's key lives only in this process;
    /// `benta` sets the lasting one from `BENTA_SECRET_KEY` or the data folder's `secret.key`.
    public var secrets: SecretBox = .ephemeral()
    /// When the periodic jobs first run and how often (each job's own default where `nil`).
    public var jobTiming = JobTiming()

    public init(
        bcryptCost: UInt8 = 12, sessionIdleTimeout: TimeInterval = 12 * 3600,
        sessionAbsoluteLifetime: TimeInterval = 7 * 24 * 3600, loginThrottle: LoginThrottlePolicy = .init(),
        appliesLoginDelays: Bool = true
    ) {
        self.bcryptCost = bcryptCost
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteLifetime = sessionAbsoluteLifetime
        self.loginThrottle = loginThrottle
        self.appliesLoginDelays = appliesLoginDelays
    }
}
