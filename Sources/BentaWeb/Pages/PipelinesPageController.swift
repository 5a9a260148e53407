import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/settings/pipelines`: every pipeline with its stages. Everyone reads it; the head of sales and admins rename
/// pipelines, choose the default, and add, edit, move and delete stages with plain forms (no script needed).
struct PipelinesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.pipelines, use: show)
        group.post(Paths.pipelines, use: create)
        group.post(Paths.pipeline, use: rename)
        group.post(Paths.defaultPipeline, use: makeDefault)
        group.post(Paths.pipelineStages, use: addStage)
        group.post(Paths.stage, use: updateStage)
        group.post(Paths.moveStage, use: moveStage)
        group.post(Paths.deleteStage, use: deleteStage)
    }

    /// The form that failed and what was typed in it, so its errors show beside its own fields.
    enum Failure {
        case create(name: String, errors: ValidationErrors)
        case rename(Pipeline.ID, name: String, errors: ValidationErrors)
        case addStage(Pipeline.ID, StageDraft, errors: ValidationErrors)
        case updateStage(Pipeline.Stage.ID, StageDraft, errors: ValidationErrors)
        /// A refused change (a stage still in use, the last won stage): a message above the pipelines.
        case conflict(any ClassifiedError)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await page(context: context, failure: nil)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let name = (context.form ?? FormData())["name"]
        return try await attempt(context: context, onInvalid: { .create(name: name, errors: $0) }) {
            let pipeline = try await services.deals.createPipeline(PipelineDraft(name: name), viewer: context.viewer)
            return pipeline.id
        }
    }

    @Sendable func rename(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let name = (context.form ?? FormData())["name"]
        return try await attempt(context: context, onInvalid: { .rename(id, name: name, errors: $0) }) {
            _ = try await services.deals.updatePipeline(
                id, name: PipelineDraft(name: name), isDefault: nil, viewer: context.viewer,
                expectedVersion: Self.version(context))
            return id
        }
    }

    @Sendable func makeDefault(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        return try await attempt(context: context, onInvalid: { .conflict($0) }) {
            _ = try await services.deals.updatePipeline(
                id, name: nil, isDefault: true, viewer: context.viewer, expectedVersion: Self.version(context))
            return id
        }
    }

    @Sendable func addStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let draft = try StageInput(form: context.form ?? FormData()).draft()
        return try await attempt(context: context, onInvalid: { .addStage(id, draft, errors: $0) }) {
            _ = try await services.deals.addStage(
                draft, to: id, viewer: context.viewer, expectedVersion: Self.version(context))
            return id
        }
    }

    @Sendable func updateStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        let input = try StageInput(form: context.form ?? FormData())
        let submitted = try input.draft()
        return try await attempt(context: context, onInvalid: { .updateStage(stage, submitted, errors: $0) }) {
            _ = try await services.deals.updateStage(
                stage, in: id, viewer: context.viewer, expectedVersion: Self.version(context)
            ) { draft in
                input.update.apply(to: &draft)
            }
            return id
        }
    }

    @Sendable func moveStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        let offset: Int
        switch (context.form ?? FormData())["direction"] {
        case "up": offset = -1
        case "down": offset = 1
        default: throw RequestError.invalidParameter(name: "direction", message: "must be up or down.")
        }
        return try await attempt(context: context, onInvalid: { .conflict($0) }) {
            _ = try await services.deals.moveStage(
                stage, in: id, by: offset, viewer: context.viewer, expectedVersion: Self.version(context))
            return id
        }
    }

    @Sendable func deleteStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        return try await attempt(context: context, onInvalid: { .conflict($0) }) {
            _ = try await services.deals.deleteStage(
                stage, from: id, viewer: context.viewer, expectedVersion: Self.version(context))
            return id
        }
    }

    /// The pipeline's version the form was rendered with (nil from a form without one: no check).
    static func version(_ context: AuthenticatedContext) -> Int64? {
        Int64((context.form ?? FormData())["version"])
    }

    /// Runs a change and goes back to its pipeline; invalid input or a conflict shows the page again with the
    /// reason. Anything else (403, 404) becomes the usual error page.
    private func attempt(
        context: AuthenticatedContext, onInvalid: (ValidationErrors) -> Failure,
        _ change: () async throws -> Pipeline.ID
    ) async throws -> Response {
        do {
            let id = try await change()
            return .redirect(to: Paths.pipelines() + "#pipeline-\(id)", type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(context: context, failure: onInvalid(errors))
        } catch let error as any ClassifiedError where error.kind == .conflict || error.kind == .staleVersion {
            return try await page(context: context, failure: .conflict(error))
        }
    }

    private func page(context: AuthenticatedContext, failure: Failure?) async throws -> Response {
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let model = PipelinesPage.make(
            pipelines, failure: failure, mayEdit: DealService.mayEditPipelines(context.user.role),
            isAdmin: context.user.role.isAdministrator, language: language, strings: strings,
            fieldErrors: { renderer.fieldErrors($0, language: language) })
        let status: HTTPResponse.Status =
            switch failure {
            case nil: .ok
            case .conflict?: .conflict
            default: .unprocessableContent
            }
        return renderer.render(
            "pipelines", title: strings["pipelines_title"] ?? "Pipelines", model: model,
            section: context.user.role.isAdministrator ? .settings : .deals, identity: context.identity,
            language: language, status: status)
    }
}
