import BentaCore
import Foundation
import SQLKit

/// The outbox table: queuing in the caller's transaction, claiming under a lease, and saving what the message's
/// transitions (``OutboxMessage``'s `claim`, `recordSent`, `recordFailedAttempt`) decided; it decides no status
/// itself.
///
/// Claims run in their own short transaction and commit before the worker talks to the SMTP server; the result
/// is recorded in another one, after loading the message with its row locked, and only by the claim that still
/// holds it (its `claim_token`, checked by the core).
public struct OutboxStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Every column except the message bytes.
    static let columns = """
        id, company_id, kind, related_type, related_id, message_id, envelope_from, to_addresses, cc_addresses, subject,
        byte_count, status, attempts, next_attempt_at, claimed_until, claim_token, last_error, sent_at, queued_by,
        created_at, updated_at
        """

    /// Inserts a message just queued (`OutboxMessage.queued(…)`, the start of its life) with its composed bytes.
    /// Runs on the caller's connection, so it commits with the caller.
    public func insert(_ message: OutboxMessage, data: [UInt8]) async throws {
        try await db.raw(
            """
            INSERT INTO outbox_messages (id, company_id, kind, related_type, related_id, message_id, envelope_from,
                to_addresses, cc_addresses, subject, byte_count, data, status, attempts, next_attempt_at,
                claimed_until, claim_token, last_error, sent_at, queued_by, created_at, updated_at)
            VALUES (\(bind: message.id.description), \(bind: message.companyID.description), \(bind: message.kind),
                \(bind: message.relatedType), \(bind: message.relatedID), \(bind: message.messageID),
                \(bind: message.envelopeFrom), \(bind: try jsonText(message.to)), \(bind: try jsonText(message.cc)),
                \(bind: message.subject), \(bind: Int64(data.count)), \(bind: Data(data)),
                \(bind: message.status.rawValue), \(bind: Int64(message.attempts)),
                \(bind: message.nextAttemptAt.millisecondsSince1970),
                \(bind: message.claimedUntil?.millisecondsSince1970), \(bind: message.claimToken),
                \(bind: message.lastError), \(bind: message.sentAt?.millisecondsSince1970),
                \(bind: message.queuedBy?.description), \(bind: message.createdAt.millisecondsSince1970),
                \(bind: message.updatedAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The next message a worker may claim at `now`, with its bytes, its row locked until the transaction ends; nil
    /// when nothing is claimable. The caller claims it (``OutboxMessage/claim(now:leaseUntil:token:)``) and saves
    /// it in the same transaction.
    ///
    /// Which messages are claimable is the core's rule (``OutboxMessage/claimRules``), turned into SQL here because
    /// the choice has to be made in the database: PostgreSQL skips rows another worker is claiming
    /// (`FOR UPDATE SKIP LOCKED`), so workers on several servers never wait for or take the same message; on SQLite
    /// the write transaction (`BEGIN IMMEDIATE`) admits one claimer at a time.
    public func nextClaimable(now: Date) async throws -> (message: OutboxMessage, data: [UInt8])? {
        let millis = now.millisecondsSince1970
        let due: [SQLQueryString] = OutboxMessage.claimRules.map { rule in
            let column = Self.column(rule.instant)
            return "(status = \(bind: rule.status.rawValue) AND \(unsafeRaw: column) <= \(bind: millis))"
        }
        let lock = db.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
        let row = try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns), data FROM outbox_messages
            WHERE \(due.joined(separator: " OR "))
            ORDER BY next_attempt_at, id LIMIT 1\(unsafeRaw: lock)
            """
        ).first()
        guard let row else { return nil }
        return (try Self.decode(row), Array(try row.decode(column: "data", as: Data.self)))
    }

    /// The column that stores a claim rule's instant.
    static func column(_ instant: OutboxClaimInstant) -> String {
        switch instant {
        case .nextAttempt: "next_attempt_at"
        case .leaseEnd: "claimed_until"
        }
    }

    /// The message, in any company, with its row locked until the transaction ends (the worker recording a result).
    public func findForUpdate(_ id: OutboxMessage.ID) async throws -> OutboxMessage? {
        let lock = SQLDialectFacts.rowLockSuffix(db)
        return try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM outbox_messages WHERE id = \(bind: id.description)\(unsafeRaw: lock)
            """
        ).first().map(Self.decode)
    }

    /// Saves the life-cycle columns as the message's last transition left them (the composed email never changes).
    public func save(_ message: OutboxMessage) async throws {
        try await db.raw(
            """
            UPDATE outbox_messages SET status = \(bind: message.status.rawValue),
                attempts = \(bind: Int64(message.attempts)), next_attempt_at = \(bind: message.nextAttemptAt.millisecondsSince1970),
                claimed_until = \(bind: message.claimedUntil?.millisecondsSince1970),
                claim_token = \(bind: message.claimToken), last_error = \(bind: message.lastError),
                sent_at = \(bind: message.sentAt?.millisecondsSince1970),
                updated_at = \(bind: message.updatedAt.millisecondsSince1970)
            WHERE id = \(bind: message.id.description)
            """
        ).run()
    }

    public func find(_ id: OutboxMessage.ID, companyID: Company.ID) async throws -> OutboxMessage? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM outbox_messages
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            """
        ).first().map(Self.decode)
    }

    /// The composed bytes of a message.
    public func data(_ id: OutboxMessage.ID, companyID: Company.ID) async throws -> [UInt8]? {
        try await db.raw(
            """
            SELECT data FROM outbox_messages
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            """
        ).first().map { Array(try $0.decode(column: "data", as: Data.self)) }
    }

    /// The company's messages, newest first.
    public func list(companyID: Company.ID, filter: OutboxFilter, page: PageRequest) async throws -> Page<OutboxMessage>
    {
        // Newest first through the shared (sort_name, id) keyset: a fixed-width text key that falls as time rises.
        var sql: SQLQueryString = """
            SELECT o.* FROM (SELECT \(unsafeRaw: Self.columns),
                CAST(9000000000000000 - created_at AS TEXT) AS sort_name FROM outbox_messages) o
            WHERE o.company_id = \(bind: companyID.description)
            """
        if let status = filter.status { sql += " AND o.status = \(bind: status.rawValue)" }
        if let user = filter.queuedBy { sql += " AND o.queued_by = \(bind: user.description)" }
        return try await db.sortedPage(sql, alias: "o", page: page, decode: Self.decode)
    }

    /// How many messages of the company are in each status.
    public func counts(companyID: Company.ID) async throws -> [OutboxStatus: Int] {
        let rows = try await db.raw(
            """
            SELECT status, COUNT(*) AS n FROM outbox_messages WHERE company_id = \(bind: companyID.description)
            GROUP BY status
            """
        ).all()
        var counts: [OutboxStatus: Int] = [:]
        for row in rows {
            if let status = OutboxStatus(rawValue: try row.string("status")) {
                counts[status] = Int(try row.int64("n"))
            }
        }
        return counts
    }

    static func decode(_ row: any SQLRow) throws -> OutboxMessage {
        let statusText = try row.string("status")
        guard let status = OutboxStatus(rawValue: statusText) else {
            throw CorruptRow(description: "outbox_messages.status: \(statusText)")
        }
        return OutboxMessage(
            id: try row.id("id"), companyID: try row.id("company_id"), kind: try row.string("kind"),
            relatedType: try row.optionalString("related_type"), relatedID: try row.optionalString("related_id"),
            messageID: try row.string("message_id"), envelopeFrom: try row.string("envelope_from"),
            to: try row.strings("to_addresses"), cc: try row.strings("cc_addresses"),
            subject: try row.string("subject"), byteCount: try row.int64("byte_count"), status: status,
            attempts: Int(try row.int64("attempts")), nextAttemptAt: try row.date("next_attempt_at"),
            claimedUntil: try row.optionalDate("claimed_until"), lastError: try row.optionalString("last_error"),
            sentAt: try row.optionalDate("sent_at"), queuedBy: try row.optionalID("queued_by"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            claimToken: try row.optionalString("claim_token"))
    }
}

/// Each company's SMTP server settings (one row per company).
public struct SMTPSettingsStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The settings and their version, or nil when the company has not set up sending.
    public func find(companyID: Company.ID) async throws -> (settings: SMTPSettings, version: Int64)? {
        guard
            let row = try await db.raw(
                "SELECT * FROM smtp_settings WHERE company_id = \(bind: companyID.description)"
            ).first()
        else { return nil }
        let securityText = try row.string("security")
        let fromText = try row.string("from_address")
        guard let security = SMTPSecurity(rawValue: securityText),
            let from = try? EmailAddress(parsing: fromText)
        else { throw CorruptRow(description: "smtp_settings: \(securityText) \(fromText)") }
        let settings = SMTPSettings(
            host: try row.string("host"), port: Int(try row.int64("port")), security: security,
            username: try row.optionalString("username"), password: try row.optionalString("password"),
            fromAddress: from, fromName: try row.string("from_name"))
        return (settings, try row.int64("version"))
    }

    /// Writes the settings; the version is 1 for a new row and one more than before otherwise.
    public func save(_ settings: SMTPSettings, companyID: Company.ID, version: Int64, now: Date) async throws {
        let values: SQLQueryString = """
            \(bind: settings.host), \(bind: Int64(settings.port)), \(bind: settings.security.rawValue),
            \(bind: settings.username), \(bind: settings.password), \(bind: settings.fromAddress.value),
            \(bind: settings.fromName), \(bind: now.millisecondsSince1970), \(bind: version)
            """
        if version == 1 {
            try await db.raw(
                """
                INSERT INTO smtp_settings (company_id, host, port, security, username, password, from_address,
                    from_name, updated_at, version)
                VALUES (\(bind: companyID.description), \(values))
                """
            ).run()
        } else {
            try await db.raw(
                """
                UPDATE smtp_settings SET (host, port, security, username, password, from_address, from_name,
                    updated_at, version) = (\(values))
                WHERE company_id = \(bind: companyID.description)
                """
            ).run()
        }
    }
}
