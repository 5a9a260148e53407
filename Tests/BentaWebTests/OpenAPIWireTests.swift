import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import BentaWeb

/// The API in process, every exchange held against the OpenAPI document: the path and method are documented, the
/// request body fits the operation's request schema, the status is documented, and a JSON answer fits the schema
/// the document declares for that status and media type.
final class DocumentedClient {
    let client: any TestClientProtocol
    let document: OpenAPIDocument
    var checker: SchemaChecker
    /// Every way an exchange differs from the document.
    var problems: [String] = []
    /// `METHOD template` of every operation that answered 2xx.
    var answered: Set<String> = []

    init(_ client: any TestClientProtocol, document: OpenAPIDocument) {
        self.client = client
        self.document = document
        self.checker = SchemaChecker(document: document)
    }

    /// A request with a JSON body (or none) and a bearer token; `expect` is the status the walk needs to go on.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
        headers: HTTPFields = [:], expect status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        try await send(
            method, uri, token: token, body: json.map { ("application/json", ByteBuffer(string: $0)) },
            headers: headers, expect: status, sourceLocation: sourceLocation)
    }

    /// A request with a text body of another media type (CSV, vCard, a raw email).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, type: String, text: String,
        expect status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        try await send(
            method, uri, token: token, body: (type, ByteBuffer(string: text)), expect: status,
            sourceLocation: sourceLocation)
    }

    /// A request with any body; `type` is its whole `Content-Type`.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, body: (type: String, bytes: ByteBuffer)?,
        headers extra: HTTPFields = [:], expect status: HTTPResponse.Status,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let path = String(uri.prefix { $0 != "?" })
        let name = method.rawValue
        guard let template = document.template(for: path),
            document.resolve(document.operationPointer(name, template: template)) != nil
        else {
            problems.append("\(name) \(path): not in the document")
            return .null
        }
        let operation = "\(name) \(template)"
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let body { headers[.contentType] = body.type }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body?.bytes)
        if response.status != status {
            Issue.record(
                "\(name) \(uri) answered \(response.status.code), not \(status.code): \(response.text.prefix(600))",
                sourceLocation: sourceLocation)
        }
        let code = response.status.code
        if (200..<300).contains(code) {
            answered.insert(operation)
            // What the API took, the document must take too.
            if let body {
                let mediaType = String(body.type.prefix { $0 != ";" })
                if let (pointer, schema) = document.requestSchema(name, template: template, mediaType: mediaType) {
                    if mediaType == "application/json" {
                        let value = try JSONValue.parse(Data(buffer: body.bytes))
                        problems += checker.check(value, against: schema, at: pointer, mode: .request).map {
                            "\(operation) request: \($0)"
                        }
                    }
                } else {
                    problems.append("\(operation): no request body of type \(mediaType) in the document")
                }
            }
        }
        guard let (pointer, documented) = document.response(name, template: template, status: code) else {
            problems.append("\(operation): status \(code) is not in the document")
            return (try? JSONValue.parse(Data(buffer: response.body))) ?? .null
        }
        let mediaType = (response.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard response.body.readableBytes > 0, let mediaType else {
            if documented["content"] != nil, code != 204 {
                problems.append("\(operation) \(code): the document promises a body, none came")
            }
            return .null
        }
        let key = mediaType.replacingOccurrences(of: "/", with: "~1")
        guard let schema = documented["content"]?[mediaType]?["schema"] else {
            problems.append("\(operation) \(code): \(mediaType) is not in the document (\(pointer))")
            return .null
        }
        guard mediaType == "application/json" || mediaType == "application/problem+json" else { return .null }
        let value = try JSONValue.parse(Data(buffer: response.body))
        problems += checker.check(value, against: schema, at: "\(pointer)/content/\(key)/schema", mode: .response)
            .map { "\(operation) \(code): \($0)" }
        return value
    }
}

extension JSONValue {
    var int: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// `response["id"]` as text, for the next request.
    func id(_ key: String = "id") throws -> String {
        try #require(self[key]?.stringValue, "no \(key) in \(self)")
    }

    func version() throws -> Int64 {
        try #require(self["version"]?.int, "no version in \(self)")
    }
}

@Suite(.timeLimit(.minutes(20))) struct OpenAPIWireTests {
    /// Operations whose success answers are not walked, with the reason.
    static let notWalked: Set<String> = [
        "GET /openapi.json"  // the document itself
    ]

    /// Drives every JSON operation of the API once or more, through every main resource (create, read, list,
    /// update, and their actions), and holds each answer, errors included, against the document. Then: members
    /// the wire sends in every answer must be `required`, members the document declares must have been sent, and
    /// every documented operation with a JSON success answer must have been driven.
    @Test(arguments: TestEngine.available)
    func everyJSONAnswerIsWhatTheDocumentSays(engine: TestEngine) async throws {
        let document = try OpenAPIDocument.bundled()
        let (problems, usage, answered) = try await withWebApp(engine) { world, client in
            let api = DocumentedClient(client, document: document)
            let tokens = try await Tokens(world)
            try await Self.platformAndPeople(api, world, tokens)
            let crm = try await Self.accountsContactsAndLeads(api, world, tokens)
            try await Self.activitiesTasksAndMeetings(api, world, tokens, crm)
            let product = try await Self.products(api, tokens)
            try await Self.pipelinesDealsAndQuotes(api, world, tokens, crm, product: product)
            try await Self.contracts(api, world, tokens)
            try await Self.outbox(api, tokens)
            try await Self.invoices(api, world, tokens)
            try await Self.payments(api, world, tokens)
            try await Self.bankCSVProfiles(api, world, tokens)
            try await Self.duties(api, world, tokens)
            try await Self.sending(api, world, tokens)
            try await Self.statementProgress(api, world, tokens)
            try await Self.exchange(api, world, tokens)
            try await Self.headDashboard(api, world, tokens)
            try await Self.collections(api, world, tokens)
            try await Self.plans(api, world, tokens)
            try await Self.commission(api, world, tokens)
            try await Self.leaderboard(api, world, tokens)
            try await Self.discountApprovals(api, world, tokens)
            try await Self.dunning(api, world, tokens)
            try await Self.receivables(api, world, tokens)
            try await Self.creditHold(api, world, tokens)
            try await Self.statementMatching(api, world, tokens)
            try await Self.withholding(api, world, tokens)
            try await Self.audit(api, world, tokens)
            try await Self.importsSearchAndMail(api, world, tokens, crm)
            try await Self.errors(api, world, tokens, crm)
            return (api.problems, api.checker.usageProblems(), api.answered)
        }
        #expect(problems == [], "\(problems.count) differences:\n\(problems.joined(separator: "\n"))")
        #expect(usage == [], "\(usage.count) differences:\n\(usage.joined(separator: "\n"))")
        let unwalked = Self.jsonOperations(document).subtracting(answered).subtracting(Self.notWalked)
        #expect(unwalked.isEmpty, "not walked: \(unwalked.sorted())")
    }

    /// `METHOD template` of every documented operation with a JSON 2xx answer.
    static func jsonOperations(_ document: OpenAPIDocument) -> Set<String> {
        var operations: Set<String> = []
        for (template, item) in document.root["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                let success = (operation["responses"]?.objectValue ?? [:]).filter { $0.key.hasPrefix("2") }
                if success.values.contains(where: { $0["content"]?["application/json"] != nil }) {
                    operations.insert("\(method.uppercased()) \(template)")
                }
            }
        }
        return operations
    }

    struct Tokens: Sendable {
        let manager: String
        let head: String
        let admin: String
        /// The mail server's and the PBX's.
        let inbound: String

        init(_ world: TestWorld) async throws {
            manager = try await world.token(world.manager1)
            head = try await world.token(world.head)
            admin = try await world.token(world.admin)
            inbound = try await world.inboundToken()
        }
    }

    /// The records the later steps refer to.
    struct CRM: Sendable {
        let account: String
        let contact: String
        let lead: String
        let convertedLead: String
    }

    static func platformAndPeople(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        try await api.call(.get, "/health", token: nil, expect: .ok)
        try await api.call(.get, "/ready", token: nil, expect: .ok)
        try await api.call(.get, "/api/v1/me", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/users", token: t.manager, expect: .ok)
        let company = try await api.call(.get, "/api/v1/company", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/company", token: t.admin,
            json: #"{"registered_address": "1 Ayala Avenue, Makati City", "version": \#(try company.version())}"#,
            expect: .ok)
        try await api.call(.get, "/api/v1/routing-rules", token: t.admin, expect: .ok)
        let rule = try await api.call(
            .post, "/api/v1/routing-rules", token: t.admin,
            json: #"{"field": "province", "value": "Cebu", "assignee_id": "\#(world.manager2.id)"}"#, expect: .created)
        try await api.call(.delete, "/api/v1/routing-rules/\(try rule.id())", token: t.admin, expect: .noContent)
    }

    static func accountsContactsAndLeads(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws -> CRM {
        let account = try await api.call(
            .post, "/api/v1/accounts", token: t.manager,
            json: """
                {"name": "Mabuhay Trading", "registered_name": "Mabuhay Trading Corp.", "tin": "123456789",
                 "billing_address": "1 Ayala Avenue, Makati City", "delivery_address": "Warehouse 3, Pasig",
                 "phones": ["0917 123 4567", {"number": "(02) 8123 4567"}], "email": "sales@mabuhay.ph",
                 "website": "https://mabuhay.ph", "industry": "Retail", "tags": ["key"], "notes": "Met at a fair",
                 "country": "PH", "is_vat_registered": true, "buyer_kind": "business"}
                """, expect: .created)
        let accountID = try account.id()
        try await api.call(.get, "/api/v1/accounts/\(accountID)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/accounts?limit=2", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/accounts/\(accountID)", token: t.manager, json: #"{"notes": null, "version": 1}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/accounts/\(accountID)/archive", token: t.manager, headers: [.ifMatch: #""2""#], expect: .ok)
        try await api.call(.post, "/api/v1/accounts/\(accountID)/unarchive", token: t.manager, expect: .ok)
        let twin = try await api.call(
            .post, "/api/v1/accounts", token: t.manager,
            json: #"{"name": "Mabuhay Trading Inc", "phones": ["0917 123 4567"]}"#, expect: .created)
        try await api.call(.get, "/api/v1/accounts/\(accountID)/duplicates", token: t.manager, expect: .ok)
        try await api.call(
            .post, "/api/v1/accounts/\(accountID)/merge", token: t.head, json: #"{"from": "\#(try twin.id())"}"#,
            expect: .ok)

        let contact = try await api.call(
            .post, "/api/v1/contacts", token: t.manager,
            json: """
                {"account_id": "\(accountID)", "name": "Liza Cruz", "position": "Purchasing head",
                 "phones": ["0917 765 4321"], "emails": ["liza@mabuhay.ph"], "preferred_channel": "viber",
                 "notes": "Prefers mornings"}
                """, expect: .created)
        let contactID = try contact.id()
        try await api.call(.get, "/api/v1/contacts/\(contactID)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/contacts?limit=2", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/contacts/\(contactID)", token: t.manager, json: #"{"position": null, "version": 1}"#,
            expect: .ok)
        try await api.call(.post, "/api/v1/contacts/\(contactID)/archive", token: t.manager, expect: .ok)
        try await api.call(.post, "/api/v1/contacts/\(contactID)/unarchive", token: t.manager, expect: .ok)
        let twinContact = try await api.call(
            .post, "/api/v1/contacts", token: t.manager,
            json: #"{"account_id": "\#(accountID)", "name": "Liza M. Cruz", "emails": ["liza@mabuhay.ph"]}"#,
            expect: .created)
        try await api.call(.get, "/api/v1/contacts/\(contactID)/duplicates", token: t.manager, expect: .ok)
        try await api.call(
            .post, "/api/v1/contacts/\(contactID)/merge", token: t.head,
            json: #"{"from": "\#(try twinContact.id())"}"#, expect: .ok)

        let lead = try await api.call(
            .post, "/api/v1/leads", token: t.manager,
            json: """
                {"person_name": "Ana Reyes", "company_name": "Reyes Bakery", "phone": "0918 777 1212",
                 "email": "ana@reyes.ph", "source": "referral", "interest": "Ovens", "province": "Cebu",
                 "industry": "Food"}
                """, expect: .created)
        let leadID = try lead.id()
        try await api.call(.get, "/api/v1/leads/\(leadID)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/leads?status=all&limit=2", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/leads/\(leadID)", token: t.manager, json: #"{"interest": "Mixers", "version": 1}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/leads/\(leadID)/status", token: t.manager, json: #"{"status": "contacted"}"#, expect: .ok)
        let lost = try await api.call(
            .post, "/api/v1/leads", token: t.manager, json: #"{"person_name": "Ben Uy", "source": "event"}"#,
            expect: .created)
        try await api.call(
            .post, "/api/v1/leads/\(try lost.id())/status", token: t.manager,
            json: #"{"status": "disqualified", "reason": "No budget", "version": 1}"#, expect: .ok)
        let won = try await api.call(
            .post, "/api/v1/leads", token: t.manager,
            json: #"{"person_name": "Carlo Lim", "company_name": "Lim Foods", "email": "carlo@limfoods.ph"}"#,
            expect: .created)
        try await api.call(
            .post, "/api/v1/leads/\(try won.id())/status", token: t.manager, json: #"{"status": "qualified"}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/leads/\(try won.id())/convert", token: t.manager,
            json: #"{"account_name": "Lim Foods Inc.", "deal_title": "Bakery ovens"}"#, expect: .created)
        try await api.call(.get, "/api/v1/leads/\(try won.id())/timeline", token: t.manager, expect: .ok)
        return CRM(account: accountID, contact: contactID, lead: leadID, convertedLead: try won.id())
    }

    static func activitiesTasksAndMeetings(
        _ api: DocumentedClient, _ world: TestWorld, _ t: Tokens, _ crm: CRM
    ) async throws {
        try await api.call(
            .post, "/api/v1/activities", token: t.manager,
            json: """
                {"kind": "call", "direction": "outbound", "subject": "Follow-up", "body": "Talked about displays",
                 "phone": "0917 765 4321", "duration_minutes": 5, "outcome": "reached",
                 "occurred_at": "2026-11-30T01:00:00Z", "account_id": "\(crm.account)",
                 "contact_id": "\(crm.contact)", "next_step": "Send the quote",
                 "next_step_due": "2026-12-02T01:00:00Z"}
                """, expect: .created)
        try await api.call(
            .post, "/api/v1/activities", token: t.manager,
            json: #"{"kind": "note", "body": "Asked for a demo", "lead_id": "\#(crm.lead)"}"#, expect: .created)
        try await api.call(
            .post, "/api/v1/calls/inbound", token: t.inbound,
            json: #"{"from": "0917 111 0001", "to": "(02) 8123 4567", "call_id": "1739321911.4521"}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/calls/inbound", token: t.inbound, json: #"{"from": "0999 000 1111"}"#, expect: .ok)
        try await api.call(.get, "/api/v1/accounts/\(crm.account)/timeline", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/contacts/\(crm.contact)/timeline", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/leads/\(crm.lead)/timeline", token: t.manager, expect: .ok)

        let task = try await api.call(
            .post, "/api/v1/tasks", token: t.manager,
            json: """
                {"title": "Call Liza", "notes": "About the displays", "due_at": "2026-12-03T06:00:00Z",
                 "is_all_day": false, "priority": "high", "account_id": "\(crm.account)",
                 "contact_id": "\(crm.contact)"}
                """, expect: .created)
        try await api.call(.get, "/api/v1/tasks", token: t.manager, expect: .ok)
        try await api.call(
            .post, "/api/v1/tasks/\(try task.id())/complete", token: t.manager, headers: [.ifMatch: #""1""#],
            expect: .ok)
        try await api.call(.post, "/api/v1/tasks/\(try task.id())/reopen", token: t.manager, expect: .ok)

        let meeting = try await api.call(
            .post, "/api/v1/meetings", token: t.manager,
            json: """
                {"title": "Display demo", "starts_at": "2026-12-04T02:00:00Z", "duration_minutes": 60,
                 "place": "Makati", "link": "https://meet.example.ph/demo", "agenda": "Show the stands",
                 "account_id": "\(crm.account)", "contact_ids": ["\(crm.contact)"],
                 "user_ids": ["\(world.manager2.id)"]}
                """, expect: .created)
        try await api.call(.get, "/api/v1/meetings/\(try meeting.id())", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/meetings", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/meetings/\(try meeting.id())", token: t.manager,
            json: #"{"outcome": "They liked the stands", "version": 1}"#, expect: .ok)
    }

    /// A catalogue entry; returns its id.
    static func products(_ api: DocumentedClient, _ t: Tokens) async throws -> String {
        let product = try await api.call(
            .post, "/api/v1/products", token: t.head,
            json: """
                {"code": "DISP-01", "name": "Display stand", "description": "Steel, 1.8 m", "unit": "pc",
                 "unit_price": "1250.00", "currency": "PHP", "price_includes_tax": false, "tax_category": "vatable",
                 "tax_rate_percent": 12, "is_active": true}
                """, expect: .created)
        let id = try product.id()
        try await api.call(.get, "/api/v1/products/\(id)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/products?active=all", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/products/\(id)", token: t.head, json: #"{"unit_price": "1300.00", "version": 1}"#,
            expect: .ok)
        try await api.send(
            .post, "/api/v1/products/import", token: t.admin,
            type: "text/csv", text: "code,name,unit,unit_price\r\nSVC-1,Installation,hour,500.00\r\n", expect: .ok)
        try await api.send(
            .post, "/api/v1/products/import", token: t.admin,
            type: "text/csv", text: "code,name,unit,unit_price\r\nSVC-2,,hour,500.00\r\n", expect: .unprocessableContent
        )
        return id
    }

    static func pipelinesDealsAndQuotes(
        _ api: DocumentedClient, _ world: TestWorld, _ t: Tokens, _ crm: CRM, product: String
    ) async throws {
        let pipelines = try await api.call(.get, "/api/v1/pipelines", token: t.manager, expect: .ok)
        let sales = try #require(pipelines["data"]?.arrayValue?.first)
        let stages = try #require(sales["stages"]?.arrayValue)
        let proposal = try #require(stages.first { $0["name"]?.stringValue == "Proposal" }).id()

        let pipeline = try await api.call(
            .post, "/api/v1/pipelines", token: t.head, json: #"{"name": "Projects", "is_default": false}"#,
            expect: .created)
        let pipelineID = try pipeline.id()
        try await api.call(.get, "/api/v1/pipelines/\(pipelineID)", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/pipelines/\(pipelineID)", token: t.head, json: #"{"name": "Projects 2027", "version": 1}"#,
            expect: .ok)
        let added = try await api.call(
            .post, "/api/v1/pipelines/\(pipelineID)/stages", token: t.head,
            json: #"{"name": "Site visit", "probability": 20, "forecast_category": "pipeline", "version": 2}"#,
            expect: .created)
        let order = try #require(added["stages"]?.arrayValue).map { try $0.id() }
        let visit = try #require(added["stages"]?.arrayValue?.first { $0["name"]?.stringValue == "Site visit" }).id()
        try await api.call(
            .patch, "/api/v1/pipelines/\(pipelineID)/stages/\(visit)", token: t.head,
            json: #"{"probability": "30", "forecast_category": "best_case", "version": 3}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/pipelines/\(pipelineID)/stages/order", token: t.head,
            json: #"{"stage_ids": [\#(order.map { "\"\($0)\"" }.joined(separator: ", "))], "version": 4}"#,
            expect: .ok)
        // The order sent is the one stored: nothing changed, and the version stayed 4.
        try await api.call(
            .delete, "/api/v1/pipelines/\(pipelineID)/stages/\(visit)", token: t.head, headers: [.ifMatch: "\"4\""],
            expect: .noContent)

        let deal = try await api.call(
            .post, "/api/v1/deals", token: t.manager,
            json: """
                {"title": "Store displays", "account_id": "\(crm.account)", "contact_ids": ["\(crm.contact)"],
                 "currency": "PHP", "expected_close": "2027-01-20", "probability": 40,
                 "forecast_category": "commit", "next_step": "Visit the store", "notes": "Two branches",
                 "prices_include_tax": false,
                 "lines": [{"product_id": "\(product)", "quantity": "4", "unit": "pc", "unit_price": "1250.00",
                            "discount_percent": "10"},
                           {"description": "Installation", "quantity": 2, "unit": "hour", "unit_price": 800,
                            "discount_amount": "100.00", "tax_category": "vatable", "rate_percent": "12"}]}
                """, expect: .created)
        let dealID = try deal.id()
        try await api.call(.get, "/api/v1/deals/\(dealID)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/deals?status=all", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/deals/\(dealID)", token: t.manager, json: #"{"next_step": null, "version": 1}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/deals/\(dealID)/stage", token: t.manager, json: #"{"stage_id": "\#(proposal)"}"#,
            expect: .ok)
        try await api.call(.get, "/api/v1/deals/\(dealID)/history", token: t.manager, expect: .ok)

        let quote = try await api.call(
            .post, "/api/v1/quotes", token: t.manager, json: #"{"deal_id": "\#(dealID)"}"#, expect: .created)
        let quoteID = try quote.id()
        try await api.call(.get, "/api/v1/quotes/\(quoteID)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/quotes", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/quotes/\(quoteID)", token: t.manager,
            json: """
                {"terms": "50% down payment", "notes": null, "valid_until": "2026-12-30", "prices_include_tax": false,
                 "contact_id": "\(crm.contact)", "version": 1}
                """, expect: .ok)
        try await api.call(
            .post, "/api/v1/quotes/\(quoteID)/send", token: t.manager, json: #"{"version": 2, "email": false}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/quotes/\(quoteID)/accept", token: t.manager, json: #"{"win_deal": true}"#, expect: .ok)
        // A deal without lines (no totals), and a second deal whose quote is declined.
        try await api.call(
            .post, "/api/v1/deals", token: t.manager,
            json:
                #"{"title": "Yearly service", "account_id": "\#(crm.account)", "amount": "150000.00", "expected_close": "2027-03-31"}"#,
            expect: .created)
        let other = try await api.call(
            .post, "/api/v1/deals", token: t.manager,
            json: """
                {"title": "Spare shelves", "account_id": "\(crm.account)", "expected_close": "2027-02-20",
                 "lines": [{"description": "Shelf", "quantity": "10", "unit": "pc", "unit_price": "300"}]}
                """, expect: .created)
        let declined = try await api.call(
            .post, "/api/v1/quotes", token: t.manager, json: #"{"deal_id": "\#(try other.id())"}"#, expect: .created)
        try await api.call(
            .post, "/api/v1/quotes/\(try declined.id())/send", token: t.manager, json: #"{"email": false}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/quotes/\(try declined.id())/decline", token: t.manager,
            json: #"{"reason": "Too expensive"}"#, expect: .ok)
        try await api.call(.get, "/api/v1/deals/metrics?month=2026-11", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/deals/conversion", token: t.manager, expect: .ok)
    }

    static func contracts(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        try await api.call(.get, "/api/v1/contract-settings", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/contract-settings", token: t.admin, json: #"{"renewal_notice_days": 45, "version": 0}"#,
            expect: .ok)
        try await api.call(.get, "/api/v1/contract-templates", token: t.manager, expect: .ok)
        let template = try await api.call(
            .post, "/api/v1/contract-templates", token: t.admin,
            json:
                #"{"name": "Service agreement", "language": "en", "body": "Between {{seller_name}} and {{buyer_name}}."}"#,
            expect: .created)
        let templateID = try template.id()
        try await api.call(.get, "/api/v1/contract-templates/\(templateID)", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/contract-templates/\(templateID)", token: t.admin,
            json: #"{"name": "Service agreement 2027", "version": 1}"#, expect: .ok)

        let account = world.manager1Accounts[0].id
        let signatory = world.manager1Contact.id
        func contract(_ title: String, schedule: String, extra: String = "") -> String {
            """
            {"title": "\(title)", "account_id": "\(account)", "signatory_contact_id": "\(signatory)",
             "start_date": "2027-01-01", "end_date": "2027-12-31", "value": "120000.00", "currency": "PHP",
             "payment_terms": "net_30", "language": "en", "billing_schedule": \(schedule)\(extra)}
            """
        }
        let monthly = try await api.call(
            .post, "/api/v1/contracts", token: t.manager,
            json: contract(
                "Office support 2027",
                schedule: #"{"kind": "monthly", "from": "2027-01-01", "to": "2027-12-31", "amount": "10000.00"}"#,
                extra: #", "template_id": "\#(templateID)""#), expect: .created)
        let setup = try await api.call(
            .post, "/api/v1/contracts", token: t.manager,
            json: contract("Setup", schedule: #"{"kind": "one_off", "date": "2027-01-15", "amount": 120000}"#),
            expect: .created)
        // Signed by uploading the signed copy.
        try await api.call(
            .post, "/api/v1/contracts/\(try setup.id())/send", token: t.manager, json: #"{"email": false}"#,
            expect: .ok)
        let boundary = "----BentaWireBoundary"
        var upload = ByteBuffer(
            string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
        upload.writeBytes(ContractsAPITests.pngBytes)
        upload.writeString("\r\n--\(boundary)--\r\n")
        try await api.send(
            .post, "/api/v1/contracts/\(try setup.id())/signed-copy", token: t.manager,
            body: ("multipart/form-data; boundary=\(boundary)", upload), expect: .created)
        try await api.call(
            .post, "/api/v1/contracts", token: t.manager,
            json: contract(
                "Rollout",
                schedule: """
                    {"kind": "milestones", "milestones": [{"name": "Design", "date": "2027-03-01", "amount": "60000.00"},
                     {"name": "Go-live", "date": "2027-09-01", "amount": "60000.00"}]}
                    """), expect: .created)
        try await api.call(
            .post, "/api/v1/contracts", token: t.manager, json: contract("Open-ended", schedule: "null"),
            expect: .created)
        let id = try monthly.id()
        try await api.call(.get, "/api/v1/contracts/\(id)", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/contracts?status=all", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/contracts/\(id)", token: t.manager, json: #"{"title": "Office support", "version": 1}"#,
            expect: .ok)
        try await api.call(
            .post, "/api/v1/contracts/\(id)/send", token: t.manager, json: #"{"email": false}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/contracts/\(id)/sign", token: t.manager, json: #"{"version": 3}"#, expect: .ok)
        try await api.call(.post, "/api/v1/contracts/\(id)/activate", token: t.manager, expect: .ok)
        let amendment = try await api.call(
            .post, "/api/v1/contracts/\(id)/amendments", token: t.manager,
            json: """
                {"title": "Extension to 2028", "body": "The term is extended.", "effective_date": "2027-06-01",
                 "new_end_date": "2028-06-30", "new_value": "180000.00"}
                """, expect: .created)
        let amendmentID = try amendment.id()
        try await api.call(.get, "/api/v1/contracts/\(id)/amendments", token: t.manager, expect: .ok)
        try await api.call(
            .post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/send", token: t.manager, expect: .ok)
        try await api.call(
            .post, "/api/v1/contracts/\(id)/amendments/\(amendmentID)/sign", token: t.manager,
            json: #"{"version": 2}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/contracts/\(id)/terminate", token: t.manager,
            json: #"{"reason": "Customer closed the branch"}"#, expect: .ok)
    }

    static func outbox(_ api: DocumentedClient, _ t: Tokens) async throws {
        try await api.call(.get, "/api/v1/settings/smtp", token: t.admin, expect: .ok)
        try await api.call(
            .put, "/api/v1/settings/smtp", token: t.admin,
            json: """
                {"host": "smtp.example.ph", "port": 587, "security": "starttls", "username": "billing@bituin.ph",
                 "password": "app password", "from_address": "billing@bituin.ph", "from_name": "Bituin"}
                """, expect: .ok)
        try await api.call(.get, "/api/v1/settings/smtp", token: t.admin, expect: .ok)
        let message = try await api.call(
            .post, "/api/v1/settings/smtp/test", token: t.admin, json: #"{"to": "admin@test.ph"}"#, expect: .accepted)
        try await api.call(.get, "/api/v1/outbox", token: t.admin, expect: .ok)
        try await api.call(.get, "/api/v1/outbox/\(try message.id())", token: t.admin, expect: .ok)
    }

    static func invoices(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens) async throws {
        try await api.call(.get, "/api/v1/settings/invoicing", token: t.manager, expect: .ok)
        try await api.call(
            .put, "/api/v1/settings/invoicing", token: t.admin,
            json: """
                {"profile": "ph", "prices_include_tax": false, "default_payment_terms": "net_30",
                 "title": "SALES INVOICE", "acknowledgement_number": "AC-123-456789-2024",
                 "acknowledgement_date": "2024-05-02", "version": 0}
                """, expect: .ok)
        try await api.call(.get, "/api/v1/settings/number-series", token: t.admin, expect: .ok)
        try await api.call(
            .put, "/api/v1/settings/number-series/invoice", token: t.admin,
            json: #"{"format": "INV-{YYYY}-{SEQ:6}", "branch": "", "version": 1}"#, expect: .ok)
        let tala = world.manager1Accounts[0].id
        try await api.call(
            .patch, "/api/v1/accounts/\(tala)", token: t.manager,
            json: #"{"billing_address": "12 Rizal Street, Santo Niño, Marikina City", "version": 1}"#, expect: .ok)

        let draft = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "contact_id": "\(world.manager1Contact.id)", "currency": "PHP",
                 "prices_include_tax": false, "payment_terms": "net_30", "notes": "Thank you",
                 "lines": \(InvoicesAPITests.mixedLines),
                 "adjustments": [{"kind": "allowance", "percent": "5", "reason": "Loyalty"},
                                 {"kind": "charge", "amount": "100.00", "tax_category": "vatable",
                                  "reason": "Delivery"}]}
                """, expect: .created)
        let id = try draft.id()
        try await api.call(.get, "/api/v1/invoices/\(id)", token: t.manager, expect: .ok)
        try await api.call(
            .patch, "/api/v1/invoices/\(id)", token: t.manager, json: #"{"notes": null, "version": 1}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/invoices/\(id)/issue", token: t.manager, json: #"{"version": 2}"#, expect: .ok)
        try await api.call(
            .post, "/api/v1/invoices/\(id)/credit-notes", token: t.manager,
            json: #"{"reason": "One printer returned", "lines": [{"line": 0, "quantity": "1"}]}"#, expect: .created)
        try await api.call(
            .post, "/api/v1/invoices/\(id)/credit-notes", token: t.manager,
            json: #"{"reason": "Goodwill", "amount": "100.00", "tax_category": "exempt"}"#, expect: .created)
        try await api.call(.get, "/api/v1/invoices", token: t.manager, expect: .ok)
        try await api.call(.get, "/api/v1/invoices?kind=credit_note", token: t.manager, expect: .ok)
        try await api.call(
            .get, "/api/v1/invoice-register?from=2026-11-01&to=2026-12-01", token: t.head, expect: .ok)
        try await api.call(
            .post, "/api/v1/invoices/\(id)/send", token: t.manager,
            json: #"{"to": ["maria@example.ph"], "include_ubl": true}"#, expect: .accepted)
        // A draft in another currency, then discarded.
        let foreign = try await api.call(
            .post, "/api/v1/invoices", token: t.manager,
            json: """
                {"account_id": "\(tala)", "currency": "USD", "exchange_rate": "58.25",
                 "exchange_rate_date": "2026-11-30", "discount": "10.00", "discount_tax_category": "vatable",
                 "charge": 5, "charge_tax_category": "vatable", "charge_reason": "Courier",
                 "lines": [{"description": "Consulting", "quantity": "1", "unit_price": "500.00"}]}
                """, expect: .created)
        try await api.call(
            .delete, "/api/v1/invoices/\(try foreign.id())", token: t.manager, headers: [.ifMatch: #""1""#],
            expect: .noContent)
    }

    static func importsSearchAndMail(
        _ api: DocumentedClient, _ world: TestWorld, _ t: Tokens, _ crm: CRM
    ) async throws {
        let csv = "Company Name,Phone\r\nAPI Corp,0917 555 9999\r\nMabuhay Trading,0917 123 4567\r\n,\r\n"
        try await api.send(
            .post, "/api/v1/imports?entity=accounts&dry_run=true", token: t.manager, type: "text/csv", text: csv,
            expect: .ok)
        let job = try await api.send(
            .post, "/api/v1/imports?entity=accounts", token: t.manager, type: "text/csv", text: csv, expect: .created)
        try await api.call(.get, "/api/v1/imports/\(try job.id())", token: t.manager, expect: .ok)
        let card =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Juan Dela Cruz\r\nTEL;TYPE=CELL:0917 456 7890\r\nEMAIL:juan@mabuhay.ph\r\n"
            + "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"
        try await api.send(
            .post, "/api/v1/contacts/import-vcard?account_id=\(crm.account)", token: t.manager,
            type: "text/vcard", text: card, expect: .created)
        try await api.call(.get, "/api/v1/search?q=Mabuhay", token: t.manager, expect: .ok)
        try await api.send(
            .post, "/api/v1/inbound/email", token: t.inbound, type: "message/rfc822", text: InboundAPITests.email,
            expect: .created)
        try await api.send(
            .post, "/api/v1/inbound/email", token: t.inbound, type: "message/rfc822", text: InboundAPITests.email,
            expect: .ok)
    }

    /// Problem documents: 400, 401, 403, 404, 409, 412 and 422 (with its field errors).
    static func errors(_ api: DocumentedClient, _ world: TestWorld, _ t: Tokens, _ crm: CRM) async throws {
        let nobody = UUID().uuidString.lowercased()
        try await api.call(.get, "/api/v1/accounts/\(nobody)", token: t.manager, expect: .notFound)
        try await api.call(.get, "/api/v1/accounts", token: nil, expect: .unauthorized)
        try await api.call(
            .post, "/api/v1/accounts", token: t.manager, json: #"{"name": " ", "email": "nope"}"#,
            expect: .unprocessableContent)
        try await api.call(.get, "/api/v1/deals?status=bogus", token: t.manager, expect: .unprocessableContent)
        try await api.call(
            .patch, "/api/v1/accounts/\(crm.account)", token: t.manager, json: #"{"notes": "Late", "version": 1}"#,
            expect: .preconditionFailed)
        try await api.call(
            .patch, "/api/v1/accounts/\(crm.account)", token: t.manager, json: #"{"notes": "No version"}"#,
            expect: .badRequest)
        try await api.call(.put, "/api/v1/settings/smtp", token: t.manager, json: #"{"host": "x"}"#, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/calls/inbound", token: t.manager, json: #"{"from": "0917 111 0001"}"#, expect: .forbidden)
        try await api.call(
            .post, "/api/v1/leads/\(crm.convertedLead)/status", token: t.manager, json: #"{"status": "new"}"#,
            expect: .conflict)
    }
}

// MARK: Request bodies

extension OpenAPIWireTests {
    /// The members each JSON request body may carry, as its controller enforces them (`allowedKeys` and friends).
    static let acceptedKeys: [String: Set<String>] = [
        "POST /api/v1/collection-calls": CollectionCallCreateRequest.allowedKeys,
        "POST /api/v1/collection-calls/{id}/outcome": CallOutcomeRequest.allowedKeys,
        "POST /api/v1/promises": PromiseRequest.allowedKeys,
        "POST /api/v1/invoices/{id}/disputes": DisputeCreateRequest.allowedKeys,
        "POST /api/v1/invoice-disputes/{id}/resolution": DisputeResolutionRequest.allowedKeys,
        "PUT /api/v1/plans/{month}": PlanRequest.allowedKeys,
        "PUT /api/v1/settings/credit-basis": CreditBasisRequest.allowedKeys,
        "POST /api/v1/quota-types": QuotaTypeRequest.allowedKeys,
        "PUT /api/v1/deals/{id}/credit-split": CreditSplitRequest.allowedKeys,
        "PUT /api/v1/commission/plans/{id}": CommissionPlanRequest.allowedKeys,
        "POST /api/v1/commission/runs": CommissionRunRequest.allowedKeys,
        "POST /api/v1/accounts/{id}/statement/email": StatementEmailRequest.allowedKeys,
        "POST /api/v1/bank-statement-lines/{id}/unmatch": UnmatchLineRequest.allowedKeys,
        "POST /api/v1/withholding-certificates": CertificateRequest.allowedKeys,
        "POST /api/v1/accounts": AccountInput.allowedKeys,
        "PATCH /api/v1/accounts/{id}": AccountInput.allowedKeys,
        "POST /api/v1/accounts/{id}/merge": MergeRequest.allowedKeys,
        "POST /api/v1/contacts": ContactInput.allowedKeys,
        "PATCH /api/v1/contacts/{id}": ContactInput.allowedKeys,
        "POST /api/v1/contacts/{id}/merge": MergeRequest.allowedKeys,
        "POST /api/v1/leads": LeadInput.allowedKeys,
        "PATCH /api/v1/leads/{id}": LeadInput.allowedKeys,
        "POST /api/v1/leads/{id}/status": LeadStatusRequest.allowedKeys,
        "POST /api/v1/leads/{id}/convert": LeadConvertRequest.allowedKeys,
        "POST /api/v1/activities": ActivityRequest.allowedKeys,
        "POST /api/v1/calls/inbound": InboundCallRequest.allowedKeys,
        "PATCH /api/v1/company": CompanyRequest.allowedKeys,
        "POST /api/v1/tasks": TaskRequest.allowedKeys,
        "POST /api/v1/meetings": MeetingInput.allowedKeys,
        "PATCH /api/v1/meetings/{id}": MeetingInput.allowedKeys,
        "POST /api/v1/routing-rules": RoutingRuleRequest.allowedKeys,
        "POST /api/v1/pipelines": PipelineRequest.createKeys,
        "PATCH /api/v1/pipelines/{id}": PipelineRequest.allowedKeys,
        "POST /api/v1/pipelines/{id}/stages": StageInput.allowedKeys,
        "PATCH /api/v1/pipelines/{id}/stages/{stage_id}": StageInput.updateKeys,
        "POST /api/v1/pipelines/{id}/stages/order": StageOrderRequest.allowedKeys,
        "POST /api/v1/deals": DealInput.allowedKeys,
        "PATCH /api/v1/deals/{id}": DealInput.allowedKeys,
        "POST /api/v1/deals/{id}/stage": StageMoveRequest.allowedKeys,
        "POST /api/v1/products": ProductInput.allowedKeys,
        "PATCH /api/v1/products/{id}": ProductInput.allowedKeys,
        "POST /api/v1/quotes": QuoteCreateRequest.allowedKeys,
        "PATCH /api/v1/quotes/{id}": QuotePatchRequest.keys,
        "POST /api/v1/quotes/{id}/send": QuoteActionRequest.sendKeys,
        "POST /api/v1/quotes/{id}/accept": QuoteActionRequest.acceptKeys,
        "POST /api/v1/quotes/{id}/decline": QuoteActionRequest.declineKeys,
        "POST /api/v1/contracts": ContractInput.allowedKeys,
        "PATCH /api/v1/contracts/{id}": ContractInput.allowedKeys,
        "POST /api/v1/contracts/{id}/send": DocumentSendRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/sign": ContractActionRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/activate": ContractActionRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/terminate": ContractActionRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/amendments": AmendmentRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/amendments/{amendment}/send": ContractActionRequest.allowedKeys,
        "POST /api/v1/contracts/{id}/amendments/{amendment}/sign": ContractActionRequest.allowedKeys,
        "POST /api/v1/contract-templates": ContractTemplateRequest.allowedKeys,
        "PATCH /api/v1/contract-templates/{id}": ContractTemplateRequest.allowedKeys,
        "PATCH /api/v1/contract-settings": ContractSettingsWire.allowedKeys,
        "POST /api/v1/invoices": InvoiceRequest.createKeys,
        "PATCH /api/v1/invoices/{id}": InvoiceRequest.patchKeys,
        "POST /api/v1/invoices/{id}/issue": VersionOnly.allowedKeys,
        "POST /api/v1/invoices/{id}/credit-notes": CreditNoteBody.allowedKeys,
        "POST /api/v1/invoices/{id}/send": SendBody.allowedKeys,
        "PUT /api/v1/settings/invoicing": InvoiceSettingsWire.Input.keys,
        "PUT /api/v1/settings/duties": DutySettingsWire.Input.keys,
        "PUT /api/v1/settings/number-series/{type}": NumberFormatBody.allowedKeys,
        "PUT /api/v1/settings/smtp": SMTPSettingsRequest.allowedKeys,
        "POST /api/v1/bank-accounts": BankAccountRequest.allowedKeys,
        "POST /api/v1/bank-csv-profiles": BankCSVProfilesAPIController.profileKeys,
        "PATCH /api/v1/bank-csv-profiles/{id}": BankCSVProfilesAPIController.profileKeys.union(["version"]),
        "POST /api/v1/payments": PaymentRequest.allowedKeys,
        "POST /api/v1/payments/{id}/allocations": AllocationsRequest.allowedKeys,
        "PUT /api/v1/accounts/{id}/withholding": WithholdingProfileRequest.allowedKeys,
        "PUT /api/v1/dunning/policy": DunningPolicyRequest.allowedKeys,
        "POST /api/v1/dunning/runs": DunningRunRequest.allowedKeys,
        "POST /api/v1/accounts/{id}/credit-hold": CreditHoldPlaceRequest.allowedKeys,
        "POST /api/v1/accounts/{id}/credit-hold/release": CreditHoldReleaseRequest.allowedKeys,
        "POST /api/v1/discount-approvals/{id}/approve": DiscountDecisionRequest.allowedKeys,
        "POST /api/v1/discount-approvals/{id}/reject": DiscountDecisionRequest.allowedKeys,
        "POST /api/v1/accounts/{id}/credit-hold/overrides": CreditHoldOverrideRequest.allowedKeys,
        "POST /api/v1/bank-statement-lines/{id}/confirm": ConfirmLineRequest.allowedKeys,
        // `OutboxAPIController.sendTest` passes this list inline.
        "POST /api/v1/settings/smtp/test": ["to"],
    ]

    /// Objects inside request bodies: the schema and the members their decoder reads. Lines and adjustments
    /// refuse other members; the others are read by synthesized decoders (their stored properties).
    static func nestedKeys() throws -> [String: Set<String>] {
        func members<T: Decodable>(_ type: T.Type, _ json: String) throws -> Set<String> {
            let value = try JSONBody.decoder.decode(T.self, from: Data(json.utf8))
            return Set(Mirror(reflecting: value).children.compactMap(\.label).map(snakeCase))
        }
        return [
            "#/components/schemas/DocumentLineInput": Set(LineRequest.allowedKeys.map(snakeCase)),
            "#/components/schemas/InvoiceAdjustmentInput": Set(AdjustmentRequest.allowedKeys.map(snakeCase)),
            "#/components/schemas/BillingSchedule": try members(BillingScheduleWire.self, "{}"),
            "#/components/schemas/BillingSchedule/properties/milestones/items":
                try members(BillingScheduleWire.MilestoneWire.self, "{}"),
            "#/components/schemas/CreditNoteCreate/properties/lines/items":
                try members(CreditNoteBody.Pick.self, #"{"line": 0, "quantity": "1"}"#),
            "#/components/schemas/PhoneInput": ["number"],
            "#/components/schemas/AllocationInput": try members(
                AllocationRequestBody.self, #"{"withholdings": []}"#),
            "#/components/schemas/WithholdingInput": try members(WithholdingRequest.self, "{}"),
        ]
    }

    /// `productId` → `product_id`, as `JSONDecoder.KeyDecodingStrategy.convertFromSnakeCase` reads it back.
    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    /// Every member a schema can have, through `$ref`, `allOf`, `oneOf` and `anyOf`.
    static func members(_ schema: JSONValue, _ document: OpenAPIDocument) -> Set<String> {
        if let ref = schema["$ref"]?.stringValue, let target = document.resolve(ref) {
            return members(target, document)
        }
        var names = Set((schema["properties"]?.objectValue ?? [:]).keys)
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for branch in schema[combinator]?.arrayValue ?? [] { names.formUnion(members(branch, document)) }
        }
        return names
    }

    /// Each request schema lists exactly the members its controller accepts (an unknown member is a 400), and
    /// every documented JSON request body is in the list above.
    @Test func everyRequestSchemaListsExactlyTheMembersTheControllerAccepts() throws {
        let document = try OpenAPIDocument.bundled()
        var differences: [String] = []
        var documented: Set<String> = []
        for template in document.pathTemplates {
            for method in ["POST", "PUT", "PATCH"] {
                guard
                    let (_, schema) = document.requestSchema(method, template: template, mediaType: "application/json")
                else { continue }
                let operation = "\(method) \(template)"
                documented.insert(operation)
                guard let accepted = Self.acceptedKeys[operation] else { continue }
                let declared = Self.members(schema, document)
                for name in accepted.subtracting(declared).sorted() {
                    differences.append("\(operation): the API accepts '\(name)', the document does not list it")
                }
                for name in declared.subtracting(accepted).sorted() {
                    differences.append("\(operation): the document lists '\(name)', the API refuses it")
                }
                if let merge = document.requestSchema(
                    method, template: template, mediaType: "application/merge-patch+json")
                {
                    #expect(Self.members(merge.schema, document) == declared, "\(operation) merge-patch")
                }
            }
        }
        for (pointer, accepted) in try Self.nestedKeys() {
            let schema = try #require(document.resolve(pointer), "\(pointer) is missing")
            let declared = Self.members(schema, document)
            if declared != accepted {
                differences.append(
                    "\(pointer): the document lists \(declared.sorted()), the API reads \(accepted.sorted())")
            }
        }
        #expect(differences == [], "\(differences.joined(separator: "\n"))")
        #expect(documented == Set(Self.acceptedKeys.keys), "JSON request bodies not in acceptedKeys")
    }

    /// The routes themselves: a body with every documented member passes the member check (whatever the values
    /// then cause), and an unknown member is a 400 `malformed_json` naming it.
    @Test(arguments: TestEngine.available)
    func theAPITakesEveryDocumentedMemberAndRefusesAnUnknownOne(engine: TestEngine) async throws {
        let document = try OpenAPIDocument.bundled()
        let refused = try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let inbound = try await world.inboundToken()
            var refused: [String] = []
            for operation in Self.acceptedKeys.keys.sorted() {
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let (method, template) = (parts[0], parts[1])
                let uri = template.split(separator: "/").map { part -> String in
                    guard part.hasPrefix("{") else { return String(part) }
                    return part == "{type}" ? "invoice" : UUID().uuidString.lowercased()
                }.joined(separator: "/")
                let (_, schema) = try #require(
                    document.requestSchema(method, template: template, mediaType: "application/json"))
                var sample: [String: JSONValue] = [:]
                for name in Self.members(schema, document) {
                    sample[name] = Self.sample(Self.property(name, of: schema, document) ?? .object([:]), document)
                }
                for (body, unknown) in [
                    (JSONValue.object(sample), false), (.object(["zz_unknown": .integer(1)]), true),
                ] {
                    let response = try await client.api(
                        HTTPRequest.Method(method)!, "/" + uri,
                        token: template == "/api/v1/calls/inbound" ? inbound : admin, json: body.jsonText)
                    let isUnknown =
                        response.status == .badRequest
                        && response.text.contains(unknown ? "unknown field 'zz_unknown'" : "unknown field")
                    if isUnknown != unknown {
                        refused.append(
                            "\(operation) \(body.jsonText.prefix(300)): \(response.status.code) \(response.text.prefix(300))"
                        )
                    }
                }
            }
            return refused
        }
        #expect(refused == [], "\(refused.joined(separator: "\n"))")
    }

    /// The schema of one member, through `$ref` and the combinators.
    static func property(_ name: String, of schema: JSONValue, _ document: OpenAPIDocument) -> JSONValue? {
        if let ref = schema["$ref"]?.stringValue, let target = document.resolve(ref) {
            return property(name, of: target, document)
        }
        if let found = schema["properties"]?[name] { return found }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for branch in schema[combinator]?.arrayValue ?? [] {
                if let found = property(name, of: branch, document) { return found }
            }
        }
        return nil
    }

    /// A value of the schema's first type: enough to get past the member check.
    static func sample(_ schema: JSONValue, _ document: OpenAPIDocument) -> JSONValue {
        if let ref = schema["$ref"]?.stringValue, let target = document.resolve(ref) { return sample(target, document) }
        if let first = (schema["oneOf"] ?? schema["anyOf"])?.arrayValue?.first { return sample(first, document) }
        if let first = schema["enum"]?.arrayValue?.first(where: { $0 != .null && $0 != .string("") }) { return first }
        let types =
            schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? [schema["type"]?.stringValue].compactMap { $0 }
        switch types.first(where: { $0 != "null" }) {
        case "string":
            switch schema["format"]?.stringValue {
            case "uuid": return .string(UUID().uuidString.lowercased())
            case "date": return .string("2027-01-01")
            case "date-time": return .string("2027-01-01T00:00:00Z")
            case "email": return .string("someone@example.ph")
            default: return .string("1")
            }
        case "integer", "number": return .integer(1)
        case "boolean": return .bool(false)
        case "array": return .array([])
        case "null": return .null
        default: return .object([:])
        }
    }
}

extension JSONValue {
    /// The value as JSON text.
    var jsonText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value):
            String(decoding: (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
        case .array(let items): "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members):
            "{"
                + members.sorted { $0.key < $1.key }.map { JSONValue.string($0.key).jsonText + ":" + $0.value.jsonText }
                .joined(separator: ",") + "}"
        }
    }
}
