import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

extension OpenAPIWireTests {
    /// A statement's import progress (`GET /api/v1/bank-statements/{id}`): the first statement `payments` imported,
    /// done; 403 for a manager, 404 for an unknown id.
    static func statementProgress(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let list = try await api.call(.get, "/api/v1/bank-statements", token: t.admin, expect: .ok)
        let id = try #require(list["data"]?.arrayValue?.first?["id"]?.stringValue)
        let statement = try await api.call(.get, "/api/v1/bank-statements/\(id)", token: t.admin, expect: .ok)
        #expect(statement["import_status"]?.stringValue == "imported")
        try await api.call(.get, "/api/v1/bank-statements/\(id)", token: t.manager, expect: .forbidden)
        try await api.call(
            .get, "/api/v1/bank-statements/\(UUID().uuidString.lowercased())", token: t.admin, expect: .notFound)
    }
}
