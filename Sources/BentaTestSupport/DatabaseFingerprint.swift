import BentaStore
import Foundation
import SQLKit

/// What a refused request must leave as it was: the row count of every table and the sum of `version` where a
/// table has one, read in one statement. Two fingerprints that differ name the tables that changed.
///
/// A refused insert or delete changes a count, a refused versioned update a version sum, and every other change
/// writes an audit row (`audit_events` is counted too).
public struct DatabaseFingerprint: Sendable, Equatable {
    /// `table` → row count, `table.version` → the sum of its versions.
    public let figures: [String: Int64]

    /// The names whose figures differ between `self` and `other`, sorted.
    public func changes(since other: DatabaseFingerprint) -> [String] {
        Set(figures.keys).union(other.figures.keys).filter { figures[$0] != other.figures[$0] }.sorted()
    }

    /// Reads the fingerprint of every table of the database's schema; `excluding` tables a read may change
    /// (sessions and the login throttle touch theirs).
    public static func read(
        _ database: any AppDatabase, excluding: Set<String> = Self.touchedByReads
    ) async throws -> DatabaseFingerprint {
        let engine = database.engine
        return try await database.read { db in
            let tableSQL: String
            let versionSQL: String
            switch engine {
            case .sqlite:
                tableSQL =
                    "SELECT name AS table_name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                versionSQL =
                    "SELECT m.name AS table_name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                    + "WHERE m.type = 'table' AND p.name = 'version'"
            case .postgres:
                tableSQL =
                    "SELECT table_name::text AS table_name FROM information_schema.tables "
                    + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                versionSQL =
                    "SELECT table_name::text AS table_name FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND column_name = 'version'"
            }
            let tables = try await db.raw(SQLQueryString(tableSQL)).all().map {
                try $0.decode(column: "table_name", as: String.self)
            }
            .filter { !excluding.contains($0) && !$0.contains("_fts") }.sorted()
            let versioned = Set(
                try await db.raw(SQLQueryString(versionSQL)).all().map {
                    try $0.decode(column: "table_name", as: String.self)
                })
            var columns: [String] = []
            var names: [String] = []
            for table in tables {
                columns.append("(SELECT CAST(COUNT(*) AS BIGINT) FROM \(table)) AS c\(names.count)")
                names.append(table)
                if versioned.contains(table) {
                    columns.append(
                        "(SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM \(table)) AS c\(names.count)")
                    names.append("\(table).version")
                }
            }
            let statement = SQLQueryString("SELECT " + columns.joined(separator: ", "))
            guard !columns.isEmpty, let row = try await db.raw(statement).first() else {
                return DatabaseFingerprint(figures: [:])
            }
            var figures: [String: Int64] = [:]
            for (index, name) in names.enumerated() {
                figures[name] = try row.decode(column: "c\(index)", as: Int64.self)
            }
            return DatabaseFingerprint(figures: figures)
        }
    }

    /// Tables a request writes to without changing a record: sessions (the "last used" touch, a login), the login
    /// throttle and the applied migrations.
    public static let touchedByReads: Set<String> = [
        "sessions", "login_attempts", "login_throttle", "schema_migrations", "api_tokens",
    ]
}
