import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct InvoicePrintTests {
    @Test(arguments: TestEngine.available)
    func thePrintViewCarriesTheBIRFields(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": \#(InvoicesAPITests.mixedLines)}"#)
            let id = try #require(try created.json()["id"] as? String)
            let session = try await client.login("manager1@test.ph")
            let draft = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            #expect(draft.status == .ok && draft.text.contains("DRAFT"))
            let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).json()
            let number = try #require(issued["number"] as? String)
            let reference = CreditorReference.printed(try #require(issued["payment_reference"] as? String))
            let page = try await client.browse(.get, "/invoices/\(id)/print", as: session)
            for expected in [
                "SALES INVOICE", number, "VAT Reg. TIN 009-123-456-00000", "TIN 111-222-333-00000", "Tala Foods Corp.",
                "VAT-EXEMPT SALE", "ZERO-RATED SALE", "₱5,190.00", reference, "AC-123-456789-2024", "Net 30",
            ] {
                #expect(page.text.contains(expected), "print view lacks \(expected)")
            }
            #expect(!page.text.contains("DRAFT") && !page.text.contains("<h2>Note"))
            #expect(
                try await client.browse(.get, "/invoices/\(id)", as: session).text.contains("/invoices/\(id)/print"))
            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, "/invoices/\(id)/print", as: other).status == .notFound)
        }
    }
}
