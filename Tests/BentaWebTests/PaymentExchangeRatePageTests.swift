import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The record-payment form's exchange rate (issue 12, exchange differences): a dollar payment without its rate is
/// shown again with the error beside the field and records nothing; with the rate it records the payment, whose
/// allocation posts the gain against the invoice's rate.
@Suite(.timeLimit(.minutes(20))) struct PaymentExchangeRatePageTests {
    @Test(arguments: TestEngine.available)
    func aDollarPaymentThroughTheFormNeedsItsRate(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let tala = world.manager1Accounts[0]
            let invoice = try await world.issuedInvoice(account: tala, net: "1000", currency: "USD")
            let session = try await client.login("accountant@test.ph")
            let blank = try await client.browse(.get, "/payments/new", as: session)
            #expect(blank.text.contains("name=\"exchange_rate\""))
            func fields(rate: String) -> [(String, String)] {
                [
                    ("account_id", tala.id.description), ("received_on", "2026-12-01"), ("amount", "1120"),
                    ("currency", "USD"), ("exchange_rate", rate), ("method", "bank_transfer"),
                    ("reference", "BPI-USD-1"), ("bank_account_id", ""),
                    ("allocations[0][invoice_id]", invoice.id.description), ("allocations[0][amount]", "1120"),
                    ("allocations[0][withholding]", "none"),
                ]
            }
            let refused = try await client.browse(.post, "/payments", as: session, form: fields(rate: ""))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("A USD payment needs the rate it was converted at, in PHP."))
            let none = try await world.services.payments.list(
                viewer: world.accountant.viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(none.items.isEmpty)

            let recorded = try await client.browse(.post, "/payments", as: session, form: fields(rate: "57.25"))
            #expect(recorded.status == .seeOther)
            let listed = try await world.services.payments.list(
                viewer: world.accountant.viewer, accountID: nil, page: PageRequest(limit: 10))
            #expect(listed.items.map(\.payment.exchangeRate) == [Decimal(string: "57.25")])
            let base = try await world.services.payments.ledgerBaseBalances(
                viewer: world.accountant.viewer, asOf: nil)
            #expect(
                base.first { $0.account == .exchangeDifference }?.balance
                    == (try Money(decimalString: "-1400", currency: .php)))
        }
    }
}
