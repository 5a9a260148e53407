import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `Idempotency-Key` over HTTP: a retry gets the first answer again, byte for byte, with its status and headers.
@Suite(.timeLimit(.minutes(20))) struct InvoiceIdempotencyWebTests {
    static let key = HTTPField.Name("Idempotency-Key")!

    /// Creating, issuing and crediting with a key: the replay has the same status, `Location`, `ETag` and body as
    /// the first answer (the one stored with the document), even after the document moved on; no second document.
    @Test(arguments: TestEngine.available)
    func replaysGiveTheSameStatusLocationAndBody(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let body =
                #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": [{"description": "Toner", "unit_price": "1500"}]}"#
            func same(_ first: TestResponse, _ again: TestResponse) {
                #expect(again.status == first.status)
                #expect(again.headers[.location] == first.headers[.location])
                #expect(again.headers[.eTag] == first.headers[.eTag])
                #expect(again.text == first.text)
            }

            let created = try await client.api(
                .post, "/api/v1/invoices", token: token, json: body, headers: [Self.key: "create-1"])
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/invoices/\(id)" && created.headers[.eTag] == "\"1\"")
            let edited = try await client.api(
                .patch, "/api/v1/invoices/\(id)", token: token, json: #"{"notes": "PO 4411", "version": 1}"#)
            #expect(edited.status == .ok)
            same(
                created,
                try await client.api(
                    .post, "/api/v1/invoices", token: token, json: body, headers: [Self.key: "create-1"]))

            let issued = try await client.api(
                .post, "/api/v1/invoices/\(id)/issue", token: token, json: #"{"version": 2}"#,
                headers: [Self.key: "issue-1"])
            #expect(issued.status == .ok && issued.headers[.location] == nil)
            #expect(try issued.json()["number"] as? String == "INV-2026-000001")
            same(
                issued,
                try await client.api(
                    .post, "/api/v1/invoices/\(id)/issue", token: token, json: #"{"version": 2}"#,
                    headers: [Self.key: "issue-1"]))

            let credit = #"{"reason": "Returned", "full": true}"#
            let note = try await client.api(
                .post, "/api/v1/invoices/\(id)/credit-notes", token: token, json: credit,
                headers: [Self.key: "note-1"])
            #expect(note.status == .created)
            let noteID = try #require(try note.json()["id"] as? String)
            #expect(note.headers[.location] == "/api/v1/invoices/\(noteID)")
            same(
                note,
                try await client.api(
                    .post, "/api/v1/invoices/\(id)/credit-notes", token: token, json: credit,
                    headers: [Self.key: "note-1"]))

            let all = try await client.api(.get, "/api/v1/invoices", token: token).json()
            #expect((all["data"] as? [Any])?.count == 2)
        }
    }
}
