import BentaCore
import Foundation
import SQLKit

/// Which outbox messages a list shows.
public struct OutboxFilter: Sendable, Hashable {
    public var status: OutboxStatus?
    /// Only messages this user queued (a manager's view).
    public var queuedBy: User.ID?

    public init(status: OutboxStatus? = nil, queuedBy: User.ID? = nil) {
        self.status = status
        self.queuedBy = queuedBy
    }
}

/// A message to put in the outbox, already composed.
public struct OutboxEntry: Sendable, Hashable {
    public var id: OutboxMessage.ID
    public var companyID: Company.ID
    public var kind: String
    public var relatedType: String?
    public var relatedID: String?
    public var messageID: String
    public var envelopeFrom: String
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var data: [UInt8]
    public var queuedBy: User.ID?

    public init(
        id: OutboxMessage.ID, companyID: Company.ID, kind: String, relatedType: String?, relatedID: String?,
        messageID: String, envelopeFrom: String, to: [String], cc: [String], subject: String, data: [UInt8],
        queuedBy: User.ID?
    ) {
        self.id = id
        self.companyID = companyID
        self.kind = kind
        self.relatedType = relatedType
        self.relatedID = relatedID
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.to = to
        self.cc = cc
        self.subject = subject
        self.data = data
        self.queuedBy = queuedBy
    }
}

/// The outbox table: queuing in the caller's transaction, claiming under a lease, and recording results.
///
/// Claims run in their own short transaction and commit before the worker talks to the SMTP server; the result
/// is recorded in another one, and only by the claim that still holds the message (`claim_token`).
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

    /// Inserts a queued message, due at `now`. Runs on the caller's connection, so it commits with the caller.
    public func insert(_ entry: OutboxEntry, now: Date) async throws -> OutboxMessage {
        let millis = now.millisecondsSince1970
        try await db.raw(
            """
            INSERT INTO outbox_messages (id, company_id, kind, related_type, related_id, message_id, envelope_from,
                to_addresses, cc_addresses, subject, byte_count, data, status, attempts, next_attempt_at,
                queued_by, created_at, updated_at)
            VALUES (\(bind: entry.id.description), \(bind: entry.companyID.description), \(bind: entry.kind),
                \(bind: entry.relatedType), \(bind: entry.relatedID), \(bind: entry.messageID),
                \(bind: entry.envelopeFrom), \(bind: try jsonText(entry.to)), \(bind: try jsonText(entry.cc)),
                \(bind: entry.subject), \(bind: Int64(entry.data.count)), \(bind: Data(entry.data)), 'queued', 0,
                \(bind: millis), \(bind: entry.queuedBy?.description), \(bind: millis), \(bind: millis))
            """
        ).run()
        return OutboxMessage(
            id: entry.id, companyID: entry.companyID, kind: entry.kind, relatedType: entry.relatedType,
            relatedID: entry.relatedID, messageID: entry.messageID, envelopeFrom: entry.envelopeFrom, to: entry.to,
            cc: entry.cc, subject: entry.subject, byteCount: Int64(entry.data.count), status: .queued, attempts: 0,
            nextAttemptAt: now, claimedUntil: nil, lastError: nil, sentAt: nil, queuedBy: entry.queuedBy,
            createdAt: now, updatedAt: now)
    }

    /// Takes the next due message — queued and due, or `sending` with an expired lease (its worker stopped) — and
    /// marks it `sending` until `leaseUntil`, counting the attempt. nil when nothing is due.
    ///
    /// PostgreSQL skips rows another worker is claiming (`FOR UPDATE SKIP LOCKED`), so workers never wait for or
    /// take the same message; on SQLite the write transaction (`BEGIN IMMEDIATE`) admits one claimer at a time.
    public func claimNext(now: Date, leaseUntil: Date, token: String) async throws -> OutboxClaim? {
        let millis = now.millisecondsSince1970
        let lock = db.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
        let row = try await db.raw(
            """
            UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1,
                claimed_until = \(bind: leaseUntil.millisecondsSince1970), claim_token = \(bind: token),
                updated_at = \(bind: millis)
            WHERE id = (
                SELECT id FROM outbox_messages
                WHERE (status = 'queued' AND next_attempt_at <= \(bind: millis))
                    OR (status = 'sending' AND claimed_until <= \(bind: millis))
                ORDER BY next_attempt_at, id LIMIT 1\(unsafeRaw: lock))
            RETURNING \(unsafeRaw: Self.columns), data
            """
        ).first()
        guard let row else { return nil }
        return OutboxClaim(
            message: try Self.decode(row), data: Array(try row.decode(column: "data", as: Data.self)), token: token)
    }

    /// Records delivery; false when the claim no longer holds the message (its lease was taken over).
    public func markSent(_ id: OutboxMessage.ID, token: String, now: Date) async throws -> Bool {
        let millis = now.millisecondsSince1970
        let rows = try await db.raw(
            """
            UPDATE outbox_messages SET status = 'sent', sent_at = \(bind: millis), claimed_until = NULL,
                claim_token = NULL, last_error = NULL, updated_at = \(bind: millis)
            WHERE id = \(bind: id.description) AND claim_token = \(bind: token) AND status = 'sending'
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Puts the message back in the queue, due at `retryAt`; false when the claim no longer holds it.
    public func scheduleRetry(
        _ id: OutboxMessage.ID, token: String, error: String, retryAt: Date, now: Date
    ) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE outbox_messages SET status = 'queued', next_attempt_at = \(bind: retryAt.millisecondsSince1970),
                claimed_until = NULL, claim_token = NULL, last_error = \(bind: String(error.prefix(1000))),
                updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id.description) AND claim_token = \(bind: token) AND status = 'sending'
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Gives up on the message for good; false when the claim no longer holds it.
    public func markFailed(_ id: OutboxMessage.ID, token: String, error: String, now: Date) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE outbox_messages SET status = 'failed', claimed_until = NULL, claim_token = NULL,
                last_error = \(bind: String(error.prefix(1000))), updated_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id.description) AND claim_token = \(bind: token) AND status = 'sending'
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
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
            to: try row.json("to_addresses", as: [String].self), cc: try row.json("cc_addresses", as: [String].self),
            subject: try row.string("subject"), byteCount: try row.int64("byte_count"), status: status,
            attempts: Int(try row.int64("attempts")), nextAttemptAt: try row.date("next_attempt_at"),
            claimedUntil: try row.optionalDate("claimed_until"), lastError: try row.optionalString("last_error"),
            sentAt: try row.optionalDate("sent_at"), queuedBy: try row.optionalID("queued_by"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
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
