import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/settings/email` (admins: the SMTP server and sender, and a test message) and `/settings/outbox` (the queue of
/// outgoing email with each message's status; managers see the messages they queued).
struct EmailSettingsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.emailSettings, use: show)
        group.post(Paths.emailSettings, use: save)
        group.post(Paths.emailTest, use: sendTest)
        group.get(Paths.outbox, use: outbox)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let found = try await services.outbox.smtpSettings(viewer: context.viewer)
        var draft = Self.draft(found?.settings)
        if found == nil { draft.port = "587" }
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
            return try await FormSubmission.submit {
                _ = try await services.outbox.saveSMTPSettings(draft, viewer: context.viewer, expectedVersion: version)
                return Paths.emailSettings() + "?saved=1"
            } refused: { errors in
                let current = try await services.outbox.smtpSettings(viewer: context.viewer)
                return self.form(
                    draft, version: version ?? 0, hasPassword: current?.settings.password != nil, errors: errors,
                    notice: nil, context: context)
            }
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
        return try await FormSubmission.submit {
            _ = try await services.outbox.queueTestEmail(to: form["to"], viewer: context.viewer)
            return Paths.outbox() + "?queued=1"
        } refused: { errors in
            let current = try await services.outbox.smtpSettings(viewer: context.viewer)
            return self.form(
                Self.draft(current?.settings), version: current?.version ?? 0,
                hasPassword: current?.settings.password != nil, errors: errors, notice: nil, context: context,
                testTo: form["to"])
        }
    }

    /// The form's fields for the stored settings (never the password); empty when none are stored.
    private static func draft(_ settings: SMTPSettings?) -> SMTPSettingsDraft {
        var draft = SMTPSettingsDraft()
        guard let settings else { return draft }
        draft.host = settings.host
        draft.port = String(settings.port)
        draft.security = settings.security.rawValue
        draft.username = settings.username ?? ""
        draft.fromAddress = settings.fromAddress.value
        draft.fromName = settings.fromName
        return draft
    }

    @Sendable func outbox(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let status = try OutboxAPIController.status(request)
        let page = try await services.outbox.list(
            viewer: context.viewer, filter: OutboxFilter(status: status), page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        let model = OutboxPage.make(
            page, status: status, queued: request.query("queued") != nil,
            isAdmin: context.user.role.isAdministrator, directory: directory, strings: strings)
        return renderer.render(
            "outbox", title: strings["outbox_title"] ?? "Outgoing email", model: model, section: .settings,
            identity: context.identity, language: context.user.language)
    }

    private func form(
        _ draft: SMTPSettingsDraft, version: Int64, hasPassword: Bool, errors: ValidationErrors?, notice: String?,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil, testTo: String = ""
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        let model = EmailSettingsPage.make(
            draft, version: version, hasPassword: hasPassword, saved: notice != nil, testTo: testTo,
            userEmail: context.user.email.value, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "email_settings", title: strings["email_settings_title"] ?? "Email", model: model, section: .settings,
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
