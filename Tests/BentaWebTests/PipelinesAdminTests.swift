import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(20))) struct PipelinesAdminTests {
    /// A change to a pipeline as a client that read it sends it: with the pipeline's current version as `If-Match`.
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
        json: String? = nil
    ) async throws -> TestResponse {
        let pipeline = "/" + uri.split(separator: "/").prefix(4).joined(separator: "/")
        var headers = HTTPFields()
        if let tag = try await client.api(.get, pipeline, token: token).headers[.eTag] { headers[.ifMatch] = tag }
        return try await client.api(method, uri, token: token, json: json, headers: headers)
    }

    /// The company's pipelines as the API lists them, for "nothing changed" comparisons.
    static func snapshot(_ client: any TestClientProtocol, token: String) async throws -> String {
        let response = try await client.api(.get, "/api/v1/pipelines", token: token)
        #expect(response.status == .ok)
        return response.text
    }

    static func stages(_ pipeline: [String: Any]) -> [[String: Any]] {
        pipeline["stages"] as? [[String: Any]] ?? []
    }

    static func stageID(_ pipeline: [String: Any], named name: String) throws -> String {
        try #require(stages(pipeline).first { $0["name"] as? String == name }?["id"] as? String)
    }

    static func names(_ pipeline: [String: Any]) -> [String] {
        stages(pipeline).compactMap { $0["name"] as? String }
    }

    static func defaultPipeline(_ client: any TestClientProtocol, token: String) async throws -> [String: Any] {
        let list = try await client.api(.get, "/api/v1/pipelines", token: token)
        return try #require((try list.json()["data"] as? [[String: Any]])?.first { $0["is_default"] as? Bool == true })
    }

    static func auditActions(_ world: TestWorld, pipelineID: String) async throws -> [String] {
        try await world.services.database.read { db in
            try await AuditStore(db).history(
                companyID: world.company.id, entityType: "pipeline", entityID: pipelineID)
        }.map(\.action).reversed()
    }

    @Test(arguments: TestEngine.available)
    func theHeadRenamesAddsEditsReordersAndDeletesStages(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let sales = try await Self.defaultPipeline(client, token: head)
            let id = try #require(sales["id"] as? String)
            let base = "/api/v1/pipelines/\(id)"

            let renamed = try await Self.send(
                client, .patch, base, token: head, json: #"{"name": "  Corporate sales "}"#)
            #expect(renamed.status == .ok)
            #expect(try renamed.json()["name"] as? String == "Corporate sales")
            #expect(try await client.api(.get, base, token: head).json()["name"] as? String == "Corporate sales")

            let added = try await Self.send(
                client,
                .post, "\(base)/stages", token: head,
                json: #"{"name": "Contract review", "probability": 90, "forecast_category": "commit"}"#)
            #expect(added.status == .created)
            var pipeline = try added.json()
            #expect(
                Self.names(pipeline) == [
                    "Qualification", "Needs analysis", "Proposal", "Negotiation", "Contract review", "Won", "Lost",
                ])
            #expect(Self.stages(pipeline).compactMap { $0["position"] as? Int } == Array(1...7))
            let review = try Self.stageID(pipeline, named: "Contract review")
            let lostToCompetitor = try await Self.send(
                client,
                .post, "\(base)/stages", token: head,
                json:
                    #"{"name": "Lost to competitor", "probability": "0", "forecast_category": "omitted", "outcome": "lost"}"#
            )
            #expect(lostToCompetitor.status == .created)
            pipeline = try lostToCompetitor.json()
            #expect(Self.names(pipeline).suffix(3) == ["Won", "Lost", "Lost to competitor"])
            #expect(Self.stages(pipeline).last?["outcome"] as? String == "lost")

            let edited = try await Self.send(
                client,
                .patch, "\(base)/stages/\(review)", token: head,
                json: #"{"name": "Legal review", "probability": "85", "forecast_category": "best_case"}"#)
            #expect(edited.status == .ok)
            let legal = try #require(Self.stages(try edited.json()).first { $0["id"] as? String == review })
            #expect(legal["name"] as? String == "Legal review" && legal["probability"] as? Int == 85)
            #expect(legal["forecast_category"] as? String == "best_case" && legal["outcome"] is NSNull)

            // Legal review before Negotiation; Lost after Lost to competitor.
            pipeline = try edited.json()
            let order = [
                "Qualification", "Needs analysis", "Proposal", "Legal review", "Negotiation", "Won",
                "Lost to competitor", "Lost",
            ]
            let ids = try order.map { try Self.stageID(pipeline, named: $0) }
            let reordered = try await Self.send(
                client,
                .post, "\(base)/stages/order", token: head,
                json: #"{"stage_ids": [\#(ids.map { "\"\($0)\"" }.joined(separator: ", "))]}"#)
            #expect(reordered.status == .ok)
            #expect(Self.names(try reordered.json()) == order)
            #expect(Self.stages(try reordered.json()).compactMap { $0["position"] as? Int } == Array(1...8))

            let deleted = try await Self.send(client, .delete, "\(base)/stages/\(review)", token: head)
            #expect(deleted.status == .noContent)
            pipeline = try await client.api(.get, base, token: head).json()
            #expect(!Self.names(pipeline).contains("Legal review"))
            #expect(Self.stages(pipeline).compactMap { $0["position"] as? Int } == Array(1...7))
            #expect(try await Self.send(client, .delete, "\(base)/stages/\(review)", token: head).status == .notFound)

            #expect(
                try await Self.auditActions(world, pipelineID: id) == [
                    "pipeline.renamed", "pipeline.stage_added", "pipeline.stage_added", "pipeline.stage_updated",
                    "pipeline.stages_reordered", "pipeline.stage_deleted",
                ])
            // Everyone reads the result; deals keep using it.
            let manager = try await world.token(world.manager1)
            let seen = try await Self.defaultPipeline(client, token: manager)
            #expect(seen["name"] as? String == "Corporate sales" && Self.names(seen).count == 7)
        }
    }

    /// Two admins read the pipeline; the first one's change raises its version, so the second one's edit, made
    /// from the older version, is a 412 naming the version now stored, and changes nothing.
    @Test(arguments: TestEngine.available)
    func aStaleEditOfAPipelineOrItsStagesIsRefusedAndNamesTheCurrentVersion(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let sales = try await Self.defaultPipeline(client, token: head)
            let id = try #require(sales["id"] as? String)
            let version = try #require(sales["version"] as? Int)
            let base = "/api/v1/pipelines/\(id)"
            let proposal = try Self.stageID(sales, named: "Proposal")

            let renamed = try await client.api(
                .patch, base, token: head, json: #"{"name": "Corporate", "version": \#(version)}"#)
            #expect(renamed.status == .ok)
            #expect(try renamed.json()["version"] as? Int == version + 1)
            #expect(renamed.headers[.eTag] == "\"\(version + 1)\"")

            let stale = try await client.api(
                .patch, "\(base)/stages/\(proposal)", token: head,
                json: #"{"probability": 55, "version": \#(version)}"#)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.json()["code"] as? String == "stale_version")
            #expect((try stale.json()["detail"] as? String)?.contains("it is now \(version + 1)") == true)
            var staleDelete = HTTPFields()
            staleDelete[.ifMatch] = "\"\(version)\""
            let deleted = try await client.api(
                .delete, "\(base)/stages/\(proposal)", token: head, headers: staleDelete)
            #expect(deleted.status == .preconditionFailed)
            let unversioned = try await client.api(
                .post, "\(base)/stages", token: head,
                json: #"{"name": "Review", "probability": 80, "forecast_category": "commit"}"#)
            #expect(unversioned.status == .badRequest)
            #expect(try unversioned.json()["code"] as? String == "version_required")

            let now = try await client.api(.get, base, token: head).json()
            #expect(now["version"] as? Int == version + 1 && Self.names(now) == Self.names(sales))
            let kept = try #require(Self.stages(now).first { $0["id"] as? String == proposal })
            #expect(kept["probability"] as? Int == 50)
            #expect(try await Self.auditActions(world, pipelineID: id) == ["pipeline.renamed"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aNewPipelineGetsTheStandardStagesAndOneDefaultAtATime(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await world.token(world.admin)
            let sales = try await Self.defaultPipeline(client, token: admin)
            let salesID = try #require(sales["id"] as? String)
            let created = try await client.api(.post, "/api/v1/pipelines", token: admin, json: #"{"name": "Renewals"}"#)
            #expect(created.status == .created)
            let renewals = try created.json()
            let renewalsID = try #require(renewals["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/pipelines/\(renewalsID)")
            #expect(renewals["is_default"] as? Bool == false && Self.names(renewals) == Self.names(sales))
            #expect(Self.stages(renewals).first?["id"] as? String != Self.stages(sales).first?["id"] as? String)

            let made = try await Self.send(
                client,
                .patch, "/api/v1/pipelines/\(renewalsID)", token: admin, json: #"{"is_default": true}"#)
            #expect(made.status == .ok)
            #expect(try made.json()["is_default"] as? Bool == true)
            let list = try await client.api(.get, "/api/v1/pipelines", token: admin)
            let pipelines = try #require(try list.json()["data"] as? [[String: Any]])
            #expect(pipelines.count == 2)
            #expect(
                pipelines.filter { $0["is_default"] as? Bool == true }.compactMap { $0["id"] as? String } == [
                    renewalsID
                ])

            // A new deal now starts in the new default pipeline.
            let manager = try await world.token(world.manager1)
            let deal = try await client.api(
                .post, "/api/v1/deals", token: manager,
                json:
                    #"{"title": "Renewal 2027", "account_id": "\#(world.manager1Accounts[0].id)", "amount": "50000.00", "expected_close": "2026-12-20"}"#
            )
            #expect(try deal.json()["pipeline_id"] as? String == renewalsID)

            let unset = try await Self.send(
                client,
                .patch, "/api/v1/pipelines/\(renewalsID)", token: admin, json: #"{"is_default": false}"#)
            #expect(unset.status == .conflict)
            #expect(try unset.json()["code"] as? String == "default_pipeline_required")
            let back = try await Self.send(
                client,
                .patch, "/api/v1/pipelines/\(salesID)", token: admin, json: #"{"is_default": true, "name": "Sales"}"#)
            #expect(back.status == .ok)
            let again = try await client.api(.get, "/api/v1/pipelines", token: admin)
            let defaults = (try again.json()["data"] as? [[String: Any]] ?? []).filter {
                $0["is_default"] as? Bool == true
            }
            #expect(defaults.compactMap { $0["id"] as? String } == [salesID])
            #expect(
                try await Self.auditActions(world, pipelineID: renewalsID) == [
                    "pipeline.created", "pipeline.default_set",
                ])
        }
    }

    @Test(arguments: TestEngine.available)
    func managersAndAccountantsReadButCannotChangePipelines(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let sales = try await Self.defaultPipeline(client, token: head)
            let id = try #require(sales["id"] as? String)
            let proposal = try Self.stageID(sales, named: "Proposal")
            let ids = Self.stages(sales).compactMap { $0["id"] as? String }
            let before = try await Self.snapshot(client, token: head)
            for user in [world.manager1, world.accountant] {
                let token = try await world.token(user)
                #expect(try await client.api(.get, "/api/v1/pipelines/\(id)", token: token).status == .ok)
                let attempts: [(HTTPRequest.Method, String, String?)] = [
                    (.post, "/api/v1/pipelines", #"{"name": "Mine"}"#),
                    (.patch, "/api/v1/pipelines/\(id)", #"{"name": "Mine"}"#),
                    (
                        .post, "/api/v1/pipelines/\(id)/stages",
                        #"{"name": "X", "probability": 5, "forecast_category": "pipeline"}"#
                    ),
                    (.patch, "/api/v1/pipelines/\(id)/stages/\(proposal)", #"{"probability": 99}"#),
                    (.delete, "/api/v1/pipelines/\(id)/stages/\(proposal)", nil),
                    (
                        .post, "/api/v1/pipelines/\(id)/stages/order",
                        #"{"stage_ids": [\#(ids.reversed().map { "\"\($0)\"" }.joined(separator: ", "))]}"#
                    ),
                ]
                for (method, uri, body) in attempts {
                    let response = try await client.api(method, uri, token: token, json: body)
                    #expect(response.status == .forbidden, "\(user.role) \(method) \(uri)")
                    #expect(try response.json()["code"] as? String == "forbidden")
                }
            }
            #expect(try await Self.snapshot(client, token: head) == before)
            #expect(try await Self.auditActions(world, pipelineID: id).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aStageInUseOrInHistoryCannotBeDeleted(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let manager = try await world.token(world.manager1)
            let sales = try await Self.defaultPipeline(client, token: head)
            let id = try #require(sales["id"] as? String)
            let qualification = try Self.stageID(sales, named: "Qualification")
            let proposal = try Self.stageID(sales, named: "Proposal")
            let created = try await client.api(
                .post, "/api/v1/deals", token: manager,
                json:
                    #"{"title": "20 laptops", "account_id": "\#(world.manager1Accounts[0].id)", "amount": "1200000.00", "expected_close": "2026-12-20"}"#
            )
            let deal = try #require(try created.json()["id"] as? String)
            let before = try await Self.snapshot(client, token: head)

            let inUse = try await Self.send(
                client, .delete, "/api/v1/pipelines/\(id)/stages/\(qualification)", token: head)
            #expect(inUse.status == .conflict)
            #expect(inUse.headers[.contentType] == "application/problem+json; charset=utf-8")
            #expect(try inUse.json()["code"] as? String == "stage_has_deals")
            #expect(try inUse.json()["detail"] as? String == "A deal is in this stage. Move it to another stage first.")

            let moved = try await client.api(
                .post, "/api/v1/deals/\(deal)/stage", token: manager, json: #"{"stage_id": "\#(proposal)"}"#)
            #expect(moved.status == .ok)
            let inHistory = try await Self.send(
                client,
                .delete, "/api/v1/pipelines/\(id)/stages/\(qualification)", token: head)
            #expect(inHistory.status == .conflict)
            #expect(try inHistory.json()["code"] as? String == "stage_has_history")

            // The only won stage stays, deals or not.
            let won = try Self.stageID(sales, named: "Won")
            let lastWon = try await Self.send(client, .delete, "/api/v1/pipelines/\(id)/stages/\(won)", token: head)
            #expect(lastWon.status == .conflict)
            #expect(try lastWon.json()["code"] as? String == "won_stage_required")

            #expect(try await Self.snapshot(client, token: head) == before)
            #expect(try await Self.auditActions(world, pipelineID: id).isEmpty)
            // An unused stage can go.
            let unused = try Self.stageID(sales, named: "Needs analysis")
            #expect(
                try await Self.send(client, .delete, "/api/v1/pipelines/\(id)/stages/\(unused)", token: head).status
                    == .noContent)
        }
    }

    @Test(arguments: TestEngine.available)
    func badInputIsRefusedAndChangesNothing(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await world.token(world.head)
            let sales = try await Self.defaultPipeline(client, token: head)
            let id = try #require(sales["id"] as? String)
            let proposal = try Self.stageID(sales, named: "Proposal")
            let ids = Self.stages(sales).compactMap { $0["id"] as? String }
            func order(_ list: [String]) -> String {
                #"{"stage_ids": [\#(list.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
            }
            let long = String(repeating: "x", count: 101)
            let missing = "01945c3a-8f21-7b4e-9d12-6a0c3e5f7b21"
            let base = "/api/v1/pipelines/\(id)"
            let cases: [(HTTPRequest.Method, String, String?, HTTPResponse.Status, String)] = [
                (.post, "/api/v1/pipelines", #"{"name": "  "}"#, .unprocessableContent, "name:required"),
                (.post, "/api/v1/pipelines", #"{}"#, .unprocessableContent, "name:required"),
                (.post, "/api/v1/pipelines", #"{"name": "\#(long)"}"#, .unprocessableContent, "name:too_long"),
                (.post, "/api/v1/pipelines", #"{"name": 5}"#, .badRequest, "malformed_json"),
                (.patch, base, #"{"name": ""}"#, .unprocessableContent, "name:required"),
                (.patch, base, #"{"colour": "red"}"#, .badRequest, "malformed_json"),
                (.patch, base, #"{"is_default": false}"#, .conflict, "default_pipeline_required"),
                (.patch, "/api/v1/pipelines/\(missing)", #"{"name": "X"}"#, .notFound, "pipeline_not_found"),
                (
                    .post, "\(base)/stages",
                    #"{"name": "proposal", "probability": 50, "forecast_category": "pipeline"}"#,
                    .unprocessableContent, "name:taken"
                ),
                (
                    .post, "\(base)/stages", #"{"name": "Demo", "probability": 101, "forecast_category": "pipeline"}"#,
                    .unprocessableContent, "probability:out_of_range"
                ),
                (
                    .post, "\(base)/stages", #"{"name": "Demo", "probability": 12.5, "forecast_category": "pipeline"}"#,
                    .unprocessableContent, "probability:out_of_range"
                ),
                (
                    .post, "\(base)/stages", #"{"name": "Demo", "forecast_category": "pipeline"}"#,
                    .unprocessableContent, "probability:required"
                ),
                (
                    .post, "\(base)/stages", #"{"name": "Demo", "probability": 20, "forecast_category": "maybe"}"#,
                    .unprocessableContent, "forecast_category:invalid_choice"
                ),
                (
                    .post, "\(base)/stages",
                    #"{"name": "Won big", "probability": 100, "forecast_category": "closed", "outcome": "won"}"#,
                    .unprocessableContent, "outcome:single_won_stage"
                ),
                (
                    .post, "\(base)/stages",
                    #"{"name": "Draw", "probability": 0, "forecast_category": "omitted", "outcome": "draw"}"#,
                    .unprocessableContent, "outcome:invalid_choice"
                ),
                (.patch, "\(base)/stages/\(proposal)", #"{"name": "Won"}"#, .unprocessableContent, "name:taken"),
                (
                    .patch, "\(base)/stages/\(proposal)", #"{"probability": -5}"#, .unprocessableContent,
                    "probability:out_of_range"
                ),
                (.patch, "\(base)/stages/\(proposal)", #"{"outcome": "won"}"#, .badRequest, "malformed_json"),
                (.patch, "\(base)/stages/\(missing)", #"{"name": "X"}"#, .notFound, "stage_not_found"),
                (
                    .post, "\(base)/stages/order", order(Array(ids.dropLast())), .unprocessableContent,
                    "stage_ids:invalid_order"
                ),
                (
                    .post, "\(base)/stages/order", order(ids + [ids[0]]), .unprocessableContent,
                    "stage_ids:invalid_order"
                ),
                (
                    .post, "\(base)/stages/order", order(ids.dropLast() + ["nope"]), .unprocessableContent,
                    "stage_ids:invalid_order"
                ),
                (
                    .post, "\(base)/stages/order", order(ids.reversed()), .unprocessableContent,
                    "stage_ids:closing_stages_last"
                ),
                (.post, "\(base)/stages/order", #"{"stage_ids": "all"}"#, .badRequest, "malformed_json"),
            ]
            let before = try await Self.snapshot(client, token: head)
            for (method, uri, body, status, expected) in cases {
                let response = try await Self.send(client, method, uri, token: head, json: body)
                let label = "\(method) \(uri) \(body ?? "")"
                #expect(response.status == status, "\(label)")
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8", "\(label)")
                let problem = try response.json()
                if status == .unprocessableContent {
                    let errors = problem["errors"] as? [[String: Any]] ?? []
                    let found = errors.map { "\($0["field"] as? String ?? ""):\($0["code"] as? String ?? "")" }
                    #expect(found.contains(expected), "\(label): \(found)")
                } else {
                    #expect(problem["code"] as? String == expected, "\(label)")
                }
            }
            #expect(try await Self.snapshot(client, token: head) == before)
            #expect(try await Self.auditActions(world, pipelineID: id).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func theAdminEditsPipelinesOnThePageAndManagersOnlyRead(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let settings = try await client.browse(.get, "/settings/company", as: admin)
            #expect(settings.text.contains("href=\"/settings/pipelines\""))
            let page = try await client.browse(.get, "/settings/pipelines", as: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("Qualification") && page.text.contains("Negotiation"))
            #expect(page.text.contains("name=\"_csrf\""))
            let pipeline = try await world.services.deals.pipelines(viewer: world.admin.viewer)[0]
            let stagesURL = "/settings/pipelines/\(pipeline.id)/stages"
            #expect(page.text.contains("action=\"\(stagesURL)\""))

            // A duplicate name is shown beside the add form's name field, with what was typed.
            let bad = try await client.browse(
                .post, stagesURL, as: admin,
                form: [("name", "proposal"), ("probability", "150"), ("forecast_category", "commit"), ("outcome", "")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"add-\(pipeline.id)-name-error\">Already in use.</p>"))
            #expect(bad.text.contains("id=\"add-\(pipeline.id)-probability-error\""))
            #expect(bad.text.contains("value=\"proposal\""))

            let added = try await client.browse(
                .post, stagesURL, as: admin,
                form: [
                    ("name", "Site survey"), ("probability", "30"), ("forecast_category", "pipeline"), ("outcome", ""),
                ])
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/settings/pipelines#pipeline-\(pipeline.id)")
            var current = try await world.services.deals.pipeline(pipeline.id, viewer: world.admin.viewer)
            let survey = try #require(current.stages.first { $0.name == "Site survey" })
            #expect(survey.position == 5 && survey.probability == 30)

            // Edit inline, move up, then delete.
            let edited = try await client.browse(
                .post, "\(stagesURL)/\(survey.id)", as: admin,
                form: [("name", "Site visit"), ("probability", "35"), ("forecast_category", "best_case")])
            #expect(edited.status == .seeOther)
            let invalidEdit = try await client.browse(
                .post, "\(stagesURL)/\(survey.id)", as: admin,
                form: [("name", ""), ("probability", "35"), ("forecast_category", "best_case")])
            #expect(invalidEdit.status == .unprocessableContent)
            #expect(invalidEdit.text.contains("id=\"stage-\(survey.id)-name-error\">Required field.</p>"))
            let up = try await client.browse(
                .post, "\(stagesURL)/\(survey.id)/move", as: admin, form: [("direction", "up")])
            #expect(up.status == .seeOther)
            current = try await world.services.deals.pipeline(pipeline.id, viewer: world.admin.viewer)
            #expect(
                current.stages.map(\.name) == [
                    "Qualification", "Needs analysis", "Proposal", "Site visit", "Negotiation", "Won", "Lost",
                ])
            #expect(current.stage(survey.id)?.forecastCategory == .bestCase)

            let rename = try await client.browse(
                .post, "/settings/pipelines/\(pipeline.id)", as: admin, form: [("name", "Benta sa korporasyon")])
            #expect(rename.status == .seeOther)
            let deleted = try await client.browse(.post, "\(stagesURL)/\(survey.id)/delete", as: admin, form: [])
            #expect(deleted.status == .seeOther)

            // A stage with a deal stays, and the page says why.
            _ = try await world.services.deals.create(
                {
                    var draft = DealDraft()
                    draft.title = "10 printers"
                    draft.accountID = world.manager1Accounts[0].id.description
                    draft.amount = "80000.00"
                    draft.expectedClose = "2026-12-20"
                    return draft
                }(), viewer: world.manager1.viewer)
            let first = try #require(current.stages.first)
            let refused = try await client.browse(.post, "\(stagesURL)/\(first.id)/delete", as: admin, form: [])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("A deal is in this stage. Move it to another stage first."))
            let created = try await client.browse(
                .post, "/settings/pipelines", as: admin, form: [("name", "")])
            #expect(created.status == .unprocessableContent)
            #expect(created.text.contains("id=\"new-pipeline-name-error\">Required field.</p>"))
            let page2 = try await client.browse(.get, "/settings/pipelines", as: admin)
            #expect(page2.text.contains("Benta sa korporasyon") && !page2.text.contains("Site visit"))

            // Managers see the stages but no forms, and posting is refused.
            let manager = try await client.login("manager1@test.ph")
            let read = try await client.browse(.get, "/settings/pipelines", as: manager)
            #expect(read.status == .ok && read.text.contains("Qualification"))
            #expect(!read.text.contains("action=\"\(stagesURL)\""))
            #expect(try await client.browse(.get, "/deals", as: manager).text.contains("href=\"/settings/pipelines\""))
            let sneaky = try await client.browse(
                .post, stagesURL, as: manager,
                form: [("name", "Mine"), ("probability", "5"), ("forecast_category", "pipeline")])
            #expect(sneaky.status == .forbidden)
            let filipino = try await client.login("head@test.ph")
            _ = try await client.browse(.post, "/profile/language", as: filipino, form: [("language", "fil")])
            let tagalog = try await client.browse(.get, "/settings/pipelines", as: filipino)
            #expect(tagalog.text.contains("Magdagdag ng yugto"))
        }
    }
}
