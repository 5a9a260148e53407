import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 15: inputs schemathesis found accepted though the document refuses them, each now refused where such input
/// is read for every route (the list query, the cursor, the JSON body's `null`, an id member of a record body, a
/// duty list) and changing nothing: over-long `q` and `cursor`, `null` for a member that is not nullable, a non-UUID
/// `owner_id`, a duty named twice, `include_done` other than `true`/`false`, a negative `version`.
@Suite(.timeLimit(.minutes(20))) struct StrictInputTests {
    /// `method path` with `json` answers `status` (and `code` when given) and no row of the database changes.
    static func refused(
        _ method: HTTPRequest.Method, _ path: String, token: String, json: String? = nil,
        status: HTTPResponse.Status, code: String, field: String? = nil, world: TestWorld,
        client: some TestClientProtocol
    ) async throws {
        let before = try await DatabaseFingerprint.read(world.services.database)
        let answer =
            if let json {
                try await client.api(method, path, token: token, json: json)
            } else {
                try await client.api(method, path, token: token)
            }
        #expect(answer.status == status, "\(method) \(path.prefix(80)): \(answer.text.prefix(300))")
        #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        let problem = try answer.json()
        #expect(problem["code"] as? String == code, "\(answer.text.prefix(300))")
        if let field {
            let errors = problem["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["field"] as? String == field }, "\(answer.text.prefix(300))")
        }
        let changed = try await DatabaseFingerprint.read(world.services.database).changes(since: before)
        #expect(changed == [], "\(method) \(path.prefix(80)) changed \(changed)")
    }

    @Test(arguments: TestEngine.available)
    func overLongQueryValuesAreRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let long = String(repeating: "a", count: 201)
            for path in [
                "/api/v1/products/export.csv", "/api/v1/products", "/api/v1/contracts", "/api/v1/leads",
                "/api/v1/accounts", "/api/v1/contacts",
            ] {
                try await Self.refused(
                    .get, path + "?q=" + long, token: head, status: .unprocessableContent, code: "invalid_parameter",
                    world: world, client: client)
                let fits = try await client.api(.get, path + "?q=" + String(long.dropFirst()), token: head)
                #expect(fits.status == .ok, "\(path) with 200 characters: \(fits.status)")
            }
            // A timeline's cursor is a timeline position: anything else, too long or not base64url, is refused.
            let account = world.manager1Accounts[0].id
            let contact = world.manager1Contact.id
            let lead = try await client.api(
                .post, "/api/v1/leads", token: manager, json: #"{"person_name": "Ana Reyes", "source": "referral"}"#)
            let leadID = try #require(try lead.json()["id"] as? String)
            for timeline in [
                "/api/v1/accounts/\(account)/timeline", "/api/v1/contacts/\(contact)/timeline",
                "/api/v1/leads/\(leadID)/timeline",
            ] {
                for cursor in [String(repeating: "A", count: 1025), "not a cursor", SortCursorText.someListCursor] {
                    let escaped = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor
                    try await Self.refused(
                        .get, timeline + "?cursor=" + escaped, token: manager, status: .unprocessableContent,
                        code: "validation_failed", field: "cursor", world: world, client: client)
                }
                #expect(try await client.api(.get, timeline + "?limit=1", token: manager).status == .ok)
            }
        }
    }

    /// A timeline's next page still reads with the cursor the timeline gave.
    @Test(arguments: TestEngine.available)
    func aTimelinesOwnCursorStillPages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await world.token(world.manager1)
            let account = world.manager1Accounts[0].id
            for subject in ["First", "Second"] {
                let logged = try await client.api(
                    .post, "/api/v1/activities", token: manager,
                    json: #"{"kind": "note", "body": "\#(subject)", "account_id": "\#(account)"}"#)
                #expect(logged.status == .created, "\(logged.text.prefix(300))")
            }
            let path = "/api/v1/accounts/\(account)/timeline?limit=1"
            let first = try await client.api(.get, path, token: manager).json()
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await client.api(.get, path + "&cursor=" + cursor, token: manager)
            #expect(second.status == .ok)
            let ids = [first, try second.json()].compactMap {
                ($0["data"] as? [[String: Any]])?.first?["id"] as? String
            }
            #expect(ids.count == 2 && ids[0] != ids[1])
        }
    }

    @Test(arguments: TestEngine.available)
    func nullIsRefusedWhereTheDocumentSaysAValue(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let admin = try await world.token(world.admin)
            let manager = try await world.token(world.manager1)
            let invoice = try await world.draftInvoice(account: world.manager1Accounts[0], net: "1000")
            let cases: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/api/v1/dunning/runs", head, #"{"date": null}"#),
                (.post, "/api/v1/invoices/\(invoice.id)/send", manager, #"{"to": null}"#),
                (.post, "/api/v1/pipelines", head, #"{"name": "Projects", "is_default": null}"#),
                (
                    .put, "/api/v1/settings/smtp", admin,
                    #"{"host": "127.0.0.1", "port": 2525, "security": "none", "from_address": "a@b.ph", "version": null}"#
                ),
                (.put, "/api/v1/settings/invoicing", admin, #"{"default_payment_terms": null, "version": 1}"#),
                (.put, "/api/v1/settings/duties", admin, #"{"manager": null, "version": 1}"#),
            ]
            for (method, path, token, json) in cases {
                try await Self.refused(
                    method, path, token: token, json: json, status: .badRequest, code: "malformed_json", world: world,
                    client: client)
            }
            // Where the document allows `null`, it still means what it says: none.
            let duties = try await client.api(.get, "/api/v1/settings/duties", token: admin).json()
            let version = try #require(duties["version"] as? Int)
            let cleared = try await client.api(
                .put, "/api/v1/settings/duties", token: admin,
                json: #"{"discount_limit_percent": null, "collector_id": null, "version": \#(version)}"#)
            #expect(cleared.status == .ok, "\(cleared.text.prefix(300))")
        }
    }

    @Test(arguments: TestEngine.available)
    func aLeadsOwnerMustBeAnID(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            for owner in [#""""#, #"" ""#, #""nobody""#, "\"\(world.manager1.id)x\""] {
                try await Self.refused(
                    .post, "/api/v1/leads", token: head,
                    json: #"{"person_name": "Ana Reyes", "source": "referral", "owner_id": \#(owner)}"#,
                    status: .unprocessableContent, code: "validation_failed", field: "owner_id", world: world,
                    client: client)
            }
            // `null` (and leaving it out) routes the lead; an id names its owner.
            let routed = try await client.api(
                .post, "/api/v1/leads", token: head,
                json: #"{"person_name": "Ben Cruz", "source": "referral", "owner_id": null}"#)
            #expect(routed.status == .created, "\(routed.text.prefix(300))")
            let named = try await client.api(
                .post, "/api/v1/leads", token: head,
                json: #"{"person_name": "Cora Diaz", "source": "referral", "owner_id": "\#(world.manager2.id)"}"#)
            #expect(try named.json()["owner_id"] as? String == world.manager2.id.description)
            // The lead form's empty owner still means "route it".
            let session = try await client.login("head@test.ph")
            let form = try await client.browse(
                .post, "/leads", as: session,
                form: [("person_name", "Dina Elias"), ("source", "referral"), ("owner_id", "")])
            #expect(form.status == .seeOther || form.status == .found, "\(form.text.prefix(300))")
        }
    }

    @Test(arguments: TestEngine.available)
    func aDutyNamedTwiceIsRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let read = try await client.api(.get, "/api/v1/settings/duties", token: admin).json()
            let version = try #require(read["version"] as? Int)
            try await Self.refused(
                .put, "/api/v1/settings/duties", token: admin,
                json: #"{"manager": ["issue_invoices", "change_deals", "issue_invoices"], "version": \#(version)}"#,
                status: .unprocessableContent, code: "validation_failed", field: "manager", world: world,
                client: client)
            let once = try await client.api(
                .put, "/api/v1/settings/duties", token: admin,
                json: #"{"manager": ["issue_invoices", "change_deals"], "version": \#(version)}"#)
            #expect(once.status == .ok, "\(once.text.prefix(300))")
            #expect(try once.json()["manager"] as? [String] == ["issue_invoices", "change_deals"])
        }
    }

    /// A boolean query value is `true` or `false` (absent or empty: false), an enum query value one of its values; a
    /// body's `version` is 0 or more; an id member is a UUID (`""` included) and `null` only where the document says.
    @Test(arguments: TestEngine.available)
    func valuesOutsideTheirSchemaAreRefused(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await world.token(world.manager1)
            for value in ["-58800", "yes", "1", "TRUE"] {
                try await Self.refused(
                    .get, "/api/v1/tasks?include_done=\(value)", token: manager, status: .unprocessableContent,
                    code: "invalid_parameter", world: world, client: client)
            }
            for value in ["true", "false", ""] {
                let listed = try await client.api(.get, "/api/v1/tasks?include_done=\(value)", token: manager)
                #expect(listed.status == .ok, "include_done=\(value): \(listed.status)")
            }
            let account = world.manager1Accounts[0].id
            try await Self.refused(
                .patch, "/api/v1/accounts/\(account)", token: manager, json: #"{"notes": "n", "version": -1}"#,
                status: .unprocessableContent, code: "validation_failed", field: "version", world: world,
                client: client)
            let head = try await world.token(world.head)
            try await Self.refused(
                .get, "/api/v1/invoice-register?format=xml", token: head, status: .unprocessableContent,
                code: "invalid_parameter", world: world, client: client)
            try await Self.refused(
                .post, "/api/v1/collection-calls", token: head,
                json: #"{"account_id": "\#(account)", "due_on": "2027-01-04", "assignee_id": ""}"#,
                status: .unprocessableContent, code: "validation_failed", field: "assignee_id", world: world,
                client: client)
            let admin = try await world.token(world.admin)
            let duties = try await client.api(.get, "/api/v1/settings/duties", token: admin).json()
            let version = try #require(duties["version"] as? Int)
            try await Self.refused(
                .put, "/api/v1/settings/duties", token: admin, json: #"{"collector_id": "", "version": \#(version)}"#,
                status: .unprocessableContent, code: "validation_failed", field: "collector_id", world: world,
                client: client)
            for (action, json) in [("unmatch", #"{"reason": null}"#), ("confirm", #"{"exchange_rate": null}"#)] {
                try await Self.refused(
                    .post, "/api/v1/bank-statement-lines/\(UUID())/\(action)", token: admin, json: json,
                    status: .badRequest, code: "malformed_json", world: world, client: client)
            }
        }
    }
}

/// A cursor of the name-sorted lists, which no timeline takes.
enum SortCursorText {
    static let someListCursor = PageRequest.newestFirstCursor(after: "0194c0de-0000-7000-8000-000000000000")
}
