import BentaCore
import BentaFormats
import BentaServices
import BentaTestSupport
import Foundation
import SQLKit
import Testing

@testable import BentaStore

/// Writers of every kind at once on one database, as a busy server sees them: on SQLite they queue behind one
/// writer lock (token and session touches included), so none of them waits out the busy timeout; on PostgreSQL
/// row locks order them. Either way every write that was acknowledged is there exactly once, and numbers stay
/// gapless.
@Suite(.timeLimit(.minutes(20))) struct ConcurrentWritersTests {
    /// At least this many writers of each kind run at the same time.
    static let writersPerKind = 32
    static let invoicesToCredit = 8
    static let rowsPerImport = 4
    static let queuedEmails = 64
    static let creditAmount = Money(minorUnits: 10_00, currency: .php)

    /// What one writer got back; a failure keeps its kind and error for the report.
    enum Outcome: Sendable {
        case issued(Invoice)
        case contact(Contact)
        case imported(ImportJob)
        case creditNote(Invoice, of: Invoice.ID)
        case outboxPass(OutboxPassResult)
        case tokenUser(User?, expected: User.ID)
        case session(ActiveSession?, expected: User.ID)
        case failed(kind: String, error: String)
    }

    @Test(arguments: TestEngine.available)
    func writersOfEveryKindAtOnceAllSucceedAndLoseNothing(engine: TestEngine) async throws {
        // A real SMTP server when scripts/test set up Python with aiosmtpd; else a port nothing listens on, where
        // every send fails at once and the outbox records a retry: claims and their writes happen either way.
        var sink: SMTPSink?
        if !(ProcessInfo.processInfo.environment["BENTA_PYTHON"] ?? "").isEmpty {
            sink = try await SMTPSink(python: try await SMTPSink.python())
        }
        defer { sink?.stop() }
        let smtpPort = try sink?.port ?? SMTPSink.freePort()
        let smtpSink = sink
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let viewer = world.manager1.viewer
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let outbox = try await OutboxTests().configure(world, port: smtpPort)

            // Before the rush: issued invoices to credit, queued emails, API tokens and open sessions.
            var toCredit: [Invoice] = []
            for index in 0..<Self.invoicesToCredit {
                let draft = Self.invoiceDraft(world, description: "Setup \(index)")
                let created = try await services.invoices.create(draft, viewer: viewer)
                toCredit.append(try await services.invoices.issue(created.id, viewer: viewer, expectedVersion: nil))
            }
            var queued: [OutboxMessage] = []
            for index in 0..<Self.queuedEmails {
                let email = OutboxTests().invoiceEmail(world, to: "client\(index)@example.ph")
                queued.append(try await database.transaction { db in try await outbox.enqueue(email, on: db) })
            }
            var secrets: [(secret: String, user: User)] = []
            for (index, user) in [world.manager1, world.manager2, world.head, world.accountant].enumerated() {
                for round in 0..<2 {
                    let (_, secret) = try await services.auth.createAPIToken(for: user, name: "PBX \(index)-\(round)")
                    secrets.append((secret, user))
                }
            }
            var sessions: [(token: String, user: User)] = []
            for user in [world.manager1, world.manager2, world.manager3, world.head] {
                for _ in 0..<2 {
                    let session = try await services.auth.login(
                        email: user.email.value, password: TestWorld.password, ip: "127.0.0.1",
                        userAgent: "concurrent", replacing: nil)
                    sessions.append((session.token, user))
                }
            }
            // Every session is now due for its "last seen" touch.
            world.clock.advance(by: 120)
            let touchedAfter = world.clock.now

            let imports = (0..<Self.writersPerKind).map(Self.importFile)
            let credited = toCredit
            let tokens = secrets
            let loggedIn = sessions
            let started = ContinuousClock.now
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for index in 0..<Self.writersPerKind {
                    group.addTask {
                        await Self.attempt("issue") {
                            let draft = Self.invoiceDraft(world, description: "Rush \(index)")
                            let created = try await services.invoices.create(draft, viewer: viewer)
                            return .issued(
                                try await services.invoices.issue(created.id, viewer: viewer, expectedVersion: nil))
                        }
                    }
                    group.addTask {
                        await Self.attempt("contact") {
                            var draft = ContactDraft()
                            draft.accountID = world.manager1Accounts[1].id.description
                            draft.name = "Concurrent Contact \(index)"
                            draft.phones = [String(format: "0918 6%02d 1234", index)]
                            draft.emails = ["contact\(index)@concurrent.ph"]
                            return .contact(try await services.contacts.create(draft, viewer: viewer))
                        }
                    }
                    group.addTask {
                        await Self.attempt("import") {
                            let (_, work) = try await services.imports.start(
                                imports[index], filename: "rush-\(index).csv",
                                request: ImportRequest(entity: .accounts), viewer: world.head.viewer)
                            return .imported(await work())
                        }
                    }
                    group.addTask {
                        await Self.attempt("credit note") {
                            let invoice = credited[index % credited.count]
                            let note = try await services.invoices.creditNote(
                                for: invoice.id, request: .amount(Self.creditAmount, taxCategory: .vatable),
                                reason: "Rush \(index)", viewer: viewer)
                            return .creditNote(note, of: invoice.id)
                        }
                    }
                    group.addTask {
                        await Self.attempt("outbox worker") { .outboxPass(try await outbox.processDue()) }
                    }
                    group.addTask {
                        await Self.attempt("api token") {
                            let (secret, user) = tokens[index % tokens.count]
                            return .tokenUser(try await services.auth.user(apiToken: secret), expected: user.id)
                        }
                    }
                    group.addTask {
                        await Self.attempt("session") {
                            let (token, user) = loggedIn[index % loggedIn.count]
                            return .session(try await services.auth.session(token: token), expected: user.id)
                        }
                    }
                }
                var outcomes: [Outcome] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let elapsed = ContinuousClock.now - started

            // No writer failed, whatever its kind.
            let failures = outcomes.compactMap { outcome -> String? in
                if case .failed(let kind, let error) = outcome { return "\(kind): \(error)" }
                return nil
            }
            #expect(outcomes.count == 7 * Self.writersPerKind)
            #expect(
                failures.isEmpty,
                "\(failures.count) of \(outcomes.count) writers failed in \(elapsed): \(failures.prefix(5))")

            try await Self.checkInvoices(
                outcomes, toCredit: toCredit, invoices: services.invoices, database: database)
            try await Self.checkContactsAndImports(outcomes, database: database)
            try await Self.checkOutbox(outcomes, queued: queued, sink: smtpSink, database: database)
            try await Self.checkAuthentication(outcomes, touchedAfter: touchedAfter, database: database)
        }
    }

    /// Every request checks its token or session; one used a moment ago must not write, or on SQLite it waits for
    /// whichever writer holds the database (up to the busy timeout, then fails).
    @Test(arguments: TestEngine.available)
    func aTokenOrSessionUsedAMomentAgoAuthenticatesWhileAnotherWriterHoldsTheDatabase(
        engine: TestEngine
    )
        async throws
    {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let auth = world.services.auth
            let (_, secret) = try await auth.createAPIToken(for: world.manager1, name: "PBX")
            #expect(try await auth.user(apiToken: secret)?.id == world.manager1.id)  // First use: recorded.
            let login = try await auth.login(
                email: "head@test.ph", password: TestWorld.password, ip: "127.0.0.1", userAgent: "", replacing: nil)

            let (release, releaseWriter) = AsyncStream<Void>.makeStream()
            let (holding, writerHolds) = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await database.transaction { _ in
                    writerHolds.yield()
                    for await _ in release {}
                }
            }
            for await _ in holding { break }
            // The writer holds the database until the checks are done: a check that wrote would wait for it until the
            // writer queue's bound (or SQLite's busy timeout) and fail, so succeeding here proves nothing was written.
            let checks: Result<(User?, ActiveSession?), any Error>
            do {
                checks = .success((try await auth.user(apiToken: secret), try await auth.session(token: login.token)))
            } catch {
                checks = .failure(error)
            }
            releaseWriter.finish()
            try await writer.value

            let (user, session) = try checks.get()
            #expect(user?.id == world.manager1.id && session?.user.id == world.head.id)
        }
    }

    @Test func aWriterWaitingTooLongForTheQueueFailsByNameAndTheQueueGoesOn() async throws {
        let lock = AsyncLock(name: "the test queue", timeout: .milliseconds(200))
        let (held, release) = AsyncStream<Void>.makeStream()
        let (taken, signalTaken) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await lock.withLock {
                signalTaken.yield()
                for await _ in held {}
            }
        }
        for await _ in taken { break }
        await #expect {
            try await lock.withLock { () }
        } throws: { error in
            guard case StorageError.unavailable(let message) = error else { return false }
            return message.contains("the test queue")
        }
        release.finish()
        try await holder.value
        #expect(try await lock.withLock { 42 } == 42)
    }

    /// A long queue that moves is served in full: sixteen writers of 400 ms each behind one another wait up to
    /// 6.4 s, more than the 5 s a single holder may keep the lock. (Under a full parallel suite on two cores, forty
    /// number takers on one SQLite file once queued longer than the old fixed 30 s wait and the last ones failed.)
    /// The hold is long and the limit generous so that a scheduler that runs late under load cannot fake a stall.
    @Test func aLongQueueThatMovesIsServedInFullAndOnlyPatienceEndsIt() async throws {
        let lock = AsyncLock(name: "the test queue", timeout: .seconds(5), patience: .seconds(60))
        let served = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    try await lock.withLock {
                        try await Task.sleep(for: .milliseconds(400))
                        return writer
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(served.sorted() == Array(0..<16))

        // Patience bounds a wait even while the queue moves: 1.5 s of patience behind ten 400 ms holders.
        let impatient = AsyncLock(name: "the short queue", timeout: .seconds(5), patience: .milliseconds(1_500))
        let gaveUp = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        try await impatient.withLock { try await Task.sleep(for: .milliseconds(400)) }
                        return nil
                    } catch {
                        guard case StorageError.unavailable(let message) = error else { return "\(error)" }
                        return message
                    }
                }
            }
            return await group.reduce(into: [String]()) { if let message = $1 { $0.append(message) } }
        }
        #expect(!gaveUp.isEmpty && gaveUp.count < 10, "the last writers gave up, the first one was served")
        #expect(gaveUp.allSatisfy { $0.contains("the short queue") }, "\(gaveUp)")
    }

    @Test(arguments: TestEngine.available)
    func aUnitOfWorkStartedInsideAnotherIsRefusedAtOnce(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            await #expect(throws: NestedUnitOfWorkError.self) {
                try await database.transaction { _ in try await database.transaction { _ in () } }
            }
            await #expect(throws: NestedUnitOfWorkError.self) {
                try await database.transaction { _ in try await database.read { _ in () } }
            }
            await #expect(throws: NestedUnitOfWorkError.self) {
                try await database.read { _ in try await database.read { _ in () } }
            }
            // The refusals left nothing held: the next unit of work runs.
            let one = try await database.read { db in
                try await db.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
            }
            #expect(one == 1)
        }
    }

    // MARK: - Writers

    static func attempt(_ kind: String, _ work: () async throws -> Outcome) async -> Outcome {
        do {
            return try await work()
        } catch {
            return .failed(kind: kind, error: String(describing: error))
        }
    }

    static func invoiceDraft(_ world: TestWorld, description: String) -> InvoiceDraft {
        var draft = InvoiceDraft()
        draft.accountID = world.manager1Accounts[0].id.description
        var line = LineDraft()
        line.description = description
        line.quantity = "1"
        line.unitPrice = "1000.00"
        line.taxCategory = "vatable"
        draft.lines = [line]
        return draft
    }

    /// A small CSV of accounts whose names, phones and emails appear nowhere else.
    static func importFile(_ index: Int) -> Data {
        var text = "Company,Tel,Email\r\n"
        for row in 0..<rowsPerImport {
            text += "Concurrent Import \(index)-\(row) Trading,"
            text += String(format: "0917 5%02d %04d", index, row) + ",row\(row)@import\(index).ph\r\n"
        }
        return Data(text.utf8)
    }

    // MARK: - Checks

    /// Every acknowledged invoice and credit note is stored once, under its number; both series are gapless and
    /// each invoice's credit notes add up.
    static func checkInvoices(
        _ outcomes: [Outcome], toCredit: [Invoice], invoices: InvoiceService, database: any AppDatabase
    ) async throws {
        var issued: [Invoice] = []
        var notes: [(note: Invoice, invoice: Invoice.ID)] = []
        for outcome in outcomes {
            if case .issued(let invoice) = outcome { issued.append(invoice) }
            if case .creditNote(let note, let invoice) = outcome { notes.append((note, invoice)) }
        }
        let stored = try await database.read { db in
            try await db.raw("SELECT id, kind, number, sequence FROM invoices WHERE status = 'issued'").all().map {
                (
                    id: try $0.decode(column: "id", as: String.self),
                    kind: try $0.decode(column: "kind", as: String.self),
                    number: try $0.decode(column: "number", as: String.self),
                    sequence: try $0.decode(column: "sequence", as: Int.self)
                )
            }
        }
        let numbers = Dictionary(stored.map { ($0.id, $0.number) }, uniquingKeysWith: { first, _ in first })
        for invoice in issued + notes.map(\.note) {
            #expect(invoice.number != nil && numbers[invoice.id.description] == invoice.number)
        }
        let invoiceSequences = stored.filter { $0.kind == "invoice" }.map(\.sequence).sorted()
        #expect(invoiceSequences == Array(1...(toCredit.count + issued.count)))
        let noteSequences = stored.filter { $0.kind == "credit_note" }.map(\.sequence).sorted()
        #expect(noteSequences == Array(1...max(1, notes.count)))
        #expect(Set(stored.map(\.number)).count == stored.count)
        let balances = try await invoices.balances(of: toCredit)
        for invoice in toCredit {
            let mine = notes.filter { $0.invoice == invoice.id }
            let expected = try mine.reduce(Int64(0)) { $0 + (try $1.note.totals().totalWithTax.minorUnits) }
            #expect(!mine.isEmpty && balances[invoice.id]?.credited.minorUnits == expected)
        }
    }

    /// Every acknowledged contact and every imported account is stored exactly once.
    static func checkContactsAndImports(_ outcomes: [Outcome], database: any AppDatabase) async throws {
        var contacts: [Contact] = []
        var jobs: [ImportJob] = []
        for outcome in outcomes {
            if case .contact(let contact) = outcome { contacts.append(contact) }
            if case .imported(let job) = outcome { jobs.append(job) }
        }
        let contactNames = try await namesAndCounts(table: "contacts", prefix: "Concurrent Contact ", database)
        #expect(contactNames.count == contacts.count && contactNames.values.allSatisfy { $0 == 1 })
        #expect(contacts.allSatisfy { contactNames[$0.fields.name] == 1 })
        #expect(jobs.allSatisfy { $0.status == .finished && $0.createdRows == rowsPerImport && $0.rejectedRows == 0 })
        let accountNames = try await namesAndCounts(table: "accounts", prefix: "Concurrent Import ", database)
        #expect(accountNames.count == jobs.count * rowsPerImport && accountNames.values.allSatisfy { $0 == 1 })
    }

    static func namesAndCounts(
        table: String, prefix: String, _ database: any AppDatabase
    ) async throws -> [String: Int] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT name, COUNT(*) AS copies FROM \(unsafeRaw: table) WHERE name LIKE \(bind: prefix + "%")
                GROUP BY name
                """
            ).all()
            return Dictionary(
                try rows.map {
                    (try $0.decode(column: "name", as: String.self), try $0.decode(column: "copies", as: Int.self))
                },
                uniquingKeysWith: +)
        }
    }

    /// Every queued email was claimed exactly once: sent once when a server listens, else queued for one retry.
    static func checkOutbox(
        _ outcomes: [Outcome], queued: [OutboxMessage], sink: SMTPSink?, database: any AppDatabase
    ) async throws {
        var handled: [OutboxMessage.ID] = []
        for case .outboxPass(let pass) in outcomes { handled += pass.sent + pass.retried + pass.failed }
        #expect(handled.count == queued.count && Set(handled) == Set(queued.map(\.id)))
        let stored = try await database.read { db in
            try await db.raw("SELECT status, attempts FROM outbox_messages").all().map {
                (try $0.decode(column: "status", as: String.self), try $0.decode(column: "attempts", as: Int.self))
            }
        }
        #expect(stored.count == queued.count)
        #expect(stored.allSatisfy { $0.1 == 1 && $0.0 == (sink == nil ? "queued" : "sent") })
        if let sink {
            let received = try sink.received()
            #expect(received.count == queued.count)
            let missing = Set(queued.map(\.messageID)).subtracting(received.compactMap(\.message.messageID))
            #expect(missing.isEmpty, "\(missing.count) queued emails never reached the server")
        }
    }

    /// Every token and session check named its user, and each token and session was touched.
    static func checkAuthentication(_ outcomes: [Outcome], touchedAfter: Date, database: any AppDatabase) async throws {
        for outcome in outcomes {
            if case .tokenUser(let user, let expected) = outcome { #expect(user?.id == expected) }
            if case .session(let session, let expected) = outcome { #expect(session?.user.id == expected) }
        }
        let (untouchedTokens, staleSessions) = try await database.read { db in
            let tokens = try await db.raw("SELECT COUNT(*) AS n FROM api_tokens WHERE last_used_at IS NULL").first()?
                .decode(column: "n", as: Int.self)
            let sessions = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM sessions
                WHERE user_agent = 'concurrent' AND last_seen_at < \(bind: touchedAfter.millisecondsSince1970)
                """
            ).first()?.decode(column: "n", as: Int.self)
            return (tokens, sessions)
        }
        #expect(untouchedTokens == 0 && staleSessions == 0)
    }
}
