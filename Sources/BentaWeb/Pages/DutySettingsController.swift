import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Each company's own duties (issue 13): the admin's settings page and `GET/PUT /api/v1/settings/duties`. Everyone
/// reads the settings (clients offer only the actions the caller's duties allow); an admin changes them.
struct DutySettingsController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(pages: RouterGroup<AuthenticatedContext>, api: RouterGroup<AuthenticatedContext>) {
        pages.get(Paths.dutySettings, use: page)
        pages.post(Paths.dutySettings, use: save)
        api.get(Paths.API.dutySettings, use: json)
        api.put(Paths.API.dutySettings, use: put)
    }

    // MARK: API

    @Sendable func json(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let (duties, version) = try await services.companies.duties(viewer: context.viewer)
        return JSONResponse.record(DutySettingsWire(duties, version: version), version: version)
    }

    @Sendable func put(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            DutySettingsWire.Input.self, from: request, allowedKeys: DutySettingsWire.Input.keys)
        try context.requireAdministrator(to: "change the company's duties")
        // The version read (body `version` or `If-Match`), as every update: 400 `version_required` without one.
        let expected = try VersionPrecondition.required(body: body.version, request: request)
        let current = try await services.companies.duties(viewer: context.viewer)
        let saved = try await services.companies.updateDuties(
            body.draft(over: current.duties), expectedVersion: expected, viewer: context.viewer)
        return JSONResponse.record(DutySettingsWire(saved.duties, version: saved.version), version: saved.version)
    }

    // MARK: Page

    @Sendable func page(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.requireAdministrator(to: "change the company's duties")
        let (duties, version) = try await services.companies.duties(viewer: context.viewer)
        return try await form(
            DutySettingsPage.draft(duties), version: version, errors: nil, saved: request.query("saved") != nil,
            context: context)
    }

    @Sendable func save(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.requireAdministrator(to: "change the company's duties")
        let form = context.form ?? FormData()
        var duties: [Role: [String]] = [:]
        for role in DutySettings.configurableRoles { duties[role] = form.all(role.rawValue) }
        let draft = DutySettingsDraft(
            duties: duties, discountLimitPercent: form["discount_limit_percent"], collectorID: form["collector_id"])
        do {
            _ = try await services.companies.updateDuties(
                draft, expectedVersion: Int64(form["version"]), viewer: context.viewer)
            return .redirect(to: Paths.dutySettings() + "?saved=1", type: .normal)
        } catch let errors as ValidationErrors {
            return try await self.form(
                draft, version: Int64(form["version"]) ?? 0, errors: errors, saved: false, context: context)
        } catch RecordError.staleVersion {
            let current = try await services.companies.duties(viewer: context.viewer)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed the settings.")
            return try await self.form(
                draft, version: current.version, errors: stale, saved: false, context: context,
                status: .preconditionFailed)
        }
    }

    private func form(
        _ draft: DutySettingsDraft, version: Int64, errors: ValidationErrors?, saved: Bool,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let users = try await services.users.all(companyID: context.viewer.companyID)
        let model = DutySettingsPage.make(
            draft, version: version, users: users.filter(\.isActive), strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: language) }, saved: saved)
        return renderer.render(
            "duty_settings", title: strings["duties_title"] ?? "Duties", model: model, section: .settings,
            identity: context.identity, language: language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
