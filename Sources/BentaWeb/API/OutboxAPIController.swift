import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/outbox` (the email queue and each message's status) and `/api/v1/settings/smtp` (admins).
///
/// Admins, heads of sales and accountants list every message of the company; a manager lists the messages their
/// own actions queued. The SMTP password is write-only: it is never returned, only whether one is set.
struct OutboxAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.outbox, use: list)
        group.get(Paths.API.outboxMessage, use: show)
        group.get(Paths.API.smtpSettings, use: showSettings)
        group.put(Paths.API.smtpSettings, use: updateSettings)
        group.post(Paths.API.smtpTest, use: sendTest)
    }

    static func status(_ request: Request) throws -> OutboxStatus? {
        guard let text = request.query("status"), !text.isEmpty, text != "all" else { return nil }
        guard let status = OutboxStatus(rawValue: text) else {
            throw RequestError.invalidParameter(
                name: "status", message: "must be queued, sending, sent, failed or all.")
        }
        return status
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.outbox.list(
            viewer: context.viewer, filter: OutboxFilter(status: try Self.status(request)),
            page: try ListQuery.page(request))
        let now = services.clock.now()
        return JSONResponse.make(
            ListResponse(data: page.items.map { OutboxMessageResponse($0, now: now) }, nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let message = try await services.outbox.message(
            try PathID.parse(context, entity: "outbox_message"), viewer: context.viewer)
        return JSONResponse.make(OutboxMessageResponse(message, now: services.clock.now()))
    }

    @Sendable func showSettings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let found = try await services.outbox.smtpSettings(viewer: context.viewer)
        var response = JSONResponse.make(SMTPSettingsResponse(settings: found?.settings, version: found?.version ?? 0))
        if let version = found?.version { response.setVersionTag(version) }
        return response
    }

    /// Creates or replaces the settings at the version read. A `password` left out keeps the stored one; `""` or null
    /// removes it.
    @Sendable func updateSettings(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            SMTPSettingsRequest.self, from: request, allowedKeys: SMTPSettingsRequest.allowedKeys)
        try context.requireAdministrator(to: "change the email settings")
        // The version read, as every update (400 `version_required` without one once settings are saved; the first
        // save may leave it out or send 0).
        let version = try await VersionPrecondition.required(body: body.version, request: request) {
            try await services.outbox.smtpSettings(viewer: context.viewer)?.version ?? 0
        }
        var draft = SMTPSettingsDraft()
        draft.host = body.host ?? ""
        draft.port = body.port?.text ?? ""
        draft.security = body.security ?? ""
        draft.username = body.username ?? ""
        if let password = body.password { draft.password = password ?? "" }
        draft.fromAddress = body.fromAddress ?? ""
        draft.fromName = body.fromName ?? ""
        let saved = try await services.outbox.saveSMTPSettings(draft, viewer: context.viewer, expectedVersion: version)
        return JSONResponse.record(
            SMTPSettingsResponse(settings: saved.settings, version: saved.version), version: saved.version)
    }

    /// Queues a test message to `{"to": "…"}`; 202 with the queued message.
    @Sendable func sendTest(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(SMTPTestRequest.self, from: request, allowedKeys: ["to"])
        let message = try await services.outbox.queueTestEmail(to: body.to ?? "", viewer: context.viewer)
        return JSONResponse.make(
            OutboxMessageResponse(message, now: services.clock.now()), status: .accepted,
            location: Paths.API.outboxMessage(message.id))
    }
}

/// An outbox message on the wire, without its bytes (nor its claim token), with the steps the core allows it at
/// `now` (`allowed_actions`: all the outbox worker's; no person changes a message).
struct OutboxMessageResponse: Encodable {
    let message: OutboxMessage
    let now: Date

    init(_ message: OutboxMessage, now: Date) {
        self.message = message
        self.now = now
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(message.id.description, forKey: .id)
        try c.encode(message.kind, forKey: .kind)
        try c.encode(message.relatedType, forKey: .relatedType)
        try c.encode(message.relatedID, forKey: .relatedId)
        try c.encode(message.messageID, forKey: .messageId)
        try c.encode(message.to, forKey: .to)
        try c.encode(message.cc, forKey: .cc)
        try c.encode(message.subject, forKey: .subject)
        try c.encode(message.byteCount, forKey: .byteCount)
        try c.encode(message.status.rawValue, forKey: .status)
        try c.encode(message.attempts, forKey: .attempts)
        try c.encode(message.nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(message.lastError, forKey: .lastError)
        try c.encode(message.sentAt, forKey: .sentAt)
        try c.encode(message.queuedBy?.description, forKey: .queuedBy)
        try c.encode(message.createdAt, forKey: .createdAt)
        try c.encode(message.allowedActions(at: now).map(\.rawValue).sorted(), forKey: .allowedActions)
    }

    private enum Keys: String, CodingKey {
        case id, kind, relatedType, relatedId, messageId, to, cc, subject, byteCount, status, attempts
        case nextAttemptAt, lastError, sentAt, queuedBy, createdAt, allowedActions
    }
}

/// The SMTP settings on the wire: everything but the password, which shows only as `has_password`.
struct SMTPSettingsResponse: Encodable {
    let settings: SMTPSettings?
    let version: Int64

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(settings != nil, forKey: .isConfigured)
        try c.encode(settings?.host, forKey: .host)
        try c.encode(settings?.port, forKey: .port)
        try c.encode(settings?.security.rawValue, forKey: .security)
        try c.encode(settings?.username, forKey: .username)
        try c.encode(settings?.password != nil, forKey: .hasPassword)
        try c.encode(settings?.fromAddress.value, forKey: .fromAddress)
        try c.encode(settings?.fromName, forKey: .fromName)
        try c.encode(version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case isConfigured, host, port, security, username, hasPassword, fromAddress, fromName, version
    }
}

/// The body of `PUT /api/v1/settings/smtp`.
struct SMTPSettingsRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "host", "port", "security", "username", "password", "from_address", "from_name", "version",
    ]
    var host: String?
    var port: StringOrNumber?
    var security: String?
    var username: String?
    /// Absent: keep; null or "": remove.
    var password: String??
    var fromAddress: String?
    var fromName: String?
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case host, port, security, username, password, fromAddress, fromName, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(StringOrNumber.self, forKey: .port)
        security = try c.decodeIfPresent(String.self, forKey: .security)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        password = try c.patch(String.self, forKey: .password)
        fromAddress = try c.decodeIfPresent(String.self, forKey: .fromAddress)
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }
}

/// The body of `POST /api/v1/settings/smtp/test`.
struct SMTPTestRequest: Decodable {
    var to: String?
}
