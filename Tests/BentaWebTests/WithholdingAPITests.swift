import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The collection receipt over HTTP (issue 12): issued once (201, then 200 with the same number), printed as a PDF
/// for whoever sees the payment, 404 before it is issued and for a manager who does not see the customer.
@Suite(.timeLimit(.minutes(20))) struct WithholdingAPITests {
    @Test(arguments: TestEngine.available)
    func collectionReceiptIsIssuedOnceAndPrinted(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let tala = world.manager1Accounts[0]
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            var line = LineDraft()
            line.description = "Consulting"
            line.quantity = "1"
            line.unitPrice = "100000"
            line.taxCategory = "vatable"
            var draft = InvoiceDraft()
            draft.accountID = tala.id.description
            draft.lines = [line]
            let made = try await world.services.invoices.create(draft, viewer: world.manager1.viewer)
            let invoice = try await world.services.invoices.issue(
                made.id, viewer: world.manager1.viewer, expectedVersion: nil)
            let payment = try await world.services.payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: "2026-11-25", amount: "112000", method: "cheque",
                    reference: "CHQ-004417",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "112000")]),
                viewer: world.accountant.viewer
            ).payment.id
            let accountant = try await world.token(world.accountant)
            let manager = try await world.token(world.manager1)
            let stranger = try await world.token(world.manager2)
            let pdf = "/api/v1/payments/\(payment)/collection-receipt.pdf"
            #expect(try await client.api(.get, pdf, token: manager).status == .notFound)

            let first = try await client.api(.post, "/api/v1/payments/\(payment)/collection-receipt", token: accountant)
            #expect(first.status == .created)
            let number = try #require(try first.json()["number"] as? String)
            let second = try await client.api(
                .post, "/api/v1/payments/\(payment)/collection-receipt", token: accountant)
            #expect(second.status == .ok)
            #expect(try second.json()["number"] as? String == number)

            let printed = try await client.api(.get, pdf, token: manager)
            #expect(printed.status == .ok && printed.headers[.contentType] == "application/pdf")
            #expect(try await client.api(.get, pdf, token: stranger).status == .notFound)
            guard let text = try await PDFText.extract(Array(buffer: printed.body)) else { return }
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains(number))
            #expect(flat.contains(try #require(invoice.number)))
            #expect(flat.contains("One Hundred Twelve Thousand Pesos and 00/100"))
            #expect(flat.contains("THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX"))
            #expect(flat.contains("CHQ-004417"))
        }
    }
}
