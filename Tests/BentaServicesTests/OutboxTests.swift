import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// The outbox against a real SMTP server on 127.0.0.1 (see ``SMTPSink``).
@Suite(.serialized, .timeLimit(.minutes(20))) struct OutboxTests {
    /// Bytes of every value, so a lost or altered byte shows.
    static let pdfBytes: [UInt8] = Array("%PDF-1.7\n".utf8) + (0..<2000).map { UInt8(truncatingIfNeeded: $0 * 7) }

    /// Sets up sending to 127.0.0.1:`port` and returns the outbox with test timeouts.
    func configure(
        _ world: TestWorld, port: Int, security: SMTPSecurity = .none, username: String = "", password: String? = nil,
        trustRootsPEM: String? = nil
    ) async throws -> OutboxService {
        var draft = SMTPSettingsDraft()
        draft.host = "127.0.0.1"
        draft.port = "\(port)"
        draft.security = security.rawValue
        draft.username = username
        draft.password = password
        draft.fromAddress = "billing@bituin.ph"
        draft.fromName = "Bituin Office Solutions"
        _ = try await world.services.outbox.saveSMTPSettings(
            draft, viewer: world.admin.viewer, expectedVersion: nil)
        var outbox = world.services.outbox
        outbox.transport = SMTPTransportOptions(
            connectTimeout: .seconds(3), replyTimeout: .seconds(10), dataTimeout: .seconds(10),
            sessionTimeout: .seconds(30), trustRootsPEM: trustRootsPEM, allowsPlaintextAuthentication: true)
        return outbox
    }

    func invoiceEmail(_ world: TestWorld, to: String = "maria@example.ph") -> OutgoingEmail {
        OutgoingEmail(
            companyID: world.company.id, kind: "invoice", relatedType: "invoice", relatedID: "INV-2026-000123",
            to: [MailAddress(name: "María Peñaflor", address: to)],
            cc: [MailAddress(name: "Accounts Payable", address: "ap@talafoods.ph")],
            replyTo: [MailAddress(name: "Kristine Uno", address: "manager1@test.ph")],
            subject: "Invoice INV-2026-000123 – Peñaflor",
            textBody: "Magandang araw!\n\nAttached is invoice INV-2026-000123 for ₱6,000.00.\n.\nSalamat po.",
            htmlBody: "<p>Magandang araw!</p><p>Invoice <b>INV-2026-000123</b></p>",
            attachments: [
                MailAttachment(
                    filename: "Invoice INV-2026-000123 Peñaflor.pdf", contentType: "application/pdf",
                    data: Self.pdfBytes)
            ],
            queuedBy: world.manager1.id)
    }

    func queue(_ outbox: OutboxService, _ email: OutgoingEmail, database: any AppDatabase) async throws -> OutboxMessage
    {
        try await database.transaction { db in try await outbox.enqueue(email, on: db) }
    }

    func stored(_ world: TestWorld, _ id: OutboxMessage.ID) async throws -> OutboxMessage {
        try await world.services.outbox.message(id, viewer: world.admin.viewer)
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func queuedInvoiceEmailIsDeliveredOnceWithItsAttachment(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: sink.port)
            let queued = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(queued.status == .queued && queued.to == ["maria@example.ph"] && queued.cc == ["ap@talafoods.ph"])

            let pass = try await outbox.processDue()
            #expect(pass.sent == [queued.id] && pass.retried.isEmpty && pass.failed.isEmpty)
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.mailFrom == "billing@bituin.ph")
            #expect(mail.recipients == ["maria@example.ph", "ap@talafoods.ph"])
            #expect(mail.message.subject == "Invoice INV-2026-000123 – Peñaflor")
            #expect(mail.message.from == MailAddress(name: "Bituin Office Solutions", address: "billing@bituin.ph"))
            #expect(mail.message.to == [MailAddress(name: "María Peñaflor", address: "maria@example.ph")])
            #expect(mail.message.cc.map(\.address) == ["ap@talafoods.ph"])
            #expect(mail.message.replyTo.map(\.address) == ["manager1@test.ph"])
            #expect(mail.message.messageID == queued.messageID)
            let text = mail.message.textBody?.replacingOccurrences(of: "\r\n", with: "\n")
            #expect(text?.contains("₱6,000.00.\n.\nSalamat po.") == true)
            #expect(mail.message.htmlBody?.contains("<b>INV-2026-000123</b>") == true)
            #expect(mail.message.attachments.count == 1)
            #expect(mail.message.attachments.first?.filename == "Invoice INV-2026-000123 Peñaflor.pdf")
            #expect(mail.message.attachments.first?.data == Self.pdfBytes)

            let sent = try await stored(world, queued.id)
            #expect(sent.status == .sent && sent.attempts == 1 && sent.sentAt != nil && sent.lastError == nil)
            #expect(try await outbox.processDue().isEmpty)
            #expect(try sink.received().count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func emailQueuedInARolledBackTransactionDoesNotExist(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: 2525)
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await database.transaction { db in
                    _ = try await outbox.enqueue(invoiceEmail(world), on: db)
                    throw Abort()
                }
            }
            let page = try await outbox.list(viewer: world.admin.viewer, filter: .init(), page: .init())
            #expect(page.items.isEmpty)
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func serverOutageKeepsTheMessageUntilTheServerIsBackThenSendsItOnce(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let port = try SMTPSink.freePort()
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: port)
            let queued = try await queue(outbox, invoiceEmail(world), database: database)

            let down = try await outbox.processDue()
            #expect(down.retried == [queued.id] && down.sent.isEmpty && down.failed.isEmpty)
            let waiting = try await stored(world, queued.id)
            let now = world.clock.now
            #expect(waiting.status == .queued && waiting.attempts == 1)
            #expect(waiting.lastError?.contains("connect") == true)
            #expect(waiting.nextAttemptAt > now && waiting.nextAttemptAt <= now.addingTimeInterval(61))

            let sink = try await SMTPSink(python: python, port: port)
            defer { sink.stop() }
            #expect(try await outbox.processDue().isEmpty, "not due before the backoff ends")
            #expect(try sink.received().isEmpty)
            world.clock.advance(by: 61)
            let back = try await outbox.processDue()
            #expect(back.sent == [queued.id])
            #expect(try await outbox.processDue().isEmpty)
            world.clock.advance(by: 7 * 86400)
            #expect(try await outbox.processDue().isEmpty)
            let received = try sink.received()
            #expect(received.count == 1)
            #expect(received.first?.message.attachments.first?.data == Self.pdfBytes)
            let sent = try await stored(world, queued.id)
            #expect(sent.status == .sent && sent.attempts == 2)
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func permanentRefusalFailsTheMessageWithoutRetrying(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: sink.port)
            let queued = try await queue(outbox, invoiceEmail(world, to: "reject@example.ph"), database: database)
            let pass = try await outbox.processDue()
            #expect(pass.failed == [queued.id] && pass.sent.isEmpty && pass.retried.isEmpty)
            let failed = try await stored(world, queued.id)
            #expect(failed.status == .failed && failed.attempts == 1)
            #expect(failed.lastError?.contains("550") == true)
            world.clock.advance(by: 3 * 86400)
            #expect(try await outbox.processDue().isEmpty)
            #expect(try sink.received().isEmpty)

            // A 4xx refusal is transient: queued again.
            let later = try await queue(outbox, invoiceEmail(world, to: "tempfail@example.ph"), database: database)
            #expect(try await outbox.processDue().retried == [later.id])
            #expect(try await stored(world, later.id).lastError?.contains("451") == true)
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func twoWorkersAtOnceSendEachMessageExactlyOnce(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: sink.port)
            var ids: Set<OutboxMessage.ID> = []
            for index in 0..<12 {
                var email = invoiceEmail(world)
                email.subject = "Invoice \(index)"
                ids.insert(try await queue(outbox, email, database: database).id)
            }
            async let first = outbox.processDue()
            async let second = outbox.processDue()
            let (a, b) = try await (first, second)
            #expect(Set(a.sent).isDisjoint(with: b.sent))
            #expect(Set(a.sent + b.sent) == ids)
            #expect(a.retried.isEmpty && b.retried.isEmpty && a.failed.isEmpty && b.failed.isEmpty)
            let received = try sink.received()
            #expect(received.count == 12)
            #expect(Set(received.compactMap(\.message.messageID)).count == 12)
            #expect(Set(received.map(\.message.subject)) == Set((0..<12).map { "Invoice \($0)" }))
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func messageOfAWorkerThatStoppedMidSendIsSentAfterItsLeaseEnds(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: sink.port)
            let queued = try await queue(outbox, invoiceEmail(world), database: database)
            let now = world.clock.now
            // A worker claims the message and dies before recording anything.
            let claim = try await outbox.claimNext(now: now, leaseUntil: now.addingTimeInterval(600), token: "dead")
            #expect(claim?.message.id == queued.id)
            #expect(try await outbox.processDue().isEmpty, "the lease still holds")
            world.clock.advance(by: 601)
            #expect(try await outbox.processDue().sent == [queued.id])
            #expect(try sink.received().count == 1)
            let sent = try await stored(world, queued.id)
            #expect(sent.status == .sent && sent.attempts == 2)
            // The dead worker's late result changes nothing.
            let late = try await outbox.recordFailure(try #require(claim), error: "late", isPermanent: false)
            #expect(late == nil)
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func startTLSWithAuthenticationDeliversAndAWrongPasswordIsRetried(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let certificate = try await TestCertificate.make()
        let sink = try await SMTPSink(
            python: python, auth: ("billing", "s3cret pass"), certificate: (certificate.certPath, certificate.keyPath))
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var outbox = try await configure(
                world, port: sink.port, security: .starttls, username: "billing", password: "wrong",
                trustRootsPEM: certificate.pem)
            outbox.transport.allowsPlaintextAuthentication = false
            let queued = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(try await outbox.processDue().retried == [queued.id])
            #expect(try await stored(world, queued.id).lastError?.contains("535") == true)

            var draft = SMTPSettingsDraft()
            draft.host = "127.0.0.1"
            draft.port = "\(sink.port)"
            draft.security = "starttls"
            draft.username = "billing"
            draft.password = "s3cret pass"
            draft.fromAddress = "billing@bituin.ph"
            draft.fromName = "Bituin Office Solutions"
            _ = try await outbox.saveSMTPSettings(draft, viewer: world.admin.viewer, expectedVersion: nil)
            world.clock.advance(by: 61)
            #expect(try await outbox.processDue().sent == [queued.id])
            let received = try sink.received()
            try #require(received.count == 1)
            #expect(received[0].isTLS && received[0].isAuthenticated)
            #expect(received[0].message.attachments.first?.data == Self.pdfBytes)
        }
    }

    /// The SMTP password is sealed in the database (AES-GCM under the server's key) and opened only to log in; a
    /// password stored in plain text before sealing still works and is sealed at the next save.
    @Test(.smtpSink, arguments: TestEngine.available)
    func theSMTPPasswordIsSealedInTheDatabaseAndStillLogsIn(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let password = "pw-Ñ-2026-s3cret"
        let sink = try await SMTPSink(python: python, auth: ("billing", password))
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await configure(world, port: sink.port, username: "billing", password: password)
            let storedPassword: @Sendable () async throws -> String = {
                try await database.read { db in
                    try await db.raw("SELECT password FROM smtp_settings").first()?
                        .decode(column: "password", as: String.self) ?? ""
                }
            }
            let sealed = try await storedPassword()
            #expect(sealed.hasPrefix("sealed:v1:") && !sealed.contains(password) && !sealed.contains("s3cret"))
            let first = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(try await outbox.processDue().sent == [first.id])

            try await database.transaction { db in
                try await db.raw("UPDATE smtp_settings SET password = \(bind: password)").run()
            }
            let second = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(try await outbox.processDue().sent == [second.id])
            let version = try #require(try await outbox.smtpSettings(viewer: world.admin.viewer)?.version)
            var keep = SMTPSettingsDraft()
            keep.host = "127.0.0.1"
            keep.port = "\(sink.port)"
            keep.security = "none"
            keep.username = "billing"
            keep.fromAddress = "billing@bituin.ph"
            _ = try await outbox.saveSMTPSettings(keep, viewer: world.admin.viewer, expectedVersion: version)
            #expect(try await storedPassword().hasPrefix("sealed:v1:"))
            let third = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(try await outbox.processDue().sent == [third.id])
            #expect(try sink.received().count == 3 && sink.received().allSatisfy(\.isAuthenticated))
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func passwordIsNeverSentOverAPlainConnectionUnlessATestAllowsIt(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python, auth: ("billing", "pw"))
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            var outbox = try await configure(world, port: sink.port, username: "billing", password: "pw")
            outbox.transport.allowsPlaintextAuthentication = false
            let queued = try await queue(outbox, invoiceEmail(world), database: database)
            #expect(try await outbox.processDue().retried == [queued.id])
            #expect(try await stored(world, queued.id).lastError?.contains("unencrypted") == true)
            outbox.transport.allowsPlaintextAuthentication = true
            world.clock.advance(by: 61)
            #expect(try await outbox.processDue().sent == [queued.id])
            #expect(try sink.received().first?.isAuthenticated == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func settingsAreForAdminsAndManagersSeeOnlyTheirOwnEmails(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = world.services.outbox
            await #expect(throws: RecordError.self) {
                _ = try await queue(outbox, invoiceEmail(world), database: database)
            }
            var draft = SMTPSettingsDraft()
            draft.host = "smtp.example.ph"
            draft.port = "587"
            draft.fromAddress = "billing@bituin.ph"
            draft.password = "pw"
            await #expect(throws: RecordError.self) {
                _ = try await outbox.saveSMTPSettings(draft, viewer: world.head.viewer, expectedVersion: nil)
            }
            var bad = draft
            bad.port = "0"
            bad.fromName = "Evil\r\nBcc: x@y.z"
            let errors = await #expect(throws: ValidationErrors.self) {
                _ = try await outbox.saveSMTPSettings(bad, viewer: world.admin.viewer, expectedVersion: nil)
            }
            #expect(errors?.fields == ["port", "from_name"])
            let saved = try await outbox.saveSMTPSettings(draft, viewer: world.admin.viewer, expectedVersion: nil)
            #expect(saved.version == 1 && saved.settings.password == "pw")
            draft.password = nil
            draft.host = "mail.example.ph"
            let kept = try await outbox.saveSMTPSettings(draft, viewer: world.admin.viewer, expectedVersion: 1)
            #expect(kept.version == 2 && kept.settings.password == "pw" && kept.settings.host == "mail.example.ph")

            let mine = try await queue(outbox, invoiceEmail(world), database: database)
            var other = invoiceEmail(world)
            other.queuedBy = world.manager2.id
            _ = try await queue(outbox, other, database: database)
            let managerPage = try await outbox.list(viewer: world.manager1.viewer, filter: .init(), page: .init())
            #expect(managerPage.items.map(\.id) == [mine.id])
            let all = try await outbox.list(viewer: world.accountant.viewer, filter: .init(), page: .init())
            #expect(all.items.count == 2)
            let queuedOnly = try await outbox.list(
                viewer: world.admin.viewer, filter: .init(status: .sent), page: .init())
            #expect(queuedOnly.items.isEmpty)
            await #expect(throws: RecordError.self) {
                _ = try await outbox.message(mine.id, viewer: world.manager2.viewer)
            }

            var injected = invoiceEmail(world)
            injected.subject = "Invoice\r\nBcc: everyone@example.com"
            let injection = await #expect(throws: ValidationErrors.self) {
                _ = try await queue(outbox, injected, database: database)
            }
            #expect(injection?.fields == ["subject"])
        }
    }
}

/// The SMTP client on its own, against the sink: the protocol details the outbox relies on.
@Suite(.serialized, .timeLimit(.minutes(20))) struct OutboxSMTPClientTests {
    static func settings(port: Int, security: SMTPSecurity = .none) throws -> SMTPSettings {
        SMTPSettings(
            host: "127.0.0.1", port: port, security: security, fromAddress: try EmailAddress(parsing: "a@bituin.ph"),
            fromName: "")
    }

    @Test(.smtpSink) func linesStartingWithADotAndBareLineFeedsArriveIntact() async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        let message = "Subject: dots\r\nFrom: a@bituin.ph\r\n\r\n.\r\n..two\r\n.leading\nbare line feed\n."
        let reply = try await SMTPClient().send(
            Array(message.utf8), from: "a@bituin.ph", to: ["b@example.ph"], server: try Self.settings(port: sink.port))
        #expect(reply.hasPrefix("250"))
        let received = try sink.received()
        try #require(received.count == 1)
        #expect(
            String(decoding: received[0].bytes, as: UTF8.self)
                == "Subject: dots\r\nFrom: a@bituin.ph\r\n\r\n.\r\n..two\r\n.leading\r\nbare line feed\r\n.\r\n")
    }

    static let tlsMessage = Array("Subject: tls\r\nFrom: a@bituin.ph\r\n\r\nhello\r\n".utf8)

    @Test(.smtpSink) func implicitTLSDelivers() async throws {
        let python = try await SMTPSink.python()
        let certificate = try await TestCertificate.make()
        let sink = try await SMTPSink(
            python: python, certificate: (certificate.certPath, certificate.keyPath), implicitTLS: true)
        defer { sink.stop() }
        let client = SMTPClient(options: SMTPTransportOptions(trustRootsPEM: certificate.pem))
        try await client.send(
            Self.tlsMessage, from: "a@bituin.ph", to: ["b@example.ph"],
            server: try Self.settings(port: sink.port, security: .tls))
        #expect(try sink.received().first?.isTLS == true)
        // An untrusted certificate is a TLS failure, and transient (an admin can fix the trust).
        await #expect {
            try await SMTPClient().send(
                Self.tlsMessage, from: "a@bituin.ph", to: ["b@example.ph"],
                server: try Self.settings(port: sink.port, security: .tls))
        } throws: { error in
            guard let error = error as? SMTPError, case .tlsFailed = error else { return false }
            return !error.isPermanent
        }
    }

    @Test(.smtpSink) func aServerThatNeverAnswersTimesOut() async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python, silent: true)
        defer { sink.stop() }
        let client = SMTPClient(options: SMTPTransportOptions(replyTimeout: .milliseconds(500)))
        await #expect(throws: SMTPError.timedOut(.greeting)) {
            try await client.send(
                Array("Subject: x\r\n\r\nhello\r\n".utf8), from: "a@bituin.ph", to: ["b@example.ph"],
                server: try Self.settings(port: sink.port))
        }
        #expect(SMTPError.timedOut(.greeting).isPermanent == false)
        #expect(SMTPError.rejected(.recipient, code: 550, message: "").isPermanent)
        #expect(!SMTPError.rejected(.authentication, code: 535, message: "").isPermanent)
    }

    @Test func connectionRefusedIsTransient() async throws {
        let port = try SMTPSink.freePort()
        await #expect {
            try await SMTPClient(options: SMTPTransportOptions(connectTimeout: .seconds(2))).send(
                Array("Subject: x\r\n\r\nhello\r\n".utf8), from: "a@bituin.ph", to: ["b@example.ph"],
                server: try Self.settings(port: port))
        } throws: { error in
            guard let error = error as? SMTPError, case .connectionFailed = error else { return false }
            return !error.isPermanent
        }
    }
}
