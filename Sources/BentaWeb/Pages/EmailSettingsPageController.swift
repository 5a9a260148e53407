import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/settings/email` (admins: the SMTP server and sender, and a test message) and `/settings/outbox` (the queue of
/// outgoing email with each message's status; managers see the messages they queued).
struct EmailSettingsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(RouterPath(Paths.emailSettings), use: show)
        group.post(RouterPath(Paths.emailSettings), use: save)
        group.post(RouterPath(Paths.emailTest), use: sendTest)
        group.get(RouterPath(Paths.outbox), use: outbox)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let found = try await services.outbox.smtpSettings(viewer: context.viewer)
        var draft = SMTPSettingsDraft()
        if let settings = found?.settings {
            draft.host = settings.host
            draft.port = String(settings.port)
            draft.security = settings.security.rawValue
            draft.username = settings.username ?? ""
            draft.fromAddress = settings.fromAddress.value
            draft.fromName = settings.fromName
        } else {
            draft.port = "587"
        }
        return form(
            draft, version: found?.version ?? 0, hasPassword: found?.settings.password != nil, errors: nil,
            notice: request.query("saved") != nil ? "email_settings_saved" : nil, context: context)
    }

    @Sendable func save(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        var draft = SMTPSettingsDraft()
        draft.host = form["host"]
        draft.port = form["port"]
        draft.security = form["security"]
        draft.username = form["username"]
        // An empty password field keeps the stored password; the checkbox removes it.
        if form["remove_password"] == "on" {
            draft.password = ""
        } else if !form["password"].isEmpty {
            draft.password = form["password"]
        }
        draft.fromAddress = form["from_address"]
        draft.fromName = form["from_name"]
        let version = Int64(form["version"]).flatMap { $0 == 0 ? nil : $0 }
        do {
            _ = try await services.outbox.saveSMTPSettings(draft, viewer: context.viewer, expectedVersion: version)
            return .redirect(to: Paths.emailSettings + "?saved=1", type: .normal)
        } catch let errors as ValidationErrors {
            let current = try await services.outbox.smtpSettings(viewer: context.viewer)
            return self.form(
                draft, version: version ?? 0, hasPassword: current?.settings.password != nil, errors: errors,
                notice: nil, context: context)
        } catch RecordError.staleVersion {
            let current = try await services.outbox.smtpSettings(viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed the settings.")
            return self.form(
                draft, version: current?.version ?? 0, hasPassword: current?.settings.password != nil, errors: stale,
                notice: nil, context: context, status: .preconditionFailed)
        }
    }

    @Sendable func sendTest(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            _ = try await services.outbox.queueTestEmail(to: form["to"], viewer: context.viewer)
            return .redirect(to: Paths.outbox + "?queued=1", type: .normal)
        } catch let errors as ValidationErrors {
            let current = try await services.outbox.smtpSettings(viewer: context.viewer)
            var draft = SMTPSettingsDraft()
            if let settings = current?.settings {
                draft.host = settings.host
                draft.port = String(settings.port)
                draft.security = settings.security.rawValue
                draft.username = settings.username ?? ""
                draft.fromAddress = settings.fromAddress.value
                draft.fromName = settings.fromName
            }
            return self.form(
                draft, version: current?.version ?? 0, hasPassword: current?.settings.password != nil,
                errors: errors, notice: nil, context: context, testTo: form["to"])
        }
    }

    @Sendable func outbox(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let status = try OutboxAPIController.status(request)
        let page = try await services.outbox.list(
            viewer: context.viewer, filter: OutboxFilter(status: status), page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let statuses: [OutboxStatus?] = [nil] + OutboxStatus.allCases
        return renderer.render(
            "outbox", title: strings["outbox_title"] ?? "Outgoing email",
            values: [
                "filters": statuses.map { option -> [String: Any] in
                    [
                        "label": strings["outbox_status_\(option?.rawValue ?? "all")"] ?? (option?.rawValue ?? "all"),
                        "url": Paths.outbox + QueryString.make([("status", option?.rawValue)]),
                        "selected": option == status,
                    ]
                },
                "messages": page.items.map { message -> [String: Any] in
                    [
                        "subject": message.subject, "to": (message.to + message.cc).joined(separator: ", "),
                        "kind": message.kind,
                        "status": strings["outbox_status_\(message.status.rawValue)"] ?? message.status.rawValue,
                        "status_code": message.status.rawValue, "attempts": message.attempts,
                        "created_at": directory.dateTime(message.createdAt),
                        // The core says when a worker takes the message next (only while it waits in the queue).
                        "next_attempt_at": message.nextAttempt.map(directory.dateTime),
                        "sent_at": message.sentAt.map(directory.dateTime), "last_error": message.lastError,
                        "queued_by": message.queuedBy.map(directory.userName),
                    ]
                },
                "has_messages": !page.items.isEmpty,
                "next_url": page.nextCursor.map {
                    Paths.outbox + QueryString.make([("status", status?.rawValue), ("cursor", $0)])
                },
                "queued": request.query("queued") != nil,
                "is_admin": context.user.role.isAdministrator,
                "nav_settings": true,
            ],
            identity: context.identity, language: context.user.language)
    }

    private func form(
        _ draft: SMTPSettingsDraft, version: Int64, hasPassword: Bool, errors: ValidationErrors?, notice: String?,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil, testTo: String = ""
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "email_settings", title: strings["email_settings_title"] ?? "Email",
            values: [
                "host": draft.host, "port": draft.port, "username": draft.username, "from_address": draft.fromAddress,
                "from_name": draft.fromName, "version": String(version), "has_password": hasPassword,
                "is_configured": version > 0, "test_to": testTo.isEmpty ? context.user.email.value : testTo,
                "securities": SMTPSecurity.allCases.map {
                    [
                        "code": $0.rawValue, "name": strings["smtp_security_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": $0.rawValue == draft.security,
                    ]
                },
                "saved": notice != nil,
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false,
                "nav_settings": true,
            ],
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
