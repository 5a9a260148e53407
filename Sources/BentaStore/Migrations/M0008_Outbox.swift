import Foundation

/// The outbox of outgoing email and each company's SMTP settings.
///
/// A message is queued in the transaction of the action that sends it (issuing an invoice), with its composed
/// bytes, and a worker delivers it later. `claimed_until` is the lease of the worker sending it: once it passes,
/// a crashed worker's message is due again. `claim_token` ties the result to the claim it belongs to.
///
/// `smtp_settings.password` holds the password sealed by `SecretBox` (AES-GCM under BENTA_SECRET_KEY or the data
/// folder's key file, never in the database); rows written before sealing hold it in plain text until the next save.
struct M0008_Outbox: Migration {
    let number = 8
    let name = "outbox"

    func statements(for engine: DatabaseEngine) -> [String] {
        let blob = SQLDialectFacts.blobType(engine)
        return [
            """
            CREATE TABLE outbox_messages (
                id TEXT PRIMARY KEY,
                company_id TEXT NOT NULL REFERENCES companies (id),
                kind TEXT NOT NULL,
                related_type TEXT,
                related_id TEXT,
                message_id TEXT NOT NULL,
                envelope_from TEXT NOT NULL,
                to_addresses TEXT NOT NULL,
                cc_addresses TEXT NOT NULL,
                subject TEXT NOT NULL,
                byte_count BIGINT NOT NULL,
                data \(blob) NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
                attempts BIGINT NOT NULL CHECK (attempts >= 0),
                next_attempt_at BIGINT NOT NULL,
                claimed_until BIGINT,
                claim_token TEXT,
                last_error TEXT,
                sent_at BIGINT,
                queued_by TEXT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX outbox_messages_message_id ON outbox_messages (message_id)",
            "CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at)",
            "CREATE INDEX outbox_messages_company ON outbox_messages (company_id, created_at, id)",
            "CREATE INDEX outbox_messages_related ON outbox_messages (related_type, related_id)",
            """
            CREATE TABLE smtp_settings (
                company_id TEXT PRIMARY KEY REFERENCES companies (id),
                host TEXT NOT NULL,
                port BIGINT NOT NULL CHECK (port BETWEEN 1 AND 65535),
                security TEXT NOT NULL CHECK (security IN ('none', 'starttls', 'tls')),
                username TEXT,
                password TEXT,
                from_address TEXT NOT NULL,
                from_name TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
        ]
    }
}
