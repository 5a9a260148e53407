import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// `Idempotency-Key`: the answer is stored by the transaction that writes the document, so a key is never left in
/// progress by work that committed; a claim whose work never committed is taken over once stale; keys expire.
@Suite(.timeLimit(.minutes(20))) struct IdempotencyTests {
    /// The request a test sends again and again (the service hashes it; only equality matters).
    static let request = Data("POST /api/v1/invoices\n{\"lines\": 1}".utf8)

    /// An answer naming the document, so a replay shows which document it belongs to.
    static let answer: IdempotencyScope.AnswerBuilder = { invoice, balance in
        IdempotencyService.Answer(
            status: 201, location: "/api/v1/invoices/\(invoice.id)",
            body: Data(#"{"id": "\#(invoice.id)", "version": \#(invoice.version), "open": "\#(balance.open)"}"#.utf8))
    }

    struct SimulatedCrash: Error {}

    /// A draft for Tala Foods with one line.
    static func draft(_ world: TestWorld) -> InvoiceDraft {
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        var line = LineDraft()
        line.description = "Toner cartridge"
        line.unitPrice = "1500.00"
        draft.lines = [line]
        return draft
    }

    static func invoiceCount(_ world: TestWorld) async throws -> Int {
        try await world.services.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM invoices").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    /// The stored status of the key, nil while in progress; `.none` (outer) when there is no row.
    static func storedStatus(_ world: TestWorld, key: String) async throws -> Int?? {
        try await world.services.database.read { db in
            guard
                let row = try await db.raw(
                    "SELECT status_code FROM idempotency_keys WHERE idempotency_key = \(bind: key)"
                ).first()
            else { return Int??.none }
            return .some(try row.decode(column: "status_code", as: Int?.self))
        }
    }

    static func isInProgressConflict(_ error: any Error) -> Bool {
        if case RecordError.conflict(code: "request_in_progress", _) = error { return true }
        return false
    }

    /// The work commits its invoice and then the request dies before answering: the answer committed with the
    /// invoice, so the retry replays it (same status, Location, body) and makes no second invoice.
    @Test(arguments: TestEngine.available)
    func workThatCommittedIsReplayedEvenWhenTheRequestDiedBeforeAnswering(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let user = world.manager1
            let created = Box<Invoice>()
            await #expect(throws: SimulatedCrash.self) {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "crash-1", request: Self.request, answer: Self.answer
                ) {
                    created.value = try await services.invoices.create(Self.draft(world), viewer: user.viewer)
                    throw SimulatedCrash()
                }
            }
            let invoice = try #require(created.value)
            #expect(try await Self.storedStatus(world, key: "crash-1") == .some(201))
            let calls = Box<Int>(0)
            let replay = try await services.idempotency.run(
                userID: user.id, key: "crash-1", request: Self.request, answer: Self.answer
            ) {
                calls.value = (calls.value ?? 0) + 1
                return try await services.invoices.create(Self.draft(world), viewer: user.viewer)
            }
            let balance = try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
            let expected = try Self.answer(invoice, balance)
            #expect(calls.value == 0)
            #expect(replay.status == 201 && replay.location == expected.location && replay.body == expected.body)
            #expect(try await Self.invoiceCount(world) == 1)

            // Issuing and crediting complete their keys in their own transactions too.
            try await Self.prepareForIssue(world)
            await #expect(throws: SimulatedCrash.self) {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "issue-1", request: Data("issue".utf8), answer: Self.answer
                ) {
                    _ = try await services.invoices.issue(invoice.id, viewer: user.viewer, expectedVersion: 1)
                    throw SimulatedCrash()
                }
            }
            let issued = try await services.idempotency.run(
                userID: user.id, key: "issue-1", request: Data("issue".utf8), answer: Self.answer
            ) { throw SimulatedCrash() }
            #expect(String(decoding: issued.body, as: UTF8.self).contains(#""version": 2"#))
            await #expect(throws: SimulatedCrash.self) {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "note-1", request: Data("note".utf8), answer: Self.answer
                ) {
                    _ = try await services.invoices.creditNote(
                        for: invoice.id, request: .full, reason: "Returned", viewer: user.viewer)
                    throw SimulatedCrash()
                }
            }
            let note = try await services.idempotency.run(
                userID: user.id, key: "note-1", request: Data("note".utf8), answer: Self.answer
            ) { throw SimulatedCrash() }
            #expect(note.status == 201 && note.location != "/api/v1/invoices/\(invoice.id)")
            #expect(try await Self.invoiceCount(world) == 2)
        }
    }

    /// A claim whose work never answers blocks retries (409) until it is stale; then a retry takes it over, and
    /// the old work, if it finally runs, can no longer commit: one invoice either way.
    @Test(arguments: TestEngine.available)
    func aStaleClaimIsTakenOverAndItsLateWorkRollsBack(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let user = world.manager1
            let started = Signal()
            let proceed = Signal()
            let first = Task {
                try await services.idempotency.run(
                    userID: user.id, key: "slow-1", request: Self.request, answer: Self.answer
                ) {
                    await started.fire()
                    await proceed.wait()
                    return try await services.invoices.create(Self.draft(world), viewer: user.viewer)
                }
            }
            await started.wait()
            // A concurrent duplicate while the first is running: 409, and no work.
            let neverCalled = Box<Bool>(false)
            do {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "slow-1", request: Self.request, answer: Self.answer
                ) {
                    neverCalled.value = true
                    return try await services.invoices.create(Self.draft(world), viewer: user.viewer)
                }
                Issue.record("a duplicate of a running request was not refused")
            } catch {
                #expect(Self.isInProgressConflict(error), "\(error)")
            }
            // Just before the stale limit: still in progress.
            world.clock.advance(by: IdempotencyService.staleAfter - 1)
            await #expect(throws: RecordError.self) {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "slow-1", request: Self.request, answer: Self.answer
                ) { try await services.invoices.create(Self.draft(world), viewer: user.viewer) }
            }
            #expect(neverCalled.value == false)
            // Past it: the retry takes the claim over and makes the invoice.
            world.clock.advance(by: 2)
            let retry = try await services.idempotency.run(
                userID: user.id, key: "slow-1", request: Self.request, answer: Self.answer
            ) { try await services.invoices.create(Self.draft(world), viewer: user.viewer) }
            #expect(retry.status == 201)
            // The first work finally runs: its transaction finds the claim gone and rolls back its invoice.
            await proceed.fire()
            do {
                _ = try await first.value
                Issue.record("the work of a taken-over claim committed")
            } catch {
                #expect(Self.isInProgressConflict(error), "\(error)")
            }
            #expect(try await Self.invoiceCount(world) == 1)
            let replay = try await services.idempotency.run(
                userID: user.id, key: "slow-1", request: Self.request, answer: Self.answer
            ) { throw SimulatedCrash() }
            #expect(replay.body == retry.body && replay.location == retry.location)

            // A claim left by a process that died (claimed, never worked): taken over once stale.
            let hash = try await database.read { db in
                try await db.raw("SELECT request_hash FROM idempotency_keys WHERE idempotency_key = 'slow-1'")
                    .first()?.decode(column: "request_hash", as: String.self) ?? ""
            }
            let now = world.clock.now
            let claimed = try await database.transaction { db in
                try await IdempotencyStore(db).start(
                    userID: user.id, key: "dead-1", requestHash: hash, token: "dead", now: now,
                    staleBefore: now.addingTimeInterval(-IdempotencyService.staleAfter),
                    expiredBefore: now.addingTimeInterval(-IdempotencyService.lifetime))
            }
            #expect(claimed == .proceed(token: "dead"))
            world.clock.advance(by: IdempotencyService.staleAfter + 1)
            let takenOver = try await services.idempotency.run(
                userID: user.id, key: "dead-1", request: Self.request, answer: Self.answer
            ) { try await services.invoices.create(Self.draft(world), viewer: user.viewer) }
            #expect(takenOver.status == 201)
            #expect(try await Self.invoiceCount(world) == 2)
            // The dead claim's token can no longer store an answer.
            await #expect(throws: IdempotencyStore.ClaimLostError.self) {
                try await database.transaction { db in
                    try await IdempotencyStore(db).complete(
                        userID: user.id, key: "dead-1", token: "dead", status: 201, location: nil, body: "{}")
                }
            }
        }
    }

    /// A key is remembered for a day: just before, it replays; after, the same key runs as new (even with another
    /// request), and expired keys of every user are purged.
    @Test(arguments: TestEngine.available)
    func anExpiredKeyRunsAnewAndIsPurged(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let user = world.manager1
            let first = try await services.idempotency.run(
                userID: user.id, key: "day-1", request: Self.request, answer: Self.answer
            ) { try await services.invoices.create(Self.draft(world), viewer: user.viewer) }
            var otherDraft = Self.draft(world)
            otherDraft.accountID = world.manager2Accounts[0].id.description
            let other = otherDraft
            _ = try await services.idempotency.run(
                userID: world.manager2.id, key: "other-user", request: Self.request, answer: Self.answer
            ) { try await services.invoices.create(other, viewer: world.manager2.viewer) }

            world.clock.advance(by: IdempotencyService.lifetime - 60)
            let replay = try await services.idempotency.run(
                userID: user.id, key: "day-1", request: Self.request, answer: Self.answer
            ) { throw SimulatedCrash() }
            #expect(replay.body == first.body)

            world.clock.advance(by: 61)
            let anew = try await services.idempotency.run(
                userID: user.id, key: "day-1", request: Data("another request".utf8), answer: Self.answer
            ) { try await services.invoices.create(Self.draft(world), viewer: user.viewer) }
            #expect(anew.status == 201 && anew.body != first.body)
            #expect(try await Self.invoiceCount(world) == 3)
            // manager2's expired key was purged by that claim; the new one is remembered.
            #expect(try await Self.storedStatus(world, key: "other-user") == nil)
            #expect(try await Self.storedStatus(world, key: "day-1") == .some(201))
        }
    }

    /// Work that fails changes nothing and leaves no claim: the same key and request may be retried at once.
    @Test(arguments: TestEngine.available)
    func aFailedWorkLeavesNothingAndMayBeRetried(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let user = world.manager1
            let attempts = Box<Int>(0)
            let work: @Sendable () async throws -> Invoice = {
                attempts.value = (attempts.value ?? 0) + 1
                var draft = Self.draft(world)
                // The first attempt names an account the user cannot see: refused inside the transaction.
                if attempts.value == 1 { draft.accountID = world.manager2Accounts[0].id.description }
                return try await services.invoices.create(draft, viewer: user.viewer)
            }
            await #expect(throws: ValidationErrors.self) {
                _ = try await services.idempotency.run(
                    userID: user.id, key: "fail-1", request: Self.request, answer: Self.answer, work: work)
            }
            #expect(try await Self.storedStatus(world, key: "fail-1") == nil)
            #expect(try await Self.invoiceCount(world) == 0)
            let retried = try await services.idempotency.run(
                userID: user.id, key: "fail-1", request: Self.request, answer: Self.answer, work: work)
            #expect(retried.status == 201 && attempts.value == 2)
            #expect(try await Self.invoiceCount(world) == 1)
        }
    }

    /// The BIR acknowledgement and a billing address: what issuing a PH invoice needs.
    static func prepareForIssue(_ world: TestWorld) async throws {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(
                acknowledgementNumber: "AC-123-456789-2024", acknowledgementDate: CalendarDate(iso8601: "2024-05-02")),
            viewer: world.admin.viewer, expectedVersion: 0)
        _ = try await world.services.accounts.update(
            world.manager1Accounts[0].id, viewer: world.manager1.viewer, expectedVersion: nil
        ) { $0.billingAddress = "12 Rizal Street, Marikina City" }
    }
}

/// A value tests set from inside `@Sendable` work.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    init(_ value: Value? = nil) {
        stored = value
    }

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A one-shot event one task waits for and another fires.
actor Signal {
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() {
        fired = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if fired { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
