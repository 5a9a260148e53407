import Foundation

/// Idempotency keys that cannot stay "in progress" for ever, and that expire.
///
/// `claim_token` names the claim that may store the answer: the work's own transaction stores it only while the token
/// is still its own, so a claim taken over by a retry (its work never committed within the bounded time) can no
/// longer commit. `created_at` becomes the time of the current claim; rows older than a day are expired and purged
/// through the index, oldest first. Keys claimed before this migration get the empty token: one still in progress
/// is taken over when stale, as any other.
struct M0013_IdempotencyClaims: Migration {
    let number = 13
    let name = "idempotency_claims"

    func statements(for engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE idempotency_keys ADD COLUMN claim_token TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
        ]
    }
}
