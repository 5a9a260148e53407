import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// An issued invoice reads, prints and exports exactly as it was issued, whatever later changes to the invoicing
/// settings, the company or the account (issue 10, item 5).
@Suite(.timeLimit(.minutes(20))) struct IssuedDocumentWebTests {
    /// Everything a reader can get of one document: the API's JSON, the PDF's text, the UBL and the print view.
    static func renderings(
        _ client: any TestClientProtocol, id: String, token: String, session: BrowserSession
    ) async throws -> [String: String] {
        let json = try await client.api(.get, "/api/v1/invoices/\(id)", token: token)
        let pdf = try await client.api(.get, "/api/v1/invoices/\(id)/pdf", token: token)
        let ubl = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
        let print = try await client.browse(.get, "/invoices/\(id)/print", as: session)
        #expect([json.status, pdf.status, ubl.status, print.status] == [.ok, .ok, .ok, .ok])
        var result = ["json": json.text, "ubl": ubl.text, "print": print.text]
        result["pdf"] = try await PDFText.extract(Array(buffer: pdf.body)) ?? "pdftotext not installed"
        return result
    }

    @Test(arguments: TestEngine.available)
    func anIssuedInvoiceReadsAsIssuedAfterTheSettingsChange(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let session = try await client.login("manager1@test.ph")
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(world.manager1Accounts[0].id)", "discount": "100", "lines": \#(InvoicesAPITests.mixedLines)}"#
            )
            let id = try #require(try created.json()["id"] as? String)
            #expect(try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).status == .ok)
            let before = try await Self.renderings(client, id: id, token: token, session: session)
            #expect(before["pdf"]?.contains("SALES INVOICE") == true)
            #expect(before["pdf"]?.contains("AC-123-456789-2024") == true)

            // The admin renames the document, gets a new acknowledgement; the company and the account change.
            let admin = try await world.token(world.admin)
            let settings = try await client.api(
                .put, "/api/v1/settings/invoicing", token: admin,
                json:
                    #"{"title": "Service Invoice", "acknowledgement_number": "AC-999-000000-2026", "acknowledgement_date": "2026-12-01", "version": 1}"#
            )
            #expect(settings.status == .ok)
            var company = CompanySettingsDraft(world.company.settings)
            company.registeredName = "Renamed Trading Inc."
            _ = try await world.services.companies.updateSettings(
                company, expectedVersion: nil, viewer: world.admin.viewer)
            let patched = try await client.api(
                .patch, "/api/v1/accounts/\(world.manager1Accounts[0].id)", token: token,
                json: #"{"billing_address": "99 New Street, Pasig City", "version": 2}"#)
            #expect(patched.status == .ok)

            let after = try await Self.renderings(client, id: id, token: token, session: session)
            for key in ["json", "ubl", "pdf", "print"] {
                #expect(after[key] == before[key], "the \(key) of the issued invoice changed")
            }
            // A new invoice takes the new settings.
            let next = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": \#(InvoicesAPITests.mixedLines)}"#)
            let nextID = try #require(try next.json()["id"] as? String)
            #expect(try await client.api(.post, "/api/v1/invoices/\(nextID)/issue", token: token).status == .ok)
            let fresh = try await Self.renderings(client, id: nextID, token: token, session: session)
            #expect(fresh["pdf"]?.contains("SERVICE INVOICE") == true || fresh["pdf"] == "pdftotext not installed")
            #expect(fresh["print"]?.contains("AC-999-000000-2026") == true)
        }
    }

    /// The API and the page offer what the core allows (`Invoice.allowedActions`): a draft is edited, discarded and
    /// issued; an issued invoice is credited while something is open; a credit note and a fully credited invoice
    /// allow nothing.
    @Test(arguments: TestEngine.available)
    func theAPIAndThePageOfferWhatTheCoreAllows(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let session = try await client.login("manager1@test.ph")
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": [{"description": "Pen", "unit_price": "100"}]}"#
            )
            let id = try #require(try created.json()["id"] as? String)
            #expect(try created.json()["allowed_actions"] as? [String] == ["discard", "edit", "issue"])
            var page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.text.contains("href=\"/invoices/\(id)?confirm=issue#issue-confirm\""))
            #expect(page.text.contains("action=\"/invoices/\(id)/discard\""))
            let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(try issued.json()["allowed_actions"] as? [String] == ["credit"])
            page = try await client.browse(.get, "/invoices/\(id)?confirm=issue", as: session)
            #expect(!page.text.contains("action=\"/invoices/\(id)/issue\"") && !page.text.contains("confirm=issue"))
            #expect(page.text.contains("action=\"/invoices/\(id)/credit-notes\""))
            let note = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token, json: #"{"reason": "All", "full": true}"#)
            #expect(note.status == .created)
            #expect(try note.json()["allowed_actions"] as? [String] == [])
            let credited = try await client.api(.get, "/api/v1/invoices/\(id)", token: token)
            #expect(try credited.json()["allowed_actions"] as? [String] == [])
            page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(!page.text.contains("action=\"/invoices/\(id)/credit-notes\""))
        }
    }

    /// The lines card of an invoice adds up what the invoice states, its discount included (it used to total the
    /// lines alone and show ₱1,120.00 for an invoice of ₱1,008.00).
    @Test(arguments: TestEngine.available)
    func theLinesCardTotalsWhatTheInvoiceStates(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let session = try await client.login("manager1@test.ph")
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json:
                    #"{"account_id": "\#(world.manager1Accounts[0].id)", "discount": "100", "lines": [{"description": "Printer", "unit_price": "1000"}]}"#
            )
            let id = try #require(try created.json()["id"] as? String)
            for _ in 0..<2 {
                let page = try await client.browse(.get, "/invoices/\(id)", as: session)
                #expect(page.text.contains("₱1,008.00"))
                #expect(!page.text.contains("₱1,120.00"))
                #expect(
                    try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token).status
                        != .internalServerError)
            }
        }
    }
}
