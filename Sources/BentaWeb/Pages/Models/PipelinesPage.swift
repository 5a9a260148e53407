import BentaCore
import Foundation

/// `/settings/pipelines`: every pipeline with its stages and, for those who may edit them, the forms that change
/// them. Property names are the template's (`pipelines.mustache`).
struct PipelinesPage: PageModel {
    struct PipelineRow {
        var pipeline_id: String
        var pipeline_name: String
        var is_default: Bool
        var stages: [StageRow]
        var rename_value: String
        var rename_url: String
        var default_url: String
        /// The pipeline's version each of its forms sends back, so a change made meanwhile is refused.
        var pipeline_version: String
        var add_url: String
        var rename_errors: [String: String]
        var add_name: String
        var add_probability: String
        var add_categories: [PageChoice]
        var add_outcomes: [PageChoice]
        var add_errors: [String: String]
    }

    struct StageRow {
        var stage_id: String
        var position: Int
        var stage_name: String
        var stage_name_value: String
        var probability: Int
        var probability_value: String
        var category_label: String
        var categories: [PageChoice]
        var outcome_label: String
        var is_closing: Bool
        var update_url: String
        var move_url: String
        var delete_url: String
        var can_move_up: Bool
        var can_move_down: Bool
        var stage_errors: [String: String]
        var has_stage_errors: Bool
    }

    var pipelines: [PipelineRow]
    var may_edit: Bool
    var create_url: String
    var create_name: String
    var create_errors: [String: String]
    var has_errors: Bool
    /// Why a change was refused (a stage still in use, a version changed meanwhile).
    var conflict_message: String?
    var show_settings_nav: Bool

    /// The page for `pipelines`; `failure` is the form that failed (its input and errors show beside it);
    /// `fieldErrors` translates validation errors.
    static func make(
        _ pipelines: [Pipeline], failure: PipelinesPageController.Failure?, mayEdit: Bool, isAdmin: Bool,
        language: LanguageCode, strings: [String: String], fieldErrors: (ValidationErrors) -> [String: String]
    ) -> PipelinesPage {
        func categories(selected: String) -> [PageChoice] {
            ForecastCategory.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["forecast_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == selected)
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
        let rows = pipelines.map { pipeline in
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
            let stages = pipeline.stages.map { stage in
                var draft = StageDraft(stage)
                var stageErrors: [String: String] = [:]
                if case .updateStage(let id, let submitted, let errors)? = failure, id == stage.id {
                    draft = submitted
                    stageErrors = fieldErrors(errors)
                }
                let outcome = stage.outcome?.rawValue ?? "open"
                return StageRow(
                    stage_id: stage.id.description, position: stage.position, stage_name: stage.name,
                    stage_name_value: draft.name, probability: stage.probability, probability_value: draft.probability,
                    category_label: strings["forecast_\(stage.forecastCategory.rawValue)"]
                        ?? stage.forecastCategory.rawValue,
                    categories: categories(selected: draft.forecastCategory),
                    outcome_label: strings["deal_status_\(outcome)"] ?? outcome, is_closing: stage.outcome != nil,
                    update_url: Paths.stage(pipeline.id, stage.id), move_url: Paths.moveStage(pipeline.id, stage.id),
                    delete_url: Paths.deleteStage(pipeline.id, stage.id),
                    can_move_up: pipeline.order(moving: stage.id, by: -1) != nil,
                    can_move_down: pipeline.order(moving: stage.id, by: 1) != nil,
                    stage_errors: stageErrors, has_stage_errors: !stageErrors.isEmpty)
            }
            return PipelineRow(
                pipeline_id: pipeline.id.description, pipeline_name: pipeline.name, is_default: pipeline.isDefault,
                stages: stages, rename_value: renameName, rename_url: Paths.pipeline(pipeline.id),
                default_url: Paths.defaultPipeline(pipeline.id), pipeline_version: String(pipeline.version),
                add_url: Paths.pipelineStages(pipeline.id), rename_errors: renameErrors, add_name: addDraft.name,
                add_probability: addDraft.probability, add_categories: categories(selected: addDraft.forecastCategory),
                add_outcomes: ["open", "won", "lost"].map {
                    PageChoice(
                        value: $0 == "open" ? "" : $0, label: strings["deal_status_\($0)"] ?? $0,
                        selected: ($0 == "open" ? "" : $0) == addDraft.outcome)
                },
                add_errors: addErrors)
        }
        let isInvalid: Bool
        switch failure {
        case nil, .conflict?: isInvalid = false
        default: isInvalid = true
        }
        return PipelinesPage(
            pipelines: rows, may_edit: mayEdit, create_url: Paths.pipelines(), create_name: createName,
            create_errors: createErrors, has_errors: isInvalid, conflict_message: conflictMessage,
            show_settings_nav: isAdmin)
    }
}
