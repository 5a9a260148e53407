import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import BentaWeb

// The quota types part of the documented walk (issue 13): the company's types listed and added (refusals
// included), a plan of March 2027 split by type (an unknown type refused first), its attainment per type, and a
// commission plan for manager2 from March 2027 whose rules apply to the new-customer type.

extension OpenAPIWireTests {
    static func quotaTypes(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        let types = "/api/v1/quota-types"
        let listed = try await api.call(.get, types, token: t.manager, expect: .ok)
        #expect(listed["data"]?.arrayValue?.first?["code"]?.stringValue == "total")
        let new = #"{"code": "new", "name": "New customers", "rule": "new_customers"}"#
        try await api.call(.post, types, token: t.manager, json: new, expect: .forbidden)
        try await api.call(
            .post, types, token: t.head, json: #"{"code": "New!", "name": "", "rule": "all"}"#,
            expect: .unprocessableContent)
        try await api.call(.post, types, token: t.head, json: new, expect: .created)
        try await api.call(.post, types, token: t.admin, json: new, expect: .unprocessableContent)
        try await api.call(
            .post, types, token: t.admin,
            json: #"{"code": "existing", "name": "Existing customers", "rule": "existing_customers"}"#,
            expect: .created)

        let path = "/api/v1/plans/2027-03"
        let (m1, m2) = (world.manager1.id, world.manager2.id)
        let body = { (type: String) in
            """
            {"cost_lines": [{"kind": "rent", "label": "Office rent", "amount": "600000"}], "gross_margin": "30",
             "split_method": "amounts",
             "amounts": [{"manager_id": "\(m1)", "amount": "1000000"}, {"manager_id": "\(m2)", "amount": 1000000}],
             "type_amounts": [{"manager_id": "\(m1)", "quota_type": "\(type)", "amount": "300000"},
                {"manager_id": "\(m1)", "quota_type": "existing", "amount": 700000}]}
            """
        }
        try await api.call(.put, path, token: t.head, json: body("renewals"), expect: .unprocessableContent)
        try await api.call(.get, path, token: t.head, expect: .notFound)
        let saved = try await api.call(.put, path, token: t.head, json: body("new"), expect: .ok)
        #expect(saved["type_shares"]?.arrayValue?.count == 2)
        let report = try await api.call(.get, path + "/attainment", token: t.head, expect: .ok)
        let row = report["rows"]?.arrayValue?.first { $0["manager_id"]?.stringValue == m1.description }
        #expect(row?["by_type"]?.arrayValue?.map { $0["quota_type"]?.stringValue } == ["existing", "new"])

        try await api.call(
            .put, "/api/v1/commission/plans/\(m2)", token: t.head,
            json: """
                {"structure": "flat", "rate_percent": "5", "quota_type": "renewals", "effective_from": "2027-03",
                 "reason": "New business"}
                """, expect: .unprocessableContent)
        let typed = try await api.call(
            .put, "/api/v1/commission/plans/\(m2)", token: t.head,
            json: """
                {"structure": "flat", "rate_percent": "5", "quota_type": "new", "effective_from": "2027-03",
                 "reason": "New business"}
                """, expect: .ok)
        #expect(typed["plan"]?["quota_type"]?.stringValue == "new")
    }
}
