import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Issue 15: "optimistic concurrency on every updatable resource, pipelines and stages included: a stale version →
/// 412, nothing overwritten". Every PATCH and PUT of the OpenAPI document is walked: the resource is made, updated
/// once with its current version (2xx), then sent the old version again, as `If-Match` and as the body's `version`:
/// 412 problem+json and not one row of the database changed. Sent with no version at all it is 400
/// `version_required`, and a malformed `If-Match` answers problem+json (a documented status of the operation: 400 or
/// 422); neither changes anything.
@Suite(.timeLimit(.minutes(20))) struct OptimisticConcurrencyWalkTests {
    /// How one update route is driven: who sends it, a body (without `version`), and where its version is read.
    struct Update: Sendable {
        var path: String
        var token: String
        /// A JSON object without `version`; `n` makes each call's content different.
        var body: @Sendable (Int) -> String
        /// The GET that answers the resource with its `version`.
        var read: String
        /// Where in that answer the version is, when not its `version` (a list) nor its `ETag`.
        var versionIn: (@Sendable ([String: Any]) -> Int?)? = nil
    }

    /// Updates that do not take a version, each with why: the walk fails when one of them starts answering 412
    /// (take it off the list and give it an `Update`) and when a route is in neither list. Empty since migration
    /// 38: contract settings, number-series formats, plans, commission plans and credit splits take a version too.
    static let withoutVersion: [String: String] = [:]

    @Test(arguments: TestEngine.available)
    func aStaleVersionIsRefusedOnEveryUpdatableResource(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let updates = try await Self.updates(world, client)
            let document = try OpenAPIDocument.bundled()
            let routes = Set(
                (document.root["paths"]?.objectValue ?? [:]).flatMap { template, item in
                    (item.objectValue ?? [:]).keys.filter { $0 == "patch" || $0 == "put" }.map {
                        "\($0.uppercased()) \(template)"
                    }
                })
            #expect(routes.count >= 24)
            #expect(updates.count >= 24)
            #expect(
                routes == Set(updates.keys).union(Self.withoutVersion.keys),
                "routes without an entry: \(routes.subtracting(updates.keys).subtracting(Self.withoutVersion.keys))")
            var findings: [String] = []
            for (route, update) in updates.sorted(by: { $0.key < $1.key }) {
                let method: HTTPRequest.Method = route.hasPrefix("PUT") ? .put : .patch
                let version = try await Self.version(of: update, client)
                let fresh = try await client.api(
                    method, update.path, token: update.token, json: update.body(1),
                    headers: [.ifMatch: "\"\(version)\""])
                guard (200..<300).contains(fresh.status.code) else {
                    findings.append("\(route): a fresh version answered \(fresh.status.code) \(fresh.text.prefix(300))")
                    continue
                }
                let after = try await Self.version(of: update, client)
                if after <= version { findings.append("\(route): the version stayed \(after) after an update") }
                let before = try await DatabaseFingerprint.read(world.services.database)
                let staleHeader = try await client.api(
                    method, update.path, token: update.token, json: update.body(2),
                    headers: [.ifMatch: "\"\(version)\""])
                let staleBody = try await client.api(
                    method, update.path, token: update.token, json: Self.withVersion(update.body(3), version))
                for (how, answer) in [("If-Match", staleHeader), ("body version", staleBody)] {
                    if answer.status != .preconditionFailed
                        || answer.headers[.contentType]?.hasPrefix("application/problem+json") != true
                    {
                        findings.append(
                            "\(route): a stale \(how) answered \(answer.status.code) \(answer.text.prefix(200))")
                    }
                }
                // No version at all (neither the body's nor `If-Match`): 400 `version_required`, duties and SMTP too.
                let missing = try await client.api(method, update.path, token: update.token, json: update.body(5))
                if missing.status != .badRequest || (try? missing.json()["code"] as? String) != "version_required" {
                    findings.append("\(route): no version answered \(missing.status.code) \(missing.text.prefix(200))")
                }
                for header in ["\"abc\"", "W/", "1, 2", "*", "\"99999999999999999999999\""] {
                    let malformed = try await client.api(
                        method, update.path, token: update.token, json: update.body(4), headers: [.ifMatch: header])
                    if ![.badRequest, .unprocessableContent].contains(malformed.status)
                        || malformed.headers[.contentType]?.hasPrefix("application/problem+json") != true
                    {
                        findings.append("\(route): If-Match \(header) answered \(malformed.status.code)")
                    }
                }
                let changed = try await DatabaseFingerprint.read(world.services.database).changes(since: before)
                if !changed.isEmpty { findings.append("\(route): refused updates changed \(changed)") }
                if try await Self.version(of: update, client) != after {
                    findings.append("\(route): a refused update moved the version")
                }
            }
            #expect(findings == [], "\(findings.joined(separator: "\n"))")
        }
    }

    /// A malformed `If-Match` on the updates that take no version yet is still a 400 or the route's own answer to
    /// its body, never a 500.
    @Test(arguments: TestEngine.available)
    func aMalformedIfMatchIsNeverAServerError(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let paths = [
                ("PATCH", "/api/v1/contract-settings"), ("PUT", "/api/v1/settings/number-series/invoice"),
                ("PUT", "/api/v1/plans/2027-01"), ("PUT", "/api/v1/commission/plans/default"),
                ("PUT", "/api/v1/deals/\(UUID())/credit-split"), ("PATCH", "/api/v1/accounts/\(UUID())"),
            ]
            for (method, path) in paths {
                for header in ["\"abc\"", "*", "W/\"x\""] {
                    let answer = try await client.api(
                        method == "PUT" ? .put : .patch, path, token: admin, json: "{}", headers: [.ifMatch: header])
                    #expect((400..<500).contains(answer.status.code), "\(method) \(path) If-Match \(header)")
                    #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
            }
        }
    }

    /// The body with `"version": n` added.
    static func withVersion(_ body: String, _ version: Int64) -> String {
        "{\"version\": \(version), " + body.drop { $0 != "{" }.dropFirst()
    }

    /// The resource's version: its JSON's `version`, else its ETag.
    static func version(of update: Update, _ client: some TestClientProtocol) async throws -> Int64 {
        let answer = try await client.api(.get, update.read, token: update.token)
        guard answer.status == .ok else { throw TestSetupError("GET \(update.read): \(answer.status)") }
        if let pick = update.versionIn {
            guard let version = pick(try answer.json()) else { throw TestSetupError("no version in \(update.read)") }
            return Int64(version)
        }
        if let version = try answer.json()["version"] as? Int { return Int64(version) }
        if let tag = answer.headers[.eTag], let version = Int64(tag.trimmingCharacters(in: .init(charactersIn: "\""))) {
            return version
        }
        throw TestSetupError("GET \(update.read) names no version")
    }

    /// Makes one of each updatable resource and says how to update it.
    static func updates(_ world: TestWorld, _ client: some TestClientProtocol) async throws -> [String: Update] {
        let manager = try await world.token(world.manager1)
        let head = try await world.token(world.head)
        let admin = try await world.token(world.admin)
        func made(
            _ path: String, _ token: String, _ json: String, method: HTTPRequest.Method = .post,
            status: HTTPResponse.Status = .created
        ) async throws -> [String: Any] {
            let answer = try await client.api(method, path, token: token, json: json)
            guard answer.status == status else {
                throw TestSetupError("POST \(path): \(answer.status) \(answer.text.prefix(300))")
            }
            return try answer.json()
        }
        func id(_ object: [String: Any]) throws -> String {
            guard let id = object["id"] as? String else { throw TestSetupError("no id in \(object)") }
            return id
        }
        let account = world.manager1Accounts[0].id.description
        let contact = world.manager1Contact.id.description
        let lead = try id(await made("/api/v1/leads", manager, #"{"person_name": "Ana Reyes", "source": "referral"}"#))
        let meeting = try id(
            await made(
                "/api/v1/meetings", manager,
                #"{"title": "Demo", "starts_at": "2027-01-04T02:00:00Z", "duration_minutes": 30, "account_id": "\#(account)"}"#
            ))
        let product = try id(
            await made(
                "/api/v1/products", head,
                #"{"code": "W-1", "name": "Widget", "unit": "pc", "unit_price": "100.00", "tax_category": "vatable"}"#))
        let pipeline = try id(await made("/api/v1/pipelines", head, #"{"name": "Projects", "is_default": false}"#))
        let withStage = try await made(
            "/api/v1/pipelines/\(pipeline)/stages", head,
            #"{"name": "Site visit", "probability": 20, "forecast_category": "pipeline", "version": 1}"#)
        let stages = withStage["stages"] as? [[String: Any]] ?? []
        let stage = try id(try #require(stages.first { $0["name"] as? String == "Site visit" }))
        let deal = try id(
            await made(
                "/api/v1/deals", manager,
                #"{"title": "Displays", "account_id": "\#(account)", "currency": "PHP", "amount": "5000.00", "expected_close": "2027-01-20"}"#
            ))
        let quote = try id(await made("/api/v1/quotes", manager, #"{"deal_id": "\#(deal)"}"#))
        let template = try id(
            await made(
                "/api/v1/contract-templates", admin,
                #"{"name": "Lease", "language": "en", "body": "Lease for {{buyer_name}}."}"#))
        let contract = try id(
            await made(
                "/api/v1/contracts", manager,
                """
                {"title": "Support", "account_id": "\(account)", "signatory_contact_id": "\(contact)",
                 "start_date": "2027-01-01", "end_date": "2027-12-31", "value": "120000.00", "currency": "PHP",
                 "payment_terms": "net_30", "language": "en",
                 "billing_schedule": {"kind": "one_off", "date": "2027-01-15", "amount": "120000.00"}}
                """))
        let invoice = try id(
            await made(
                "/api/v1/invoices", manager,
                """
                {"account_id": "\(account)", "lines": [{"description": "Consulting", "quantity": "1",
                 "unit_price": "1000.00", "tax_category": "vatable"}]}
                """))
        _ = try await client.api(
            .put, "/api/v1/settings/smtp", token: admin,
            json: #"{"host": "127.0.0.1", "port": 2525, "security": "none", "from_address": "billing@bituin.ph"}"#)
        let accountant = try await world.token(world.accountant)
        let bankProfile = try id(
            await made(
                "/api/v1/bank-csv-profiles", accountant,
                """
                {"name": "Our BPI", "date_column": "Date", "description_column": "Description",
                 "amount": {"kind": "signed_amount", "column": "Amount"}, "date_formats": ["MM/dd/yyyy"], "currency": "PHP"}
                """))
        func same(_ path: String, _ token: String, _ body: @escaping @Sendable (Int) -> String) -> Update {
            Update(path: path, token: token, body: body, read: path)
        }
        let (m1, m2) = (world.manager1.id.description, world.manager2.id.description)
        // A month's plan to save again: its versions are append-only, the check is on the write.
        let plan: @Sendable (Int) -> String = { n in
            """
            {"cost_lines": [{"kind": "rent", "label": "Office rent", "amount": "50000\(n)", "is_recurring_monthly": true}],
             "target_profit": "300000", "gross_margin": 30, "split_method": "weights", "weight_scale": "percent",
             "weights": [{"manager_id": "\(m1)", "weight": 60}, {"manager_id": "\(m2)", "weight": 40}],
             "reason": "Revision \(n)"}
            """
        }
        _ = try await made("/api/v1/plans/2027-01", head, plan(0), method: .put, status: .ok)
        return [
            "PATCH /api/v1/contract-settings": same("/api/v1/contract-settings", admin) {
                #"{"renewal_notice_days": \#(40 + $0)}"#
            },
            "PUT /api/v1/settings/number-series/{type}": Update(
                path: "/api/v1/settings/number-series/invoice", token: admin,
                body: { #"{"format": "INV\#($0)-{YYYY}-{SEQ:6}"}"# }, read: "/api/v1/settings/number-series",
                versionIn: { listing in
                    (listing["data"] as? [[String: Any]])?.first { $0["type"] as? String == "invoice" }?["version"]
                        as? Int
                }),
            "PUT /api/v1/plans/{month}": same("/api/v1/plans/2027-01", head, plan),
            "PUT /api/v1/commission/plans/{id}": same("/api/v1/commission/plans/default", admin) {
                #"{"structure": "flat", "rate_percent": "\#($0)", "effective_from": "2027-01", "reason": "r\#($0)"}"#
            },
            "PUT /api/v1/deals/{id}/credit-split": same("/api/v1/deals/\(deal)/credit-split", head) {
                #"{"shares": [{"manager_id": "\#(m1)", "percent": \#(50 + $0)}, {"manager_id": "\#(m2)", "percent": \#(50 - $0)}]}"#
            },
            "PATCH /api/v1/accounts/{id}": same("/api/v1/accounts/\(account)", manager) { #"{"notes": "n\#($0)"}"# },
            "PUT /api/v1/accounts/{id}/withholding": same("/api/v1/accounts/\(account)/withholding", admin) {
                $0 % 2 == 0 ? #"{"preset": "services"}"# : #"{"preset": "goods"}"#
            },
            "PATCH /api/v1/company": same("/api/v1/company", admin) { #"{"name": "Bituin \#($0)"}"# },
            "PATCH /api/v1/contacts/{id}": same("/api/v1/contacts/\(contact)", manager) { #"{"notes": "n\#($0)"}"# },
            "PATCH /api/v1/contract-templates/{id}": same("/api/v1/contract-templates/\(template)", admin) {
                #"{"name": "Lease \#($0)"}"#
            },
            "PATCH /api/v1/contracts/{id}": same("/api/v1/contracts/\(contract)", manager) {
                #"{"title": "Support \#($0)"}"#
            },
            "PATCH /api/v1/deals/{id}": same("/api/v1/deals/\(deal)", manager) { #"{"notes": "n\#($0)"}"# },
            "PUT /api/v1/dunning/policy": same("/api/v1/dunning/policy", head) {
                """
                {"steps": [{"level": 0, "days_from_due": \($0), "action": "reminder", "channel": "email",
                 "grace_days": 5}]}
                """
            },
            "PATCH /api/v1/invoices/{id}": same("/api/v1/invoices/\(invoice)", manager) { #"{"notes": "n\#($0)"}"# },
            "PATCH /api/v1/leads/{id}": same("/api/v1/leads/\(lead)", manager) { #"{"interest": "i\#($0)"}"# },
            "PATCH /api/v1/bank-csv-profiles/{id}": same("/api/v1/bank-csv-profiles/\(bankProfile)", accountant) {
                #"{"name": "Our BPI \#($0)"}"#
            },
            "PATCH /api/v1/meetings/{id}": same("/api/v1/meetings/\(meeting)", manager) { #"{"outcome": "o\#($0)"}"# },
            "PATCH /api/v1/pipelines/{id}": same("/api/v1/pipelines/\(pipeline)", head) { #"{"name": "P\#($0)"}"# },
            "PATCH /api/v1/pipelines/{id}/stages/{stage_id}": Update(
                path: "/api/v1/pipelines/\(pipeline)/stages/\(stage)", token: head,
                body: { #"{"probability": \#(30 + $0)}"# }, read: "/api/v1/pipelines/\(pipeline)"),
            "PATCH /api/v1/products/{id}": same("/api/v1/products/\(product)", head) {
                #"{"unit_price": "10\#($0).00"}"#
            },
            "PATCH /api/v1/quotes/{id}": same("/api/v1/quotes/\(quote)", manager) { #"{"notes": "n\#($0)"}"# },
            "PUT /api/v1/settings/credit-basis": same("/api/v1/settings/credit-basis", admin) {
                $0 % 2 == 0 ? #"{"credit_basis": "invoiced"}"# : #"{"credit_basis": "collected"}"#
            },
            "PUT /api/v1/settings/duties": same("/api/v1/settings/duties", admin) {
                #"{"discount_limit_percent": "\#($0)"}"#
            },
            "PUT /api/v1/settings/invoicing": same("/api/v1/settings/invoicing", admin) {
                #"{"acknowledgement_number": "AC-123-456789-202\#($0)"}"#
            },
            "PUT /api/v1/settings/smtp": same("/api/v1/settings/smtp", admin) {
                #"{"host": "127.0.0.1", "port": \#(2525 + $0), "security": "none", "from_address": "billing@bituin.ph"}"#
            },
        ]
    }
}
