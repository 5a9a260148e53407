import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import Testing

@testable import BentaServices

@Suite(.timeLimit(.minutes(20))) struct AuthServiceTests {
    @Test(arguments: TestEngine.available)
    func loginOpensASessionThatLogoutEnds(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let session = try await auth.login(
                email: " Manager1@Test.PH ", password: TestWorld.password, ip: "127.0.0.1", userAgent: "test",
                replacing: nil)
            #expect(session.user.id == world.manager1.id)
            #expect(session.token.count >= 43)  // 32 random bytes, base64url
            #expect(try await auth.session(token: session.token)?.user.id == world.manager1.id)
            try await auth.logout(token: session.token)
            #expect(try await auth.session(token: session.token) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func loginRotatesTheSessionItReplaces(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let first = try await auth.login(
                email: "manager1@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "", replacing: nil)
            let second = try await auth.login(
                email: "manager1@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "",
                replacing: first.token)
            #expect(first.token != second.token)
            #expect(try await auth.session(token: first.token) == nil)
            #expect(try await auth.session(token: second.token) != nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func sessionsExpireWhenIdleAndAtTheirAbsoluteLimit(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let idle = try await auth.login(
                email: "head@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "", replacing: nil)
            world.clock.advance(by: world.services.settings.sessionIdleTimeout + 1)
            #expect(try await auth.session(token: idle.token) == nil)

            let busy = try await auth.login(
                email: "head@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "", replacing: nil)
            // Used every 6 hours, it still ends at the absolute lifetime.
            var elapsed: TimeInterval = 0
            while elapsed + 6 * 3600 < world.services.settings.sessionAbsoluteLifetime {
                world.clock.advance(by: 6 * 3600)
                elapsed += 6 * 3600
                #expect(try await auth.session(token: busy.token) != nil)
            }
            world.clock.advance(by: world.services.settings.sessionAbsoluteLifetime - elapsed + 1)
            #expect(try await auth.session(token: busy.token) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func wrongPasswordAndUnknownEmailFailAlike(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            await #expect(throws: AuthError.invalidCredentials) {
                _ = try await world.services.auth.login(
                    email: "manager1@test.ph", password: "wrong password", ip: "1.1.1.1", userAgent: "",
                    replacing: nil)
            }
            await #expect(throws: AuthError.invalidCredentials) {
                _ = try await world.services.auth.login(
                    email: "nobody@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "",
                    replacing: nil)
            }
        }
    }

    /// Issue 15: ten wrong passwords from anyone used to lock the account for 15 minutes.
    @Test(arguments: TestEngine.available)
    func aStrangersFailuresNeverKeepTheOwnerOut(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let policy = world.services.settings.loginThrottle
            // The stranger keeps guessing, waiting out every backoff, well past the old lock at 10 failures.
            func guess(_ email: String, from ip: String, failures: Int) async throws -> [String] {
                var outcomes: [String] = []
                var failed = 0
                while failed < failures {
                    do {
                        _ = try await auth.login(email: email, password: "guess", ip: ip, userAgent: "", replacing: nil)
                        Issue.record("a guess logged in")
                        return outcomes
                    } catch AuthError.invalidCredentials {
                        failed += 1
                        outcomes.append("wrong")
                    } catch AuthError.tooManyAttempts(let seconds) {
                        #expect(seconds >= 1 && seconds <= policy.maximumWaitSeconds)
                        outcomes.append("wait \(seconds)")
                        world.clock.advance(by: TimeInterval(seconds))
                    }
                }
                return outcomes
            }
            let first = try await guess("manager2@test.ph", from: "10.0.0.9", failures: 10)
            // The owner, from an address that has not been failing, logs in at once.
            _ = try await auth.login(
                email: "manager2@test.ph", password: TestWorld.password, ip: "10.0.0.8", userAgent: "", replacing: nil)
            // The stranger's waits grow to the maximum and stay there: each is waited out, then heard again.
            let more = try await guess("manager2@test.ph", from: "10.0.0.9", failures: 5)
            #expect(more == Array(repeating: ["wait \(policy.maximumWaitSeconds)", "wrong"], count: 5).flatMap { $0 })
            // An email nobody has is throttled exactly alike, so the answers do not tell which emails exist.
            #expect(try await guess("nobody@test.ph", from: "10.0.0.7", failures: 15) == first + more)
        }
    }

    @Test(arguments: TestEngine.available)
    func aFloodFromOneAddressIsThrottledForThatAddressOnly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let policy = world.services.settings.loginThrottle
            // One guess each for many accounts stays under the per-account backoff, not under the address's.
            for index in 0..<policy.freeFailuresPerAddress {
                await #expect(throws: AuthError.invalidCredentials) {
                    _ = try await auth.login(
                        email: "user\(index)@test.ph", password: "guess", ip: "10.0.0.5", userAgent: "",
                        replacing: nil)
                }
            }
            await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 1)) {
                _ = try await auth.login(
                    email: "manager1@test.ph", password: TestWorld.password, ip: "10.0.0.5", userAgent: "",
                    replacing: nil)
            }
            // Everyone else is unaffected.
            _ = try await auth.login(
                email: "manager1@test.ph", password: TestWorld.password, ip: "10.0.0.6", userAgent: "", replacing: nil)
            // The flooding address waits longer with every further failure.
            world.clock.advance(by: 1)
            await #expect(throws: AuthError.invalidCredentials) {
                _ = try await auth.login(
                    email: "another@test.ph", password: "guess", ip: "10.0.0.5", userAgent: "", replacing: nil)
            }
            await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 2)) {
                _ = try await auth.login(
                    email: "manager1@test.ph", password: TestWorld.password, ip: "10.0.0.5", userAgent: "",
                    replacing: nil)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aSuccessEndsTheBackoffOfItsAddress(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let policy = world.services.settings.loginThrottle
            func attempt(_ password: String) async throws {
                _ = try await auth.login(
                    email: "head@test.ph", password: password, ip: "10.0.0.4", userAgent: "", replacing: nil)
            }
            for _ in 0..<policy.freeFailuresPerAccountAndAddress {
                await #expect(throws: AuthError.invalidCredentials) { try await attempt("typo") }
            }
            await #expect(throws: AuthError.tooManyAttempts(retryAfterSeconds: 1)) {
                try await attempt(TestWorld.password)
            }
            world.clock.advance(by: 1)
            try await attempt(TestWorld.password)
            // A fresh streak: the next typo is answered at once.
            await #expect(throws: AuthError.invalidCredentials) { try await attempt("typo") }
            await #expect(throws: AuthError.invalidCredentials) { try await attempt("typo") }
        }
    }

    @Test func throttleWaitsDoubleUpToTheMaximumAndAccountsAreOnlySlowed() {
        let policy = LoginThrottlePolicy()
        let waits = (0...12).map { policy.backoffSeconds(failures: $0, freeFailures: 3) }
        #expect(waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(policy.decision(LoginFailureHistory(), now: now) == .allow)
        // Failures of this pair, 5 s ago: the fifth failure asks for 4 s, the sixth for 8 s.
        let pair = { (count: Int) in
            LoginFailureHistory(accountFromAddress: LoginFailureStreak(count: count, latest: now - 5))
        }
        #expect(policy.decision(pair(5), now: now) == .allow)
        #expect(policy.decision(pair(6), now: now) == .retryLater(seconds: 3))
        // However many failures an account has from elsewhere, its owner's attempt is at most briefly held.
        for count in [5, 6, 9, 10_000] {
            let account = LoginFailureHistory(account: LoginFailureStreak(count: count, latest: now))
            guard case .delay(let milliseconds) = policy.decision(account, now: now) else {
                Issue.record("an account with \(count) failures elsewhere was refused")
                continue
            }
            #expect(milliseconds >= 250 && milliseconds <= policy.maximumAccountDelayMilliseconds)
        }
        // At most about one guess a minute per address and account once the backoff is at its maximum.
        #expect(policy.maximumWaitSeconds <= 60)
    }

    /// The decoy hash was cost 10 beside cost-12 user hashes: an unknown email answered four times faster.
    @Test(arguments: TestEngine.available)
    func unknownEmailsCostTheSameBcryptWorkAsKnownOnes(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            // The production cost, not the tests' cheap one.
            let settings = ServiceSettings(appliesLoginDelays: false)
            let logger = Logger(label: "test")
            let services = Services(database: database, clock: world.clock.appClock, settings: settings, logger: logger)
            _ = try await services.users.add(
                companyID: world.company.id, email: "owner@test.ph", name: "Real Cost", role: .manager,
                password: TestWorld.password)
            let checked = CheckedHashes()
            let auth = AuthService(
                database: database, clock: world.clock.appClock, settings: settings,
                audit: AuditWriter(clock: world.clock.appClock), logger: logger,
                verifyPassword: { password, hash in
                    checked.append(hash)
                    return Secrets.verifyPassword(password, hash: hash)
                })
            for email in ["owner@test.ph", "nobody@test.ph", "manager1@test.ph"] {
                await #expect(throws: AuthError.invalidCredentials) {
                    _ = try await auth.login(
                        email: email, password: "wrong password", ip: "10.0.0.3", userAgent: "", replacing: nil)
                }
            }
            let hashes = checked.all
            #expect(hashes.count == 3)
            // A known email and an unknown one each run one bcrypt check, at the configured cost.
            #expect(hashes.prefix(2).map(Self.bcryptCost) == [Int(settings.bcryptCost), Int(settings.bcryptCost)])
            #expect(!Secrets.verifyPassword("", hash: Secrets.decoyHash(cost: 4)))
        }
    }

    /// The cost field of a stored hash (`bcrypt-sha256$$2b$12$…` is 12).
    static func bcryptCost(_ hash: String) -> Int? {
        let fields = hash.split(separator: "$", omittingEmptySubsequences: false)
        return fields.count > 3 ? Int(fields[3]) : nil
    }

    @Test(arguments: TestEngine.available)
    func apiTokensAuthenticateUntilRevoked(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let (token, secret) = try await auth.createAPIToken(for: world.manager1, name: "PBX")
            #expect(secret.hasPrefix("benta_"))
            #expect(try await auth.user(apiToken: secret)?.id == world.manager1.id)
            #expect(try await auth.user(apiToken: secret + "x") == nil)
            // Another manager cannot revoke it; it reads as not found.
            await #expect(throws: RecordError.notFound(entity: "api_token")) {
                try await auth.revokeAPIToken(token.id, by: world.manager2.viewer)
            }
            try await auth.revokeAPIToken(token.id, by: world.manager1.viewer)
            #expect(try await auth.user(apiToken: secret) == nil)
            await #expect(throws: RecordError.self) { try await auth.revokeAPIToken(token.id, by: world.admin.viewer) }
            let listed = try await auth.apiTokens(of: world.manager1.id)
            #expect(listed.count == 1 && listed[0].isRevoked && listed[0].prefix.hasPrefix("benta_"))
        }
    }

    /// A token and a session are read with their user and the company's duties in one statement (issue 11): what
    /// each answers follows the token's purpose, the company's duties as they are now and the user's active flag.
    @Test(arguments: TestEngine.available)
    func aTokenAndASessionCarryTheirPurposeTheCompanysDutiesAndTheirUsersState(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let (_, personal) = try await auth.createAPIToken(for: world.manager1, name: "CRM sync")
            let (_, inbound) = try await auth.createAPIToken(for: world.admin, name: "Mail", purpose: .inbound)
            let login = try await auth.login(
                email: "manager1@test.ph", password: TestWorld.password, ip: "1.1.1.1", userAgent: "", replacing: nil)
            let bearer = try await auth.bearer(apiToken: personal)
            #expect(bearer?.user.id == world.manager1.id && bearer?.purpose == .personal)
            #expect(bearer?.duties == .standard)
            #expect(try await auth.bearer(apiToken: inbound)?.purpose == .inbound)
            #expect(try await auth.bearer(apiToken: inbound)?.user.id == world.admin.id)
            #expect(try await auth.session(token: login.token)?.duties == .standard)

            try await DutySettingsTests.set(world, DutySettingsTests.without(.issueInvoices, .manager))
            let changed = try await auth.bearer(apiToken: personal)?.duties
            #expect(changed != .standard && changed?.manager.contains(.issueInvoices) == false)
            #expect(try await auth.session(token: login.token)?.duties == changed)

            _ = try await world.services.users.change(
                world.manager1.id, role: .manager, isActive: false, by: world.admin.viewer)
            #expect(try await auth.bearer(apiToken: personal) == nil, "a disabled user's token stops")
            #expect(try await auth.session(token: login.token) == nil, "and their session")
            #expect(try await auth.bearer(apiToken: inbound) != nil, "another user's token goes on")
        }
    }

    @Test(arguments: ["short", "password", "manager1@test.ph"])
    func weakPasswordsAreRefused(password: String) {
        #expect(!PasswordPolicy.check(password, email: "manager1@test.ph").isEmpty)
    }

    @Test func longPassphrasesAreAcceptedWhole() {
        let long = String(repeating: "mahaba ", count: 15)  // 105 characters, past bcrypt's 72-byte limit
        #expect(PasswordPolicy.check(long, email: "a@b.ph").isEmpty)
    }
}

/// The hashes a login checked a password against, in order.
private final class CheckedHashes: @unchecked Sendable {
    private let lock = NSLock()
    private var hashes: [String] = []

    func append(_ hash: String) {
        lock.lock()
        hashes.append(hash)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return hashes
    }
}
