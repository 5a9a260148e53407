import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaServices

/// Progress of a statement import (issue 12, "progress for large files") on both engines: each batch commits with
/// the statement's progress, so a reader sees it advance while the import runs; a failure half-way leaves the
/// statement `failed` with the reason and the committed batches consistent (their lines, payments and journal
/// entries, the ledger balanced); the same file imported again adds exactly the missing lines, so every line is
/// there once; and an `Idempotency-Key` whose first import failed runs again, then answers the same.
@Suite(.timeLimit(.minutes(20))) struct BankStatementProgressTests {
    /// The fault the tests inject after a batch commits.
    struct InjectedFault: Error, CustomStringConvertible {
        var description: String { "the disk filled up" }
    }

    /// What a reader saw after a batch committed.
    struct Seen: Sendable, Equatable {
        var batch: Int
        var status: StatementImportStatus
        var read: Int
        var total: Int
        var filed: Int
        var matched: Int
        var listed: StatementImportStatus?
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Seen] = []
        func add(_ item: Seen) { lock.withLock { seen.append(item) } }
        var all: [Seen] { lock.withLock { seen } }
    }

    /// Three invoices the statement pays by number (sure matches) and four credits without a reference, seven lines
    /// in all: in batches of two, the first two batches confirm two invoices, the third the last.
    static func statement(
        _ world: TestWorld
    ) async throws -> (file: Data, invoices: [Invoice]) {
        let tala = world.manager1Accounts[0]
        let invoices = [
            try await PaymentServiceTests.invoice(world, account: tala, net: "100000"),
            try await PaymentServiceTests.invoice(world, account: tala, net: "50000"),
            try await PaymentServiceTests.invoice(world, account: tala, net: "20000"),
        ]
        _ = try await StatementMatchingTests.bankAccount(world)
        let day = try #require(invoices[0].issueDate)
        typealias Entry = StatementMatchingTests.Entry
        let file = StatementMatchingTests.camt(
            [
                Entry(amount: "112000.00", reference: "P-1", text: "Bayad sa \(invoices[0].number ?? "")"),
                Entry(amount: "500.00", reference: "P-2", text: "Deposit"),
                Entry(amount: "56000.00", reference: "P-3", text: "Payment \(invoices[1].number ?? "")"),
                Entry(amount: "700.00", reference: "P-4", text: "Deposit"),
                Entry(amount: "22400.00", reference: "P-5", text: "Payment \(invoices[2].number ?? "")"),
                Entry(amount: "800.00", reference: "P-6", text: "Deposit"),
                Entry(amount: "900.00", reference: "P-7", text: "Deposit"),
            ], date: day)
        return (file, invoices)
    }

    /// Every line of the company bank account, by bank reference: how many times each is filed.
    static func lineCounts(_ world: TestWorld) async throws -> [String: Int] {
        let all = try await world.services.payments.statementLines(
            viewer: world.accountant.viewer, status: nil, statementID: nil, page: PageRequest(limit: 200))
        return Dictionary(all.items.map { ($0.bankReference ?? "", 1) }, uniquingKeysWith: +)
    }

    @Test(arguments: TestEngine.available)
    func progressShowsWhileImportingAndAFailedImportIsSafeToRepeat(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let (file, invoices) = try await Self.statement(world)
            let log = Log()
            await #expect(throws: InjectedFault.self) {
                _ = try await payments.importStatement(
                    file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer,
                    writes: .batched, linesPerBatch: 2,
                    afterBatch: { id, batch in
                        // A reader between batches: the single statement and the list both show the progress.
                        let statement = try await payments.statement(id, viewer: viewer)
                        let listed = try await payments.statements(viewer: viewer, page: PageRequest(limit: 10))
                        log.add(
                            Seen(
                                batch: batch, status: statement.importStatus, read: statement.linesRead,
                                total: statement.linesTotal, filed: statement.lineCount,
                                matched: statement.linesMatched,
                                listed: listed.items.first { $0.id == id }?.importStatus))
                        if batch == 2 { throw InjectedFault() }
                    })
            }
            #expect(
                log.all == [
                    Seen(batch: 1, status: .importing, read: 2, total: 7, filed: 2, matched: 1, listed: .importing),
                    Seen(batch: 2, status: .importing, read: 4, total: 7, filed: 4, matched: 2, listed: .importing),
                ])
            // Failed, with the reason; the two committed batches are whole: four lines, two payments, the ledger
            // balanced and the invoices' open amounts what the receivables ledger says.
            let failed = try #require(
                try await payments.statements(viewer: viewer, page: PageRequest(limit: 10)).items.first)
            #expect(failed.importStatus == .failed)
            #expect((failed.linesRead, failed.lineCount, failed.linesMatched, failed.linesTotal) == (4, 4, 2, 7))
            let reason = try #require(failed.importError)
            #expect(reason.contains("The import stopped after 4 of 7 lines: the disk filled up."))
            #expect(reason.contains("import the same file again"))
            #expect(try await Self.lineCounts(world) == ["P-1": 1, "P-2": 1, "P-3": 1, "P-4": 1])
            #expect(
                try await payments.list(viewer: viewer, accountID: nil, page: PageRequest(limit: 10)).items.count == 2)
            try await StatementMatchingTests.expectReceivables(world, invoices)
            let failures = try await database.read { db in
                try await db.raw("SELECT action FROM audit_events WHERE action = 'bank_statement.import_failed'")
                    .all().count
            }
            #expect(failures == 1)

            // The same file again: the three missing lines, each once; the third invoice paid.
            let again = try await payments.importStatement(
                file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer,
                writes: .batched, linesPerBatch: 2)
            let second = try #require(again.statements.first)
            #expect((second.lineCount, second.duplicateCount, again.autoMatched) == (3, 4, 1))
            let stored = try await payments.statement(second.id, viewer: viewer)
            #expect(stored.importStatus == .imported && stored.importError == nil)
            #expect((stored.linesRead, stored.linesTotal, stored.linesMatched) == (7, 7, 1))
            #expect(
                try await Self.lineCounts(world)
                    == ["P-1": 1, "P-2": 1, "P-3": 1, "P-4": 1, "P-5": 1, "P-6": 1, "P-7": 1])
            #expect(
                try await payments.list(viewer: viewer, accountID: nil, page: PageRequest(limit: 10)).items.count == 3)
            for invoice in invoices {
                #expect(try await PaymentServiceTests.open(world, invoice).open == .zero(.php))
            }
            try await StatementMatchingTests.expectReceivables(world, invoices)
        }
    }

    /// An `Idempotency-Key` whose import failed half-way is released: the same key runs the import again (the
    /// missing lines only), and a third request with it answers the second's answer and imports nothing.
    @Test(arguments: TestEngine.available)
    func anIdempotencyKeyWhoseImportFailedRunsAgain(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await PaymentServiceTests.world(database)
            let payments = world.services.payments
            let viewer = world.accountant.viewer
            let (file, invoices) = try await Self.statement(world)
            let answer:
                @Sendable (PaymentService.StatementImport, StoreConnection) async throws -> IdempotencyService.Answer =
                    {
                        result, _ in
                        IdempotencyService.Answer(
                            status: 201, location: nil,
                            body: Data("\(result.idempotencyIdentity) \(result.statements.map(\.lineCount))".utf8))
                    }
            func run(failing: Bool) async throws -> IdempotencyService.Answer {
                try await world.services.idempotency.run(
                    userID: viewer.userID, key: "import-march", request: file, answer: answer,
                    work: {
                        try await payments.importStatement(
                            file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer,
                            writes: .batched, linesPerBatch: 2,
                            afterBatch: { _, batch in if failing && batch == 1 { throw InjectedFault() } })
                    })
            }
            await #expect(throws: InjectedFault.self) { _ = try await run(failing: true) }
            let retried = try await run(failing: false)
            #expect(retried.status == 201)
            #expect(String(decoding: retried.body, as: UTF8.self).hasSuffix(" [5]"))
            let replayed = try await run(failing: false)
            #expect(replayed.body == retried.body)
            let statements = try await payments.statements(viewer: viewer, page: PageRequest(limit: 10)).items
            #expect(statements.map(\.importStatus) == [.imported, .failed])
            #expect(try await Self.lineCounts(world).values.sorted() == Array(repeating: 1, count: 7))
            try await StatementMatchingTests.expectReceivables(world, invoices)
        }
    }
}
