import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Record visibility on every money list, page and export (issue 12, "a manager sees only their customers'
/// money"): manager1's customer Tala Foods owes an overdue invoice, paid in part net of 2% EWT with its 2307
/// pending. The head finds Tala in each answer; manager2, who does not manage Tala, gets each list without it and a
/// 403 or 404 for Tala's own records.
@Suite(.timeLimit(.minutes(20))) struct MoneyVisibilityWebTests {
    @Test(arguments: TestEngine.available)
    func aManagerSeesOnlyTheirCustomersMoneyEverywhere(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await world.services.invoices.saveSettings(
                InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
            let tala = world.manager1Accounts[0]
            let accountant = world.accountant.viewer
            _ = try await world.services.payments.saveWithholdingProfile(
                .services, accountID: tala.id, viewer: accountant, expectedVersion: 0)
            let invoice = try await world.issuedInvoice(account: tala, net: "100000")
            _ = try await world.issuedInvoice(
                account: world.manager2Accounts[0], net: "2000", owner: world.manager2)
            let number = try #require(invoice.number)
            let due = try #require(invoice.dueDate)
            let payment = try await world.services.payments.record(
                PaymentDraft(
                    accountID: tala.id.description, receivedOn: due.iso8601String, amount: "49000", currency: "",
                    method: "bank_transfer", reference: "BDO-TALA",
                    allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "49000")]),
                viewer: accountant)
            let asOf = due.adding(days: 40).iso8601String
            let talaMarks = ["Tala Foods", tala.id.description, number]
            // (path, page or API): each lists Tala's money for the head.
            let lists: [(String, Bool)] = [
                ("/receivables?as_of=\(asOf)&group=customer", true),
                ("/receivables/aging.csv?as_of=\(asOf)", true),
                ("/receivables/overdue?as_of=\(asOf)", true),
                ("/receivables/overdue.csv?as_of=\(asOf)", true),
                ("/receivables/pending-certificates.csv", true),
                ("/api/v1/payments", false),
                ("/api/v1/receivables/aging?as_of=\(asOf)", false),
                ("/api/v1/withholding-certificates/pending", false),
            ]
            let own: [(String, Bool)] = [
                ("/accounts/\(tala.id)/statement", true),
                ("/api/v1/accounts/\(tala.id)/statement", false),
                ("/api/v1/payments/\(payment.payment.id)", false),
                ("/payments/\(payment.payment.id)", true),
                ("/api/v1/payments/\(payment.payment.id)/collection-receipt.pdf", false),
            ]
            let head = try await client.login("head@test.ph")
            let headToken = try await world.token(world.head)
            let manager = try await client.login("manager2@test.ph")
            let managerToken = try await world.token(world.manager2)
            func get(_ path: String, page: Bool, asHead: Bool) async throws -> TestResponse {
                if page { return try await client.browse(.get, path, as: asHead ? head : manager) }
                return try await client.api(.get, path, token: asHead ? headToken : managerToken)
            }
            for (path, page) in lists + own.filter({ !$0.0.hasSuffix("collection-receipt.pdf") }) {
                let seen = try await get(path, page: page, asHead: true)
                #expect(seen.status == .ok, "head \(path)")
                #expect(talaMarks.contains { seen.text.contains($0) }, "head does not see Tala in \(path)")
            }
            for (path, page) in lists {
                // Their own customers' list, or none of it at all.
                let seen = try await get(path, page: page, asHead: false)
                #expect(seen.status == .ok || seen.status == .forbidden, "manager2 \(path): \(seen.status)")
                #expect(!talaMarks.contains { seen.text.contains($0) }, "manager2 sees Tala in \(path)")
            }
            for (path, page) in own {
                let status = try await get(path, page: page, asHead: false).status
                #expect(status == .notFound || status == .forbidden, "manager2 \(path): \(status)")
            }
        }
    }
}
