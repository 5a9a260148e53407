import Foundation

/// The audit log becomes tamper-evident (issue 15): each event is sealed into a per-company hash chain
/// (`audit_chain`: sequence, event, SHA-256 of the event and of the previous link), and the log and its chain refuse
/// UPDATE and DELETE on both engines (the PostgreSQL function is migration 16's).
struct M0020_AuditChain: Migration {
    let number = 20
    let name = "audit_chain"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            """
            CREATE TABLE audit_chain (
                company_id TEXT NOT NULL REFERENCES companies (id),
                seq BIGINT NOT NULL,
                event_id TEXT NOT NULL UNIQUE,
                hash TEXT NOT NULL,
                sealed_at BIGINT NOT NULL,
                PRIMARY KEY (company_id, seq))
            """
        ] + appendOnly(["audit_events", "audit_chain"], on: engine)
    }
}
