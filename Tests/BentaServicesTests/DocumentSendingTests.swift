import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Sending a quote or a contract (issue 14, item 6): numbered and emailed with its PDF through the outbox in one
/// transaction, delivered by a real SMTP server on 127.0.0.1; refused as a whole (nothing numbered) when there is no
/// address or no outgoing email.
@Suite(.serialized, .timeLimit(.minutes(20))) struct DocumentSendingTests {
    /// A draft quote of a deal with one line on `account`, with `contact` as its contact (nil: none).
    static func draftQuote(
        _ world: TestWorld, account: Account.ID, contact: Contact.ID?
    ) async throws -> Quote {
        let viewer = world.manager1.viewer
        var dealDraft = DealDraft()
        dealDraft.accountID = account.description
        dealDraft.contactIDs = contact.map { [$0.description] } ?? []
        dealDraft.title = "Store displays"
        dealDraft.amount = "50000.00"
        dealDraft.expectedClose = "2027-01-31"
        let deal = try await world.services.deals.create(dealDraft, viewer: viewer)
        return try await world.services.quotes.create(fromDeal: deal.id, viewer: viewer)
    }

    /// A draft contract for `account` signed by `signatory`, in `language`.
    static func draftContract(
        _ world: TestWorld, account: Account.ID, signatory: Contact.ID, language: LanguageCode = .english
    ) async throws -> Contract {
        var draft = ContractDraft()
        draft.accountID = account.description
        draft.signatoryContactID = signatory.description
        draft.title = "Printer fleet service"
        draft.language = language.rawValue
        draft.startDate = "2027-01-01"
        draft.endDate = "2027-12-31"
        draft.value = "60000.00"
        return try await world.services.contracts.create(draft, viewer: world.manager1.viewer)
    }

    /// An account and a contact with no email address anywhere.
    static func accountWithoutEmail(_ world: TestWorld) async throws -> (Account, Contact) {
        let viewer = world.manager1.viewer
        var draft = AccountDraft()
        draft.name = "Walang Email Trading"
        draft.phones = ["0917 333 0003"]
        let account = try await world.services.accounts.create(draft, viewer: viewer)
        var contactDraft = ContactDraft()
        contactDraft.accountID = account.id.description
        contactDraft.name = "Pedro Walang"
        contactDraft.phones = ["0917 333 0004"]
        return (account, try await world.services.contacts.create(contactDraft, viewer: viewer))
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func aQuoteSentByEmailReachesTheChosenContactWithItsPDF(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await OutboxTests().configure(world, port: sink.port)
            let services = world.services
            let viewer = world.manager1.viewer
            let tala = world.manager1Accounts[0]
            var second = ContactDraft()
            second.accountID = tala.id.description
            second.name = "Jun Reyes"
            second.emails = ["jun@talafoods.ph"]
            let jun = try await services.contacts.create(second, viewer: viewer)
            let quote = try await Self.draftQuote(world, account: tala.id, contact: world.manager1Contact.id)

            // The form offers the account's contacts, the quote's own contact first, and prefills the wording.
            let form = try await services.quotes.emailForm(quote.id, language: .english, viewer: viewer)
            #expect(form.to == "maria@example.ph")
            #expect(form.recipients.map(\.address).prefix(2) == ["maria@example.ph", "jun@talafoods.ph"])
            #expect(form.subject.contains("{number}") && form.message.contains("Maria Santos"))
            #expect(form.message.contains("PHP 56,000.00"))
            let filipino = try await services.quotes.emailForm(quote.id, language: .filipino, viewer: viewer)
            #expect(filipino.message.contains("Magandang araw po"))

            let sent = try await services.quotes.send(
                quote.id, email: DocumentEmailDraft(to: "jun@talafoods.ph", subject: "Our quotation {number}"),
                language: .english, outbox: outbox, viewer: viewer, expectedVersion: quote.version)
            let number = try #require(sent.number)
            #expect(sent.status == .sent)
            let pass = try await outbox.processDue()
            #expect(pass.sent.count == 1)
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.recipients == ["jun@talafoods.ph"])
            #expect(mail.message.subject == "Our quotation \(number)")
            #expect(mail.message.attachments.map(\.filename) == ["\(number).pdf"])
            let pdf = try #require(mail.message.attachments.first).data
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            #expect(try #require(mail.message.textBody).contains("quotation \(number) for PHP 56,000.00"))
            let messages = try await outbox.list(viewer: viewer, filter: OutboxFilter(), page: PageRequest(limit: 10))
            #expect(messages.items.map(\.relatedID) == [quote.id.description])
            #expect(messages.items.first?.kind == "quote")

            // The account's timeline and the quote say to whom it went.
            let timeline = try await services.activities.timeline(.account(tala.id), viewer: viewer).items
            let entry = try #require(timeline.first { $0.kind == .email })
            #expect(entry.subject == "Quote \(number) sent to Jun Reyes <jun@talafoods.ph>")
            #expect(entry.direction == .outbound && entry.contactID == jun.id)
            let sentTo = try await services.quotes.sentTo(quote.id, viewer: viewer)
            #expect(sentTo.map(\.to) == ["jun@talafoods.ph"] && sentTo.map(\.number) == [number])
        }
    }

    @Test(.smtpSink, arguments: TestEngine.available)
    func aContractSentByEmailReachesItsSignatoryInTheContractsLanguage(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await OutboxTests().configure(world, port: sink.port)
            let viewer = world.manager1.viewer
            let contract = try await Self.draftContract(
                world, account: world.manager1Accounts[0].id, signatory: world.manager1Contact.id, language: .filipino)
            let sent = try await world.services.contracts.send(
                contract.id, email: DocumentEmailDraft(), outbox: outbox, viewer: viewer, expectedVersion: nil)
            let number = try #require(sent.number)
            #expect(sent.status == .sent)
            #expect(try await outbox.processDue().sent.count == 1)
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.recipients == ["maria@example.ph"])
            #expect(mail.message.subject.hasPrefix("Kontrata \(number): Printer fleet service"))
            let text = try #require(mail.message.textBody)
            #expect(text.contains("Magandang araw po Maria Santos!") && text.contains("kontrata \(number)"))
            #expect(!text.contains("{number}"))
            #expect(mail.message.attachments.map(\.filename) == ["\(number).pdf"])
            #expect(try #require(mail.message.attachments.first).data.starts(with: Array("%PDF-".utf8)))
            let timeline = try await world.services.activities.timeline(
                .account(world.manager1Accounts[0].id), viewer: viewer
            ).items
            #expect(timeline.contains { $0.subject == "Contract \(number) sent to Maria Santos <maria@example.ph>" })
            #expect(
                try await world.services.contracts.sentTo(contract.id, viewer: viewer).map(\.to) == [
                    "maria@example.ph"
                ])
        }
    }

    /// No address, a bad one, or no outgoing email: refused before anything changes, and the number is not used
    /// up (the next document sent takes number 1).
    @Test(arguments: TestEngine.available)
    func aSendWithoutAnAddressOrEmailSetUpChangesNothingAndKeepsTheNumber(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let services = world.services
            let viewer = world.manager1.viewer
            let (account, pedro) = try await Self.accountWithoutEmail(world)
            let quote = try await Self.draftQuote(world, account: account.id, contact: pedro.id)
            let contract = try await Self.draftContract(world, account: account.id, signatory: pedro.id)

            // Outgoing email not set up: 409, nothing changes.
            do {
                _ = try await services.quotes.send(
                    quote.id, email: DocumentEmailDraft(to: "pedro@example.ph"), language: .english,
                    outbox: services.outbox, viewer: viewer, expectedVersion: nil)
                Issue.record("a quote was sent without outgoing email")
            } catch RecordError.conflict(let code, _) {
                #expect(code == "email_not_configured")
            }
            var smtp = SMTPSettingsDraft()
            smtp.host = "127.0.0.1"
            smtp.port = "2525"
            smtp.security = SMTPSecurity.none.rawValue
            smtp.fromAddress = "sales@bituin.ph"
            _ = try await services.outbox.saveSMTPSettings(smtp, viewer: world.admin.viewer, expectedVersion: nil)

            let form = try await services.quotes.emailForm(quote.id, language: .english, viewer: viewer)
            #expect(form.recipients.isEmpty && form.to.isEmpty)
            do {
                _ = try await services.quotes.send(
                    quote.id, email: DocumentEmailDraft(), language: .english, outbox: services.outbox,
                    viewer: viewer, expectedVersion: nil)
                Issue.record("a quote without an address was sent")
            } catch let errors as ValidationErrors {
                #expect(errors.errors.map(\.field) == ["to"] && errors.errors.map(\.code) == ["no_recipient"])
            }
            await #expect(throws: ValidationErrors.self) {
                _ = try await services.contracts.send(
                    contract.id, email: DocumentEmailDraft(to: "not an address"), outbox: services.outbox,
                    viewer: viewer, expectedVersion: nil)
            }
            await #expect(throws: ValidationErrors.self) {
                _ = try await services.contracts.send(
                    contract.id, email: DocumentEmailDraft(), outbox: services.outbox, viewer: viewer,
                    expectedVersion: nil)
            }
            let unchanged = try await services.quotes.quote(quote.id, viewer: viewer)
            #expect(unchanged.status == .draft && unchanged.number == nil && unchanged.version == quote.version)
            let stillDraft = try await services.contracts.contract(contract.id, viewer: viewer)
            #expect(stillDraft.status == .draft && stillDraft.number == nil)
            let outbox = try await services.outbox.list(viewer: viewer, filter: OutboxFilter(), page: PageRequest())
            #expect(outbox.items.isEmpty)

            // A typed address sends it, with the first number of each series.
            let sent = try await services.quotes.send(
                quote.id, email: DocumentEmailDraft(to: "pedro@example.ph"), language: .english,
                outbox: services.outbox, viewer: viewer, expectedVersion: nil)
            #expect(sent.number?.hasSuffix("-00001") == true)
            let marked = try await services.contracts.send(contract.id, viewer: viewer, expectedVersion: nil)
            #expect(marked.number?.hasSuffix("-00001") == true)
            let queued = try await services.outbox.list(viewer: viewer, filter: OutboxFilter(), page: PageRequest())
            #expect(queued.items.map(\.to) == [["pedro@example.ph"]])
            #expect(try await services.contracts.sentTo(contract.id, viewer: viewer).isEmpty)
        }
    }
}
