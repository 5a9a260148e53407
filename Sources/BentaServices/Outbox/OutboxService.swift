import BentaCore
import BentaFormats
import BentaStore
import Foundation
import Logging

/// Outgoing email: queued in the transaction of the action that sends it, delivered later by ``processDue(now:)``
/// (run by ``OutboxWorker``), retried with backoff, and visible with its status.
///
/// Nothing lost: a message exists once its action commits, and stays until the server accepts it or refuses it
/// for good. Nothing sent twice: a worker claims a message under a lease before sending and records the server's
/// 250 right after it. One window remains: if the process dies (or the database becomes unreachable for longer
/// than the write's retries) after the server's 250 and before that record commits, the lease expires and the
/// message is sent again — a duplicate, never a loss. The stable Message-ID lets receiving systems spot it.
public struct OutboxService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    let logger: Logger
    /// Timeouts and TLS trust for talking to SMTP servers; tests replace them.
    public var transport: SMTPTransportOptions
    /// Seals the SMTP password in the database; it is opened only to log in to the server.
    let secrets: SecretBox

    init(
        database: any AppDatabase, clock: AppClock, audit: AuditWriter, logger: Logger, secrets: SecretBox,
        transport: SMTPTransportOptions = .init()
    ) {
        self.database = database
        self.clock = clock
        self.audit = audit
        self.logger = logger
        self.secrets = secrets
        self.transport = transport
    }

    // MARK: - Queuing

    /// Composes `email` with the company's sender address and queues it, on `db` — the caller's transaction — so
    /// the email exists exactly when the caller's change commits.
    ///
    /// Throws ``RecordError/conflict(code:detail:)`` (`email_not_configured`) when the company has no SMTP
    /// settings, and ``ValidationErrors`` when an address or header is unusable.
    public func enqueue(_ email: OutgoingEmail, on db: StoreConnection) async throws -> OutboxMessage {
        guard let (settings, _) = try await SMTPSettingsStore(db).find(companyID: email.companyID) else {
            throw Self.notConfigured
        }
        let id: OutboxMessage.ID = clock.newID()
        let now = clock.now()
        let from = MailAddress(
            name: settings.fromName.isEmpty ? nil : settings.fromName, address: settings.fromAddress.value)
        let mail = OutgoingMail(
            from: from, to: email.to, cc: email.cc, replyTo: email.replyTo, subject: email.subject, date: now,
            messageID: "\(id)@\(settings.fromAddress.domain)", textBody: email.textBody, htmlBody: email.htmlBody,
            attachments: email.attachments)
        let bytes: [UInt8]
        do {
            bytes = try MailComposer.compose(mail)
        } catch {
            var errors = ValidationErrors()
            errors.add(field: error.field, code: error.code, message: error.detail)
            throw errors
        }
        guard bytes.count <= Self.maximumMessageBytes else {
            var errors = ValidationErrors()
            errors.add(
                field: "attachments", code: "too_large",
                message: "The email with its attachments is larger than 20 MiB; most mail servers refuse that.")
            throw errors
        }
        let message = OutboxMessage.queued(
            id: id, companyID: email.companyID, kind: email.kind, relatedType: email.relatedType,
            relatedID: email.relatedID, messageID: mail.messageID, envelopeFrom: settings.fromAddress.value,
            to: email.to.map(\.address), cc: email.cc.map(\.address), subject: email.subject,
            byteCount: Int64(bytes.count), queuedBy: email.queuedBy, now: now)
        try await OutboxStore(db).insert(message, data: bytes)
        try await audit.record(
            "email.queued", entityType: "outbox_message", entityID: id.description, companyID: email.companyID,
            actor: email.queuedBy, details: ["kind": email.kind, "related": email.relatedID ?? ""], on: db)
        return message
    }

    /// Queues a short test message to `address` (the settings page's button). Admins only.
    public func queueTestEmail(to address: String, viewer: Viewer) async throws -> OutboxMessage {
        try Self.checkAdministrator(viewer)
        var errors = ValidationErrors()
        let recipient = Validate.email(address, field: "to", isRequired: true, into: &errors)
        try errors.throwIfAny()
        guard let recipient else { throw errors }
        let email = OutgoingEmail(
            companyID: viewer.companyID, kind: "test", to: [MailAddress(address: recipient.value)],
            subject: "Benta test email",
            textBody: "This message was sent from Benta to check the outgoing email settings.\n"
                + "Ang mensaheng ito ay ipinadala mula sa Benta upang subukan ang mga setting ng papalabas na email.\n",
            queuedBy: viewer.userID)
        return try await database.transaction { db in try await enqueue(email, on: db) }
    }

    // MARK: - Reading

    /// The outbox. Admins, heads of sales and accountants see every message of the company; a manager sees the
    /// messages their own actions queued.
    public func list(viewer: Viewer, filter: OutboxFilter, page: PageRequest) async throws -> Page<OutboxMessage> {
        var filter = filter
        if !viewer.role.seesAllRecords { filter.queuedBy = viewer.userID }
        let scoped = filter
        return try await database.read { db in
            try await OutboxStore(db).list(companyID: viewer.companyID, filter: scoped, page: page)
        }
    }

    /// One message, under the same visibility as ``list(viewer:filter:page:)``.
    public func message(_ id: OutboxMessage.ID, viewer: Viewer) async throws -> OutboxMessage {
        let found = try await database.read { db in try await OutboxStore(db).find(id, companyID: viewer.companyID) }
        guard let found, viewer.role.seesAllRecords || found.queuedBy == viewer.userID else {
            throw RecordError.notFound(entity: "outbox_message")
        }
        return found
    }

    // MARK: - Settings

    /// The company's SMTP settings and their version; nil when not set up. Admins only. The password is as stored,
    /// sealed: it tells only whether one is set.
    public func smtpSettings(viewer: Viewer) async throws -> (settings: SMTPSettings, version: Int64)? {
        try Self.checkAdministrator(viewer)
        return try await database.read { db in try await SMTPSettingsStore(db).find(companyID: viewer.companyID) }
    }

    /// Creates or replaces the company's SMTP settings. Admins only. The password is kept when the draft has none.
    public func saveSMTPSettings(
        _ draft: SMTPSettingsDraft, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> (settings: SMTPSettings, version: Int64) {
        try Self.checkAdministrator(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = SMTPSettingsStore(db)
            let existing = try await store.find(companyID: viewer.companyID)
            // None saved yet is version 0: a first save naming another version (or made meanwhile) is stale.
            _ = try RecordError.checkVersion(expectedVersion, current: existing?.version ?? 0, entity: "smtp_settings")
            // The stored password is opened to be checked and kept; a new one replaces it. One that this key can no
            // longer open (the key changed) must be typed again.
            var existingPassword: String?
            do {
                existingPassword = try existing?.settings.password.map(secrets.open)
            } catch  where draft.password == nil {
                var errors = ValidationErrors()
                errors.add(
                    field: "password", code: "password_unreadable",
                    message: "The stored password cannot be read with this server's secret key; enter it again.")
                throw errors
            }
            let settings = try Self.validate(draft, existingPassword: existingPassword)
            var sealed = settings
            sealed.password = try settings.password.map(secrets.seal)
            let version = (existing?.version ?? 0) + 1
            try await store.save(sealed, companyID: viewer.companyID, version: version, now: clock.now())
            try await audit.record(
                "smtp_settings.saved", entityType: "smtp_settings", entityID: viewer.companyID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["host": settings.host, "port": "\(settings.port)", "security": settings.security.rawValue],
                on: db)
            return (settings, version)
        }
    }

    static func validate(_ draft: SMTPSettingsDraft, existingPassword: String?) throws -> SMTPSettings {
        var errors = ValidationErrors()
        let host = Validate.requiredText(draft.host, field: "host", maxLength: 253, into: &errors)
        if let host,
            !host.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-:[]".unicodeScalars.contains($0))
            })
        {
            errors.add(field: "host", code: "invalid_host", message: "Enter a host name like smtp.example.com.")
        }
        let port = Int(draft.port.trimmingCharacters(in: .whitespaces))
        if port == nil || !(1...65535).contains(port ?? 0) {
            errors.add(field: "port", code: "out_of_range", message: "Enter a port from 1 to 65535, like 587.")
        }
        let security = SMTPSecurity(rawValue: draft.security)
        if security == nil {
            errors.add(field: "security", code: "invalid_choice", message: "Choose none, starttls or tls.")
        }
        let username = Validate.optionalText(draft.username, field: "username", maxLength: 320, into: &errors)
        let password = draft.password.map { $0.isEmpty ? nil : $0 } ?? existingPassword
        if let password, password.count > 1000 {
            errors.add(field: "password", code: "too_long", message: "The password is too long.")
        }
        let from = Validate.email(draft.fromAddress, field: "from_address", isRequired: true, into: &errors)
        let name = Validate.optionalText(draft.fromName, field: "from_name", maxLength: 200, into: &errors) ?? ""
        for (field, value) in [("username", username ?? ""), ("password", password ?? ""), ("from_name", name)]
        where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.add(field: field, code: "control_character", message: "Line breaks are not allowed here.")
        }
        try errors.throwIfAny()
        guard let host, let port, let security, let from else { throw errors }
        return SMTPSettings(
            host: host, port: port, security: security, username: username, password: password, fromAddress: from,
            fromName: name)
    }

    static func checkAdministrator(_ viewer: Viewer) throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the email settings.")
        }
    }

    /// The largest composed message queued: 20 MiB, so a 15 MiB attachment (base64 grows it by a third) still fits
    /// common server limits (25 MiB at most providers).
    static let maximumMessageBytes = 20 * 1024 * 1024

    static let notConfigured = RecordError.conflict(
        code: "email_not_configured", detail: "Outgoing email is not set up yet: an admin can set it up in Settings.")

    // MARK: - Sending

    /// How long a claim lasts: twice the longest SMTP session, so a slow send never overlaps a retry.
    var leaseDuration: TimeInterval {
        max(600, 2 * Double(transport.sessionTimeout.components.seconds))
    }

    /// One pass over the outbox: sends every due message (at most `limit`), one at a time, and records each
    /// result. Safe to run from several workers and servers at once.
    @discardableResult
    public func processDue(now: Date? = nil, limit: Int = 50) async throws -> OutboxPassResult {
        var result = OutboxPassResult()
        let client = SMTPClient(options: transport)
        for _ in 0..<limit {
            let claimedAt = now ?? clock.now()
            let claim = try await claimNext(
                now: claimedAt, leaseUntil: claimedAt.addingTimeInterval(leaseDuration),
                token: Secrets.randomToken(bytes: 16))
            guard let claim else { break }
            try await deliver(claim, client: client, into: &result)
        }
        return result
    }

    /// Claims the next message due at `now` for sending under `token` until `leaseUntil` (the core's
    /// ``OutboxMessage/claim(now:leaseUntil:token:)``), in its own short transaction that commits before anything
    /// is sent; nil when nothing is due. ``processDue(now:limit:)`` calls it for each message.
    public func claimNext(now: Date, leaseUntil: Date, token: String) async throws -> OutboxClaim? {
        // The store compares stored milliseconds; the core compares the same instant, not a sub-millisecond later one.
        let now = Date(millisecondsSince1970: now.millisecondsSince1970)
        return try await database.transaction { db in
            let store = OutboxStore(db)
            guard let next = try await store.nextClaimable(now: now) else { return nil }
            var message = next.message
            try message.claim(now: now, leaseUntil: leaseUntil, token: token)
            try await store.save(message)
            return OutboxClaim(message: message, data: next.data, token: token)
        }
    }

    private func deliver(_ claim: OutboxClaim, client: SMTPClient, into result: inout OutboxPassResult) async throws {
        let message = claim.message
        if message.hasExhaustedAttempts {
            // Only a lease that ran out gets here: the worker stopped while sending, time and again.
            try await record(
                claim, error: "Gave up: sending was interrupted on every attempt.", isPermanent: true, into: &result)
            return
        }
        let stored = try await database.read { db in
            try await SMTPSettingsStore(db).find(companyID: message.companyID)?.settings
        }
        do {
            guard var settings = stored else { throw Self.notConfigured }
            settings.password = try settings.password.map(secrets.open)
            let reply = try await client.send(
                claim.data, from: message.envelopeFrom, to: message.recipients, server: settings)
            try await recordSent(claim, reply: reply)
            result.sent.append(message.id)
        } catch let error as SMTPError where error.isPermanent {
            try await record(claim, error: error.description, isPermanent: true, into: &result)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let text = (error as? RecordError)?.detail ?? String(describing: error)
            try await record(claim, error: text, isPermanent: false, into: &result)
        }
    }

    /// Records a failed attempt and counts it in the pass: retried or failed, as the core decided.
    private func record(
        _ claim: OutboxClaim, error: String, isPermanent: Bool, into result: inout OutboxPassResult
    ) async throws {
        let message = claim.message
        switch try await recordFailure(claim, error: error, isPermanent: isPermanent) {
        case .queued?:
            logger.warning(
                "email not sent, will retry",
                metadata: ["outbox_id": "\(message.id)", "attempt": "\(message.attempts)", "error": "\(error)"])
            result.retried.append(message.id)
        case .failed?:
            logger.error("email failed for good", metadata: ["outbox_id": "\(message.id)", "error": "\(error)"])
            result.failed.append(message.id)
        case .sending?, .sent?, nil:
            // The claim was taken over (its lease ran out): the worker that holds the message now records it.
            logger.warning(
                "email attempt not recorded: another worker took it over",
                metadata: ["outbox_id": "\(message.id)", "error": "\(error)"])
        }
    }

    /// Records delivery right after the server's 250 (the core's ``OutboxMessage/recordSent(token:now:)``),
    /// retrying the write briefly: each retry here is one less duplicate should the database blink. False when the
    /// claim no longer holds the message (its lease was taken over); nothing changes then.
    @discardableResult
    public func recordSent(_ claim: OutboxClaim, reply: String) async throws -> Bool {
        let (clock, audit) = (clock, audit)
        var attempt = 0
        while true {
            do {
                return try await database.transaction { db in
                    let store = OutboxStore(db)
                    guard var message = try await store.findForUpdate(claim.message.id) else { return false }
                    do {
                        try message.recordSent(token: claim.token, now: clock.now())
                    } catch OutboxError.claimLost {
                        return false
                    }
                    try await store.save(message)
                    try await audit.record(
                        "email.sent", entityType: "outbox_message", entityID: message.id.description,
                        companyID: message.companyID, actor: nil, details: ["reply": String(reply.prefix(200))],
                        origin: "job:outbox", on: db)
                    return true
                }
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    /// Records a failed attempt of `claim` as the core's retry policy says
    /// (``OutboxMessage/recordFailedAttempt(token:error:isPermanent:now:)``): back in the queue after a wait, or
    /// failed for good when `isPermanent` or out of attempts. Returns the message's status now, or nil when the
    /// claim no longer holds the message (nothing changes then).
    @discardableResult
    public func recordFailure(_ claim: OutboxClaim, error: String, isPermanent: Bool) async throws -> OutboxStatus? {
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = OutboxStore(db)
            guard var message = try await store.findForUpdate(claim.message.id) else { return nil }
            let status: OutboxStatus
            do {
                status = try message.recordFailedAttempt(
                    token: claim.token, error: error, isPermanent: isPermanent, now: clock.now())
            } catch OutboxError.claimLost {
                return nil
            }
            try await store.save(message)
            if status == .failed {
                try await audit.record(
                    "email.failed", entityType: "outbox_message", entityID: message.id.description,
                    companyID: message.companyID, actor: nil, details: ["error": String(error.prefix(200))],
                    origin: "job:outbox", on: db)
            }
            return status
        }
    }
}
