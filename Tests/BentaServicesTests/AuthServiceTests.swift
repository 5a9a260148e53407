import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite struct AuthServiceTests {
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

    @Test(arguments: TestEngine.available)
    func repeatedFailuresLockTheAccountForAWhileOnly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let policy = world.services.settings.loginThrottle
            for _ in 0..<policy.lockAfterFailures {
                await #expect(throws: AuthError.invalidCredentials) {
                    _ = try await auth.login(
                        email: "manager2@test.ph", password: "guess", ip: "10.0.0.9", userAgent: "", replacing: nil)
                }
            }
            // Locked: even the right password is refused, and the refusal says for how long.
            do {
                _ = try await auth.login(
                    email: "manager2@test.ph", password: TestWorld.password, ip: "10.0.0.8", userAgent: "",
                    replacing: nil)
                Issue.record("a locked account logged in")
            } catch AuthError.lockedOut(let seconds) {
                #expect(seconds > 0 && seconds <= policy.windowSeconds)
            }
            // Another account is not affected.
            _ = try await auth.login(
                email: "manager1@test.ph", password: TestWorld.password, ip: "10.0.0.8", userAgent: "", replacing: nil)
            // After the window, the right password works again: a lockout is never permanent.
            world.clock.advance(by: TimeInterval(policy.windowSeconds + 1))
            _ = try await auth.login(
                email: "manager2@test.ph", password: TestWorld.password, ip: "10.0.0.8", userAgent: "", replacing: nil)
        }
    }

    @Test func throttlePolicySlowsThenLocks() {
        let policy = LoginThrottlePolicy(
            slowAfterFailures: 3, lockAfterFailures: 10, lockAddressAfterFailures: 50,
            windowSeconds: 900)
        #expect(policy.decision(accountFailures: 0, addressFailures: 0, secondsSinceOldestFailure: 0) == .allow)
        #expect(
            policy.decision(accountFailures: 3, addressFailures: 3, secondsSinceOldestFailure: 10)
                == .delay(milliseconds: 1000))
        #expect(
            policy.decision(accountFailures: 5, addressFailures: 5, secondsSinceOldestFailure: 10)
                == .delay(milliseconds: 4000))
        #expect(
            policy.decision(accountFailures: 9, addressFailures: 9, secondsSinceOldestFailure: 10)
                == .delay(milliseconds: 8000))
        #expect(
            policy.decision(accountFailures: 10, addressFailures: 10, secondsSinceOldestFailure: 100)
                == .locked(retryAfterSeconds: 800))
        #expect(
            policy.decision(accountFailures: 0, addressFailures: 50, secondsSinceOldestFailure: 0)
                == .locked(retryAfterSeconds: 900))
        // At most 10 failures per 15 minutes is 40 an hour, under ASVS 4.0.3 2.2.1's 100.
        #expect(policy.lockAfterFailures * 3600 / policy.windowSeconds <= 100)
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

    @Test(arguments: ["short", "password", "manager1@test.ph"])
    func weakPasswordsAreRefused(password: String) {
        #expect(!PasswordPolicy.check(password, email: "manager1@test.ph").isEmpty)
    }

    @Test func longPassphrasesAreAcceptedWhole() {
        let long = String(repeating: "mahaba ", count: 15)  // 105 characters, past bcrypt's 72-byte limit
        #expect(PasswordPolicy.check(long, email: "a@b.ph").isEmpty)
    }
}
