import BentaCore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// What schemathesis' `unsupported_method` and `allow_header_conformance` checks found (issue 15): a method nothing
/// serves answers 405 with the `Allow` of the route that serves the path, before any login or CSRF check.
@Suite(.timeLimit(.minutes(20))) struct MethodNotAllowedTests {
    @Test(arguments: TestEngine.available)
    func anUnservedMethodIs405WithTheAllowOfTheRouteThatServesThePath(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            // A public GET path: PUT is not refused as unauthenticated (401) or cross-site, it is not served.
            let health = try await client.execute(uri: "/health", method: .put)
            #expect(health.status == .methodNotAllowed)
            #expect(health.headers[.allow] == "GET, HEAD")
            let token = try await world.token(world.admin)
            // `/contacts/import-vcard` is its own route (POST), not `/contacts/:id` (GET, PATCH).
            let vcard = try await client.api(.patch, "/api/v1/contacts/import-vcard", token: token, json: "{}")
            #expect(vcard.status == .methodNotAllowed)
            #expect(vcard.headers[.allow] == "POST")
            // `/pipelines/:id/stages/order` (POST) is not `/pipelines/:id/stages/:stage_id` (PATCH, DELETE).
            let order = try await client.api(
                .init("OPTIONS")!, "/api/v1/pipelines/\(UUID().uuidString.lowercased())/stages/order", token: token)
            #expect(order.status == .methodNotAllowed)
            #expect(order.headers[.allow] == "POST")
            #expect(try order.json()["code"] as? String == "method_not_allowed")
            // The parameter route still answers for its own methods.
            let stage = try await client.api(
                .put, "/api/v1/pipelines/\(UUID().uuidString.lowercased())/stages/\(UUID().uuidString.lowercased())",
                token: token)
            #expect(stage.headers[.allow] == "DELETE, PATCH")
            // An unknown path stays 404.
            #expect(try await client.api(.put, "/api/v1/no-such-thing", token: token).status == .notFound)
        }
    }

    @Test func aNotFoundCodeIsSnakeCaseForAnEntityOfTwoWords() {
        let error = RecordError.notFound(entity: "collection receipt")
        #expect(error.code == "collection_receipt_not_found")
        #expect(error.code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" })
    }
}
