import Foundation

/// The audit events still to be sealed, as a queue of their own (issue 11; found by the large data set). The sealer
/// found them by walking the whole log in time order and probing the chain for each event, so every run, once a
/// minute, crossed every event ever sealed, and sealing a backlog cost the square of its length: 4,124,350 events
/// of the large demo company had 350,000 sealed after several minutes, the server writing all the while and an
/// external writer (`benta migrate`, the CLI's import) refused with "database is locked".
///
/// `audit_unsealed` holds one row per event not yet in the chain, written by a trigger on every insert into
/// `audit_events` (so every path that writes an event, bulk loads included, queues it) and deleted in the seal's
/// own transaction. The log itself stays append-only; this is a work list beside it.
struct M0045_AuditSealQueue: Migration {
    let number = 45
    let name = "audit_seal_queue"

    func statements(for engine: DatabaseEngine) -> [String] {
        var statements = [
            """
            CREATE TABLE audit_unsealed (
                event_id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL,
                occurred_at BIGINT NOT NULL)
            """,
            "CREATE INDEX audit_unsealed_order ON audit_unsealed (company_id, occurred_at, event_id)",
            """
            INSERT INTO audit_unsealed (event_id, company_id, occurred_at)
            SELECT e.id, e.company_id, e.occurred_at FROM audit_events e
            WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
            """,
        ]
        switch engine {
        case .sqlite:
            statements.append(
                """
                CREATE TRIGGER audit_events_unsealed AFTER INSERT ON audit_events BEGIN
                    INSERT INTO audit_unsealed (event_id, company_id, occurred_at)
                    VALUES (new.id, new.company_id, new.occurred_at);
                END
                """)
        case .postgres:
            statements += [
                """
                CREATE FUNCTION benta_audit_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO audit_unsealed (event_id, company_id, occurred_at)
                    VALUES (NEW.id, NEW.company_id, NEW.occurred_at);
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER audit_events_unsealed AFTER INSERT ON audit_events
                    FOR EACH ROW EXECUTE FUNCTION benta_audit_unsealed()
                """,
            ]
        }
        return statements
    }
}
