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
        group.get(RouterPath(Paths.pipelines), use: show)
        group.post(RouterPath(Paths.pipelines), use: create)
        group.post("/settings/pipelines/:id", use: rename)
        group.post("/settings/pipelines/:id/default", use: makeDefault)
        group.post("/settings/pipelines/:id/stages", use: addStage)
        group.post("/settings/pipelines/:id/stages/:stage_id", use: updateStage)
        group.post("/settings/pipelines/:id/stages/:stage_id/move", use: moveStage)
        group.post("/settings/pipelines/:id/stages/:stage_id/delete", use: deleteStage)
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
                id, name: PipelineDraft(name: name), isDefault: nil, viewer: context.viewer)
            return id
        }
    }

    @Sendable func makeDefault(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        return try await attempt(context: context, onInvalid: { .conflict($0) }) {
            _ = try await services.deals.updatePipeline(id, name: nil, isDefault: true, viewer: context.viewer)
            return id
        }
    }

    @Sendable func addStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let draft = Self.draft(from: context.form ?? FormData())
        return try await attempt(context: context, onInvalid: { .addStage(id, draft, errors: $0) }) {
            _ = try await services.deals.addStage(draft, to: id, viewer: context.viewer)
            return id
        }
    }

    @Sendable func updateStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        let submitted = Self.draft(from: context.form ?? FormData())
        return try await attempt(context: context, onInvalid: { .updateStage(stage, submitted, errors: $0) }) {
            _ = try await services.deals.updateStage(stage, in: id, viewer: context.viewer) { draft in
                draft.name = submitted.name
                draft.probability = submitted.probability
                draft.forecastCategory = submitted.forecastCategory
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
            _ = try await services.deals.moveStage(stage, in: id, by: offset, viewer: context.viewer)
            return id
        }
    }

    @Sendable func deleteStage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Pipeline.ID = try PathID.parse(context, entity: "pipeline")
        let stage: Pipeline.Stage.ID = try PathID.parse(context, "stage_id", entity: "stage")
        return try await attempt(context: context, onInvalid: { .conflict($0) }) {
            _ = try await services.deals.deleteStage(stage, from: id, viewer: context.viewer)
            return id
        }
    }

    static func draft(from form: FormData) -> StageDraft {
        StageDraft(
            name: form["name"], probability: form["probability"], forecastCategory: form["forecast_category"],
            outcome: form["outcome"])
    }

    /// Runs a change and goes back to its pipeline; invalid input or a conflict shows the page again with the
    /// reason. Anything else (403, 404) becomes the usual error page.
    private func attempt(
        context: AuthenticatedContext, onInvalid: (ValidationErrors) -> Failure,
        _ change: () async throws -> Pipeline.ID
    ) async throws -> Response {
        do {
            let id = try await change()
            return .redirect(to: Paths.pipelines + "#pipeline-\(id)", type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(context: context, failure: onInvalid(errors))
        } catch let error as any ClassifiedError where error.kind == .conflict {
            return try await page(context: context, failure: .conflict(error))
        }
    }

    private func page(context: AuthenticatedContext, failure: Failure?) async throws -> Response {
        let pipelines = try await services.deals.pipelines(viewer: context.viewer)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let mayEdit = DealService.mayEditPipelines(context.user.role)
        func fieldErrors(_ errors: ValidationErrors) -> [String: String] {
            renderer.fieldErrors(errors, language: language)
        }
        func categories(selected: String) -> [[String: Any]] {
            ForecastCategory.allCases.map {
                [
                    "value": $0.rawValue, "label": strings["forecast_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": $0.rawValue == selected,
                ]
            }
        }
        var createName = ""
        var createErrors: [String: String] = [:]
        var conflictMessage: String?
        switch failure {
        case .create(let name, let errors)?:
            createName = name
            createErrors = fieldErrors(errors)
        case .conflict(let error)?:
            // English keeps the most specific sentence; other languages use the translation of the code.
            conflictMessage = language == .english ? error.detail : strings["error_\(error.code)"] ?? error.detail
        default: break
        }
        let rows: [[String: Any]] = pipelines.map { pipeline in
            var renameName = pipeline.name
            var renameErrors: [String: String] = [:]
            if case .rename(let id, let name, let errors)? = failure, id == pipeline.id {
                renameName = name
                renameErrors = fieldErrors(errors)
            }
            var addDraft = StageDraft(name: "", probability: "50", forecastCategory: ForecastCategory.pipeline.rawValue)
            var addErrors: [String: String] = [:]
            if case .addStage(let id, let draft, let errors)? = failure, id == pipeline.id {
                addDraft = draft
                addErrors = fieldErrors(errors)
            }
            let stages: [[String: Any]] = pipeline.stages.map { stage in
                var draft = StageDraft(stage)
                var stageErrors: [String: String] = [:]
                if case .updateStage(let id, let submitted, let errors)? = failure, id == stage.id {
                    draft = submitted
                    stageErrors = fieldErrors(errors)
                }
                let outcome = stage.outcome?.rawValue ?? "open"
                return [
                    "stage_id": stage.id.description, "position": stage.position, "stage_name": stage.name,
                    "stage_name_value": draft.name, "probability": stage.probability,
                    "probability_value": draft.probability,
                    "category_label": strings["forecast_\(stage.forecastCategory.rawValue)"]
                        ?? stage.forecastCategory.rawValue,
                    "categories": categories(selected: draft.forecastCategory),
                    "outcome_label": strings["deal_status_\(outcome)"] ?? outcome, "is_closing": stage.outcome != nil,
                    "update_url": Paths.stage(stage.id, of: pipeline.id),
                    "move_url": Paths.moveStage(stage.id, of: pipeline.id),
                    "delete_url": Paths.deleteStage(stage.id, of: pipeline.id),
                    "can_move_up": pipeline.order(moving: stage.id, by: -1) != nil,
                    "can_move_down": pipeline.order(moving: stage.id, by: 1) != nil,
                    "stage_errors": stageErrors, "has_stage_errors": !stageErrors.isEmpty,
                ]
            }
            return [
                "pipeline_id": pipeline.id.description, "pipeline_name": pipeline.name,
                "is_default": pipeline.isDefault, "stages": stages, "rename_value": renameName,
                "rename_url": Paths.pipeline(pipeline.id), "default_url": Paths.defaultPipeline(pipeline.id),
                "add_url": Paths.pipelineStages(pipeline.id), "rename_errors": renameErrors,
                "add_name": addDraft.name, "add_probability": addDraft.probability,
                "add_categories": categories(selected: addDraft.forecastCategory),
                "add_outcomes": ["open", "won", "lost"].map {
                    [
                        "value": $0 == "open" ? "" : $0, "label": strings["deal_status_\($0)"] ?? $0,
                        "selected": ($0 == "open" ? "" : $0) == addDraft.outcome,
                    ]
                },
                "add_errors": addErrors,
            ]
        }
        let isInvalid: Bool
        switch failure {
        case nil, .conflict?: isInvalid = false
        default: isInvalid = true
        }
        let status: HTTPResponse.Status =
            switch failure {
            case nil: .ok
            case .conflict?: .conflict
            default: .unprocessableContent
            }
        return renderer.render(
            "pipelines", title: strings["pipelines_title"] ?? "Pipelines",
            values: [
                "pipelines": rows, "may_edit": mayEdit, "create_url": Paths.pipelines, "create_name": createName,
                "create_errors": createErrors, "has_errors": isInvalid, "conflict_message": conflictMessage as Any,
                "show_settings_nav": context.user.role.isAdministrator,
                "nav_settings": context.user.role.isAdministrator, "nav_deals": !context.user.role.isAdministrator,
            ],
            identity: context.identity, language: language, status: status)
    }
}
