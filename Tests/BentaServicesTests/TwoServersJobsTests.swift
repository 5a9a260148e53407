import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import SQLKit
import Testing

@testable import BentaServices

/// Issue 15, "two or more `benta serve` processes on one PostgreSQL": every background job run by two servers at
/// once does its work exactly once. The second server is a second `Services` over its own connection pool on the
/// same schema, as a second process builds it (PostgreSQL only: on SQLite one process owns the file).
@Suite(.timeLimit(.minutes(20))) struct TwoServersJobsTests {
    /// Runs `body` with the world's server and a second one on its own pool; on SQLite says it is skipped.
    static func withTwoServers(
        _ name: String, _ body: @escaping @Sendable (TestWorld, Services, any AppDatabase) async throws -> Void,
        world make: @escaping @Sendable (any AppDatabase) async throws -> TestWorld = {
            try await TestWorld.make(database: $0)
        }
    ) async throws {
        guard TestEngine.available.contains(.postgres) else {
            print("skipped: TwoServersJobsTests.\(name) (PostgreSQL only; BENTA_TEST_DATABASE_URL is not set)")
            return
        }
        try await TestDatabases.withFresh(.postgres) { database in
            let world = try await make(database)
            try await TestDatabases.withSecondPool(on: database) { pool in
                let second = Services(
                    database: pool, clock: world.clock.appClock, settings: world.services.settings,
                    logger: Logger(label: "second-server"))
                try await world.services.instance.register()
                try await second.instance.register()
                try await body(world, second, pool)
            }
        }
    }

    /// Dunning (reminders, then call steps), contract billing and a commission run, each run by both servers at
    /// once: one dunning step per invoice and level and one email each, one draft per contract period, one
    /// commission statement per manager and month; and the same statement file imported through both at once
    /// files (and auto-matches) every line once.
    @Test func everyJobRunByTwoServersAtOnceDoesItsWorkOnce() async throws {
        try await Self.withTwoServers(
            "everyJobRunByTwoServersAtOnceDoesItsWorkOnce",
            { world, second, _ in
                let first = world.services
                // Dunning.
                let tala = world.manager1Accounts[0]
                // As in DunningTests: Bituin has no billing email, so its step is a task for its manager.
                _ = try await first.accounts.update(
                    world.manager1Accounts[1].id, viewer: world.manager1.viewer, expectedVersion: nil
                ) { $0.email = "" }
                let invoices = [
                    try await DunningTests.invoice(world, account: tala, contact: world.manager1Contact),
                    try await DunningTests.invoice(world, account: tala, contact: world.manager1Contact),
                    try await DunningTests.invoice(world, account: world.manager1Accounts[1]),
                ]
                let due = try #require(invoices[0].dueDate)
                for offset in [-3, 15] {
                    let day = due.adding(days: offset)
                    async let a = first.dunning.run(companyID: world.company.id, today: day)
                    async let b = second.dunning.run(companyID: world.company.id, today: day)
                    var both = try await a
                    both.add(try await b)
                    #expect(both.totalSteps == 3)
                }
                for invoice in invoices {
                    #expect(try await DunningTests.steps(world, invoice).map(\.level) == [0, 2])
                }
                #expect(try await DunningTests.dunningMessages(world).count == 2)

                // Contract billing: three monthly entries due, billed once between the two servers.
                let billing = ContractBillingTests()
                let today = try await first.invoices.today(companyID: world.company.id)
                let start = today.adding(days: -80)
                let contract = try await billing.contract(
                    world, start: start, schedule: billing.monthly(from: start), steps: [.sent, .signed, .active])
                async let billedA = first.invoices.createDueContractInvoices(today: today)
                async let billedB = second.invoices.createDueContractInvoices(today: today)
                let (a, b) = try await (billedA, billedB)
                #expect(a.count + b.count == 3)
                #expect(try await billing.contractInvoices(world, contract).count == 3)

                // Commission: one statement per manager and month, whoever runs it.
                let targets = FixedTargets(shares: [
                    world.manager1.id: try CommissionServiceTests.php("2000000"),
                    world.manager2.id: try CommissionServiceTests.php("2000000"),
                ])
                let commissions = [
                    CommissionService(database: first.database, clock: world.clock.appClock, targets: targets),
                    CommissionService(database: second.database, clock: world.clock.appClock, targets: targets),
                ]
                let month = try #require(PlanMonth(year: today.year, month: today.month))
                _ = try await commissions[0].savePlan(
                    try .overPlan(ratePercent: 10, baseSalary: try CommissionServiceTests.php("25000")),
                    for: .companyDefault, effectiveFrom: month, reason: "Two servers", viewer: world.head.viewer)
                for _ in 0..<3 {
                    async let runA = commissions[0].run(month: month, viewer: world.head.viewer)
                    async let runB = commissions[1].run(month: month, viewer: world.head.viewer)
                    _ = try await (runA, runB)
                }
                let perManager = try await first.database.read { db in
                    try await db.raw(
                        "SELECT user_id, COUNT(*) AS n FROM commission_statements GROUP BY user_id ORDER BY user_id"
                    ).all().map { try $0.decode(column: "n", as: Int.self) }
                }
                #expect(perManager == [1, 1])
            }, world: DunningTests.world)
    }

    /// The same statement file imported through both servers at once: every line filed once, each sure line
    /// confirmed as one payment; the receivables ledger agrees with the invoices.
    @Test func oneStatementImportedThroughTwoServersAtOnceFilesEachLineOnce() async throws {
        try await Self.withTwoServers(
            "oneStatementImportedThroughTwoServersAtOnceFilesEachLineOnce",
            { world, second, _ in
                let (file, invoices) = try await BankStatementProgressTests.statement(world)
                let viewer = world.accountant.viewer
                async let a = world.services.payments.importStatement(
                    file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
                async let b = second.payments.importStatement(
                    file, fileName: "march.xml", bankAccountID: nil, profileID: nil, viewer: viewer)
                let (first, other) = try await (a, b)
                #expect(first.autoMatched + other.autoMatched == 3)
                let counts = try await BankStatementProgressTests.lineCounts(world)
                #expect(counts.count == 7 && counts.values.allSatisfy { $0 == 1 })
                #expect(
                    try await world.services.payments.list(
                        viewer: viewer, accountID: nil, page: PageRequest(limit: 10)
                    ).items.count == 3)
                try await StatementMatchingTests.expectReceivables(world, invoices)
            }, world: PaymentServiceTests.world)
    }

    /// The outbox worker of both servers at once: each queued message is sent once (needs the SMTP sink).
    @Test(.smtpSink) func twoServersOutboxWorkersSendEachMessageOnce() async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await Self.withTwoServers("twoServersOutboxWorkersSendEachMessageOnce") { world, second, _ in
            let tests = OutboxTests()
            let outboxA = try await tests.configure(world, port: sink.port)
            var outboxB = second.outbox
            outboxB.transport = outboxA.transport
            var ids: Set<OutboxMessage.ID> = []
            for index in 0..<12 {
                var email = tests.invoiceEmail(world)
                email.subject = "Invoice \(index)"
                ids.insert(try await tests.queue(outboxA, email, database: world.services.database).id)
            }
            async let a = outboxA.processDue()
            async let b = outboxB.processDue()
            let (sentA, sentB) = try await (a, b)
            #expect(Set(sentA.sent).isDisjoint(with: sentB.sent))
            #expect(Set(sentA.sent + sentB.sent) == ids)
            let received = try sink.received()
            #expect(received.count == 12)
            #expect(Set(received.compactMap(\.message.messageID)).count == 12)
        }
    }
}
