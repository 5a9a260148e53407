import Foundation

/// Server instances (issue 15, "two servers on one PostgreSQL"; crash safety): every `benta serve` registers a row
/// with a random id and refreshes `heartbeat_at` every few seconds; a clean shutdown sets `stopped_at`. An instance
/// whose heartbeat is older than a bound, or that stopped, is dead. `process_space` names the machine boot and PID
/// namespace the process runs in, so a new process can tell a dead neighbour by its pid at once.
///
/// Idempotency claims and statement imports carry the instance that works on them (`instance_id`, NULL for rows
/// written before, or by a process that registers none): a claim of a dead instance is free at once, a claim of a
/// live one is in progress however long it takes, and an `importing` statement of a dead instance reads as stopped.
struct M0031_ServerInstances: Migration {
    let number = 31
    let name = "server_instances"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE server_instances (
                id TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                pid BIGINT NOT NULL,
                process_space TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL,
                stopped_at BIGINT)
            """,
            "CREATE INDEX server_instances_space ON server_instances (process_space, stopped_at)",
            "ALTER TABLE idempotency_keys ADD COLUMN instance_id TEXT",
            "ALTER TABLE bank_statements ADD COLUMN instance_id TEXT",
        ]
    }
}
