import Foundation

/// Audit rows name what made them (issue 15): the HTTP request's id (`request_id`, its `X-Request-ID`) or, outside a
/// request, the job or command (`origin`). Both are nullable: rows written before stay as they were, and still verify
/// (the chain hashes the new columns only for rows that have them).
struct M0033_AuditRequestID: Migration {
    let number = 33
    let name = "audit_request_id"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE audit_events ADD COLUMN request_id TEXT",
            "ALTER TABLE audit_events ADD COLUMN origin TEXT",
        ]
    }
}
