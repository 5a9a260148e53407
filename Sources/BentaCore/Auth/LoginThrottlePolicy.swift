import Foundation

/// How failed logins slow further attempts down. Nothing is ever locked: a stranger's failures for an account
/// cannot keep its owner out, they only make the stranger's own address wait.
///
/// Three counts, all read from the database so that every app server sees the same ones:
/// - one account from one address: consecutive failures since that pair's last success; past a few, the address
///   must wait before trying that account again, 1 s doubling with each further failure up to a maximum;
/// - one address, any account: failures inside the window; past more of them, the same growing wait applies to
///   everything from that address (a flood, or one address trying many accounts);
/// - one account, any address: failures since the account's last success; past a few, each attempt is held for
///   a short, capped delay, whatever the address, so that many addresses guessing one account go slower.
public struct LoginThrottlePolicy: Sendable, Hashable {
    /// Failures of one account from one address after which that pair must wait between attempts.
    public var freeFailuresPerAccountAndAddress: Int
    /// Failures from one address (any account) inside the window after which the address must wait.
    public var freeFailuresPerAddress: Int
    /// Failures of one account (any address) after which each attempt for it is delayed a little.
    public var slowAfterAccountFailures: Int
    /// The longest wait the backoff asks for, in seconds.
    public var maximumWaitSeconds: Int
    /// The longest delay one attempt for an account under attack is held, in milliseconds.
    public var maximumAccountDelayMilliseconds: Int
    /// How far back failures count, in seconds.
    public var windowSeconds: Int

    public init(
        freeFailuresPerAccountAndAddress: Int = 3, freeFailuresPerAddress: Int = 20, slowAfterAccountFailures: Int = 5,
        maximumWaitSeconds: Int = 60, maximumAccountDelayMilliseconds: Int = 2000, windowSeconds: Int = 900
    ) {
        self.freeFailuresPerAccountAndAddress = freeFailuresPerAccountAndAddress
        self.freeFailuresPerAddress = freeFailuresPerAddress
        self.slowAfterAccountFailures = slowAfterAccountFailures
        self.maximumWaitSeconds = maximumWaitSeconds
        self.maximumAccountDelayMilliseconds = maximumAccountDelayMilliseconds
        self.windowSeconds = windowSeconds
    }

    /// What to do with a login attempt made at `now`, given the recent failures that bear on it.
    public func decision(_ history: LoginFailureHistory, now: Date) -> LoginThrottleDecision {
        let remaining = max(
            remainingWait(history.accountFromAddress, freeFailures: freeFailuresPerAccountAndAddress, now: now),
            remainingWait(history.address, freeFailures: freeFailuresPerAddress, now: now))
        if remaining > 0 { return .retryLater(seconds: Int(remaining.rounded(.up))) }
        let beyond = history.account.count - slowAfterAccountFailures
        if beyond >= 0 {
            // 250 ms, 500 ms, 1 s … capped: slows many addresses guessing one account, barely felt by its owner.
            return .delay(milliseconds: min(maximumAccountDelayMilliseconds, 250 << min(beyond, 16)))
        }
        return .allow
    }

    /// The wait after a streak of failures: none before `freeFailures`, then 1 s doubling with each further failure,
    /// never more than ``maximumWaitSeconds``.
    public func backoffSeconds(failures: Int, freeFailures: Int) -> Int {
        guard failures >= freeFailures else { return 0 }
        return min(maximumWaitSeconds, 1 << min(failures - freeFailures, 30))
    }

    private func remainingWait(_ streak: LoginFailureStreak, freeFailures: Int, now: Date) -> TimeInterval {
        guard let latest = streak.latest else { return 0 }
        let wait = TimeInterval(backoffSeconds(failures: streak.count, freeFailures: freeFailures))
        return wait - now.timeIntervalSince(latest)
    }
}

/// A run of failed logins: how many, and when the latest was.
public struct LoginFailureStreak: Sendable, Hashable {
    public var count: Int
    public var latest: Date?

    public init(count: Int = 0, latest: Date? = nil) {
        self.count = count
        self.latest = latest
    }
}

/// The recent failed logins that bear on one attempt (one account from one address).
public struct LoginFailureHistory: Sendable, Hashable {
    /// Failures for this account from this address since that pair last logged in.
    public var accountFromAddress: LoginFailureStreak
    /// Failures from this address, for any account, inside the window.
    public var address: LoginFailureStreak
    /// Failures for this account, from any address, since it last logged in.
    public var account: LoginFailureStreak

    public init(
        accountFromAddress: LoginFailureStreak = .init(), address: LoginFailureStreak = .init(),
        account: LoginFailureStreak = .init()
    ) {
        self.accountFromAddress = accountFromAddress
        self.address = address
        self.account = account
    }
}

/// The throttle's answer for one login attempt.
public enum LoginThrottleDecision: Sendable, Hashable {
    case allow
    /// Go ahead, after holding the attempt this long.
    case delay(milliseconds: Int)
    /// Refuse without checking the password; the client may try again after this many seconds.
    case retryLater(seconds: Int)
}
