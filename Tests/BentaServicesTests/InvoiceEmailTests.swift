import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

/// Sending an issued invoice: queued with its PDF (and UBL) in one transaction, delivered once by the outbox to a
/// real SMTP server on 127.0.0.1.
@Suite(.serialized, .timeLimit(.minutes(20))) struct InvoiceEmailTests {
    @Test(.smtpSink, arguments: TestEngine.available)
    func anIssuedInvoiceReachesTheBillingContactWithItsPDFAndUBL(engine: TestEngine) async throws {
        let python = try await SMTPSink.python()
        let sink = try await SMTPSink(python: python)
        defer { sink.stop() }
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let outbox = try await OutboxTests().configure(world, port: sink.port)
            let services = world.services
            _ = try await services.invoices.saveSettings(
                InvoiceSettings(
                    acknowledgementNumber: "AC-123-456789-2024",
                    acknowledgementDate: CalendarDate(iso8601: "2024-05-02")),
                viewer: world.admin.viewer, expectedVersion: 0)
            let tala = world.manager1Accounts[0]
            _ = try await services.accounts.update(tala.id, viewer: world.manager1.viewer, expectedVersion: nil) {
                $0.billingAddress = "12 Rizal Street, Marikina City"
            }
            var draft = InvoiceDraft()
            draft.accountID = tala.id.description
            draft.contactID = world.manager1Contact.id.description
            var line = LineDraft()
            line.description = "Piñata display stand"
            line.unitPrice = "1250.00"
            draft.lines = [line]
            let viewer = world.manager1.viewer
            let invoice = try await services.invoices.create(draft, viewer: viewer)
            await #expect(throws: RecordError.self) {
                _ = try await services.invoices.email(
                    invoice.id, to: nil, includeUBL: false, outbox: outbox, viewer: viewer)
            }
            let issued = try await services.invoices.issue(invoice.id, viewer: viewer, expectedVersion: nil)
            let number = try #require(issued.number)
            let message = try await services.invoices.email(
                invoice.id, to: nil, includeUBL: true, outbox: outbox, viewer: viewer)
            #expect(message.to == ["maria@example.ph"] && message.relatedID == invoice.id.description)
            let pass = try await outbox.processDue()
            #expect(pass.sent == [message.id])
            #expect(try await outbox.processDue().sent.isEmpty)
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail.recipients == ["maria@example.ph"])
            #expect(mail.message.subject.contains(number))
            let names = mail.message.attachments.map(\.filename)
            #expect(names == ["\(number).pdf", "\(number).xml"])
            let pdf = try #require(mail.message.attachments.first).data
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            let xml = String(decoding: try #require(mail.message.attachments.last).data, as: UTF8.self)
            #expect(xml.contains(number))
            let reference = CreditorReference.printed(try #require(issued.paymentReference))
            let text = try #require(mail.message.textBody)
            #expect(text.contains(reference))
            // A bad address is refused before anything is queued.
            await #expect(throws: ValidationErrors.self) {
                _ = try await services.invoices.email(
                    invoice.id, to: ["not an address"], includeUBL: false, outbox: outbox, viewer: viewer)
            }
            // Another manager cannot send it.
            await #expect(throws: RecordError.self) {
                _ = try await services.invoices.email(
                    invoice.id, to: nil, includeUBL: false, outbox: outbox, viewer: world.manager2.viewer)
            }
        }
    }
}
