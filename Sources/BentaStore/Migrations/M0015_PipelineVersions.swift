import Foundation

/// Pipelines get a version, raised by every change to the pipeline or its stages, so that two admins editing the
/// sales process at once get a 412 for the stale edit instead of the last one silently winning (issue 15).
struct M0015_PipelineVersions: Migration {
    let number = 15
    let name = "pipeline_versions"

    func statements(for engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE pipelines ADD COLUMN version BIGINT NOT NULL DEFAULT 1"]
    }
}
