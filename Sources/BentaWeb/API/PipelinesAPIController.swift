import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/pipelines/…`: pipeline and stage administration for the head of sales and admins. The list,
/// `GET /api/v1/pipelines`, stays with the deals (``DealsAPIController``), since everyone reads it.
struct PipelinesAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("pipelines", use: create)
        group.get("pipelines/:id", use: show)
        group.patch("pipelines/:id", use: update)
        group.post("pipelines/:id/stages", use: addStage)
        group.post("pipelines/:id/stages/order", use: reorder)
        group.patch("pipelines/:id/stages/:stage_id", use: updateStage)
        group.delete("pipelines/:id/stages/:stage_id", use: deleteStage)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let pipeline = try await services.deals.pipeline(
            try PathID.parse(context, entity: "pipeline"), viewer: context.viewer)
        return JSONResponse.make(PipelineResponse(pipeline))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(
            PipelineRequest.self, from: request, allowedKeys: PipelineRequest.allowedKeys)
        let pipeline = try await services.deals.createPipeline(
            PipelineDraft(name: body.name ?? ""), isDefault: body.isDefault ?? false, viewer: context.viewer)
        var response = JSONResponse.make(PipelineResponse(pipeline), status: .created)
        response.headers[.location] = "\(Paths.apiPrefix)/pipelines/\(pipeline.id)"
        return response
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(
            PipelineRequest.self, from: request, allowedKeys: PipelineRequest.allowedKeys)
        let pipeline = try await services.deals.updatePipeline(
            id, name: body.name.map { PipelineDraft(name: $0) }, isDefault: body.isDefault, viewer: context.viewer)
        return JSONResponse.make(PipelineResponse(pipeline))
    }

    @Sendable func addStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(StageRequest.self, from: request, allowedKeys: StageRequest.createKeys)
        var draft = StageDraft()
        body.apply(to: &draft)
        let pipeline = try await services.deals.addStage(draft, to: id, viewer: context.viewer)
        return JSONResponse.make(PipelineResponse(pipeline), status: .created)
    }

    @Sendable func updateStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(StageRequest.self, from: request, allowedKeys: StageRequest.updateKeys)
        let pipeline = try await services.deals.updateStage(stage, in: id, viewer: context.viewer) {
            body.apply(to: &$0)
        }
        return JSONResponse.make(PipelineResponse(pipeline))
    }

    @Sendable func deleteStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        _ = try await services.deals.deleteStage(stage, from: id, viewer: context.viewer)
        return Response(status: .noContent)
    }

    @Sendable func reorder(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(
            StageOrderRequest.self, from: request, allowedKeys: StageOrderRequest.allowedKeys)
        let order = body.stageIds.compactMap { Pipeline.Stage.ID(string: $0) }
        guard order.count == body.stageIds.count else {
            var errors = ValidationErrors()
            errors.add(
                field: "stage_ids", code: "invalid_order", message: "List every stage of this pipeline exactly once.")
            throw errors
        }
        let pipeline = try await services.deals.reorderStages(id, order: order, viewer: context.viewer)
        return JSONResponse.make(PipelineResponse(pipeline))
    }
}

/// The body of `POST /api/v1/pipelines` and `PATCH /api/v1/pipelines/{id}`.
struct PipelineRequest: Decodable {
    static let allowedKeys: Set<String> = ["name", "is_default"]
    var name: String?
    var isDefault: Bool?
}

/// The body of `POST /api/v1/pipelines/{id}/stages` and `PATCH /api/v1/pipelines/{id}/stages/{stage_id}`; the
/// outcome is chosen when the stage is added and never changes.
struct StageRequest: Decodable {
    static let createKeys: Set<String> = ["name", "probability", "forecast_category", "outcome"]
    static let updateKeys: Set<String> = ["name", "probability", "forecast_category"]
    var name: String?
    var probability: StringOrNumber?
    var forecastCategory: String?
    var outcome: String??

    private enum CodingKeys: String, CodingKey { case name, probability, forecastCategory, outcome }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        probability = try c.decodeIfPresent(StringOrNumber.self, forKey: .probability)
        forecastCategory = try c.decodeIfPresent(String.self, forKey: .forecastCategory)
        outcome = try c.patch(String.self, forKey: .outcome)
    }

    func apply(to draft: inout StageDraft) {
        if let name { draft.name = name }
        if let probability { draft.probability = probability.text }
        if let forecastCategory { draft.forecastCategory = forecastCategory }
        if let outcome { draft.outcome = outcome ?? "" }
    }
}

/// The body of `POST /api/v1/pipelines/{id}/stages/order`: every stage of the pipeline, in the new order.
struct StageOrderRequest: Decodable {
    static let allowedKeys: Set<String> = ["stage_ids"]
    var stageIds: [String]
}
