import BentaCore
import Foundation

/// The pipeline administration pages; the forms post to these, and the page links to them.
extension Paths {
    static let pipelines = "/settings/pipelines"
    static func pipeline(_ id: Pipeline.ID) -> String { "/settings/pipelines/\(id)" }
    static func defaultPipeline(_ id: Pipeline.ID) -> String { "/settings/pipelines/\(id)/default" }
    static func pipelineStages(_ id: Pipeline.ID) -> String { "/settings/pipelines/\(id)/stages" }
    static func stage(_ id: Pipeline.Stage.ID, of pipeline: Pipeline.ID) -> String {
        "/settings/pipelines/\(pipeline)/stages/\(id)"
    }
    static func moveStage(_ id: Pipeline.Stage.ID, of pipeline: Pipeline.ID) -> String {
        stage(id, of: pipeline) + "/move"
    }
    static func deleteStage(_ id: Pipeline.Stage.ID, of pipeline: Pipeline.ID) -> String {
        stage(id, of: pipeline) + "/delete"
    }
}
