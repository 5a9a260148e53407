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
        group.post(Paths.API.pipelines, use: create)
        group.get(Paths.API.pipeline, use: show)
        group.patch(Paths.API.pipeline, use: update)
        group.post(Paths.API.pipelineStages, use: addStage)
        group.post(Paths.API.stageOrder, use: reorder)
        group.patch(Paths.API.stage, use: updateStage)
        group.delete(Paths.API.stage, use: deleteStage)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let pipeline = try await services.deals.pipeline(
            try PathID.parse(context, entity: "pipeline"), viewer: context.viewer)
        return Self.respond(pipeline)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(
            PipelineRequest.self, from: request, allowedKeys: PipelineRequest.createKeys)
        let pipeline = try await services.deals.createPipeline(
            PipelineDraft(name: body.name ?? ""), isDefault: body.isDefault ?? false, viewer: context.viewer)
        return JSONResponse.make(
            PipelineResponse(pipeline), status: .created, location: Paths.API.pipeline(pipeline.id))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(
            PipelineRequest.self, from: request, allowedKeys: PipelineRequest.allowedKeys)
        let version = try await requiredVersion(body.version, of: id, request: request, context: context)
        let pipeline = try await services.deals.updatePipeline(
            id, name: body.name.map { PipelineDraft(name: $0) }, isDefault: body.isDefault, viewer: context.viewer,
            expectedVersion: version)
        return Self.respond(pipeline)
    }

    @Sendable func addStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await StageInput.decode(from: request)
        let draft = try body.draft()
        let version = try await requiredVersion(body.version, of: id, request: request, context: context)
        let pipeline = try await services.deals.addStage(
            draft, to: id, viewer: context.viewer, expectedVersion: version)
        return Self.respond(pipeline, status: .created)
    }

    @Sendable func updateStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        try DealService.checkMayEditPipelines(context.viewer)
        let body = try await JSONBody.decode(StageInput.self, from: request, allowedKeys: StageInput.updateKeys)
        let version = try await requiredVersion(body.version, of: id, request: request, context: context)
        let pipeline = try await services.deals.updateStage(
            stage, in: id, viewer: context.viewer, expectedVersion: version
        ) {
            body.update.apply(to: &$0)
        }
        return Self.respond(pipeline)
    }

    @Sendable func deleteStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        try DealService.checkMayEditPipelines(context.viewer)
        let version = try await requiredVersion(nil, of: id, request: request, context: context)
        let pipeline = try await services.deals.deleteStage(
            stage, from: id, viewer: context.viewer, expectedVersion: version)
        var response = Response(status: .noContent)
        response.setVersionTag(pipeline.version)
        return response
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
        let version = try await requiredVersion(body.version, of: id, request: request, context: context)
        let pipeline = try await services.deals.reorderStages(
            id, order: order, viewer: context.viewer, expectedVersion: version)
        return Self.respond(pipeline)
    }

    /// The version a change must name (body or `If-Match`), asked for only once the pipeline is known to exist and
    /// be the viewer's company's, so a wrong id is a 404 whether or not a version came with it.
    private func requiredVersion(
        _ body: Int64?, of id: Pipeline.ID, request: Request, context: AuthenticatedContext
    ) async throws -> Int64 {
        _ = try await services.deals.pipeline(id, viewer: context.viewer)
        return try VersionPrecondition.required(body: body, request: request)
    }

    /// The pipeline with its version as the entity tag, for the next change's `If-Match`.
    static func respond(_ pipeline: Pipeline, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.record(PipelineResponse(pipeline), version: pipeline.version, status: status)
    }
}

/// The body of `POST /api/v1/pipelines` and `PATCH /api/v1/pipelines/{id}`.
struct PipelineRequest: Decodable {
    static let createKeys: Set<String> = ["name", "is_default"]
    static let allowedKeys: Set<String> = ["name", "is_default", "version"]
    var name: String?
    var isDefault: Bool?
    /// The pipeline's version when changing it (or `If-Match`); not read on create.
    var version: Int64?
}

/// The body of `POST /api/v1/pipelines/{id}/stages/order`: every stage of the pipeline, in the new order.
struct StageOrderRequest: Decodable {
    static let allowedKeys: Set<String> = ["stage_ids", "version"]
    var stageIds: [String]
    /// The pipeline's version (or `If-Match`).
    var version: Int64?
}
