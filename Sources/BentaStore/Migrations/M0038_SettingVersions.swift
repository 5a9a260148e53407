import Foundation

/// Optimistic concurrency for the last five updates that took no version (issue 15): the contract settings row,
/// each number series' format and a deal's credit split carry a version that every save checks and raises, so a
/// stale save is refused (412) instead of overwriting. Rows saved before count as version 1; a deal's split starts
/// at 0 (never set). Plans and commission plans need no column: their versions are their append-only version rows.
struct M0038_SettingVersions: Migration {
    let number = 38
    let name = "setting_versions"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE contract_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE number_series ADD COLUMN format_version BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE deals ADD COLUMN credit_split_version BIGINT NOT NULL DEFAULT 0",
        ]
    }
}
