import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Company settings (admins) and the user's own profile: language and API tokens.
struct SettingsPageController {
    let services: Services
    let renderer: PageRenderer
    let publicURL: PublicURL

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.companySettings, use: company)
        group.post(Paths.companySettings, use: saveCompany)
        group.get(Paths.profile, use: profile)
        group.post(Paths.profileLanguage, use: saveLanguage)
        group.post(Paths.profileTokens, use: createToken)
        group.post(Paths.profileCalendar, use: regenerateCalendar)
        group.post(Paths.revokeToken, use: revokeToken)
    }

    @Sendable func company(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let company = try await services.companies.company(context.viewer.companyID)
        return companyForm(
            CompanySettingsDraft(company.settings), version: company.version, errors: nil,
            saved: request.query("saved") != nil, context: context)
    }

    @Sendable func saveCompany(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        let draft = CompanySettingsDraft(
            name: form["name"], registeredName: form["registered_name"], registeredAddress: form["registered_address"],
            tin: form["tin"], isVATRegistered: form["is_vat_registered"] == "on", country: form["country"],
            baseCurrency: form["base_currency"], timeZone: form["time_zone"], defaultLanguage: form["default_language"])
        do {
            _ = try await services.companies.updateSettings(
                draft, expectedVersion: Int64(form["version"]), viewer: context.viewer)
            return .redirect(to: Paths.companySettings() + "?saved=1", type: .normal)
        } catch let errors as ValidationErrors {
            return companyForm(
                draft, version: Int64(form["version"]) ?? 0, errors: errors, saved: false, context: context)
        } catch RecordError.staleVersion {
            // Show what was typed against the current version, so saving again applies it knowingly.
            let current = try await services.companies.company(context.viewer.companyID)
            var stale = ValidationErrors()
            stale.add(field: "version", code: "stale_version", message: "Someone else changed the settings.")
            return companyForm(
                draft, version: current.version, errors: stale, saved: false, context: context,
                status: .preconditionFailed)
        }
    }

    @Sendable func profile(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await profilePage(request: request, context: context, newToken: nil)
    }

    @Sendable func saveLanguage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        guard let language = LanguageCode(rawValue: form["language"]) else {
            var errors = ValidationErrors()
            errors.add(field: "language", code: "invalid_language", message: "Choose English or Filipino.")
            throw errors
        }
        try await services.users.setLanguage(language, for: context.user.id)
        // The offer of `?lang=` (``LanguageMiddleware``) comes back to the page it was made on.
        return .redirect(to: SafeRedirect.local(form["next"]) ?? Paths.profile(), type: .normal)
    }

    @Sendable func regenerateCalendar(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await services.calendar.regenerateToken(for: context.user.id)
        return .redirect(to: Paths.profile(), type: .normal)
    }

    @Sendable func createToken(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            let created = try await services.auth.createAPIToken(for: context.user, name: form["name"])
            return try await profilePage(request: request, context: context, newToken: created.secret)
        } catch let errors as ValidationErrors {
            return try await profilePage(request: request, context: context, newToken: nil, errors: errors)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: APITokenID = try PathID.parse(context, entity: "api_token")
        try await services.auth.revokeAPIToken(id, by: context.viewer)
        return .redirect(to: Paths.profile(), type: .normal)
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        try context.requireAdministrator(to: "change the company settings")
    }

    private func profilePage(
        request: Request, context: AuthenticatedContext, newToken: String?, errors: ValidationErrors? = nil
    )
        async throws -> Response
    {
        let tokens = try await services.auth.apiTokens(of: context.user.id)
        let directory = try await PageDirectory.load(services, context: context)
        let feedToken = try await services.calendar.token(for: context.user.id)
        let strings = renderer.translations.table(context.user.language)
        let model = ProfilePage.make(
            language: context.user.language, tokens: tokens, newToken: newToken,
            calendarFeedURL: "\(publicURL.base(for: request))/calendar/\(feedToken).ics",
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) }, directory: directory)
        return renderer.render(
            "profile", title: strings["profile_title"] ?? "Profile", model: model, section: .profile,
            identity: context.identity, language: context.user.language,
            status: errors == nil ? (newToken == nil ? .ok : .created) : .unprocessableContent)
    }

    private func companyForm(
        _ draft: CompanySettingsDraft, version: Int64, errors: ValidationErrors?, saved: Bool,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        let model = CompanySettingsPage.make(
            draft, version: version,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) }, saved: saved)
        return renderer.render(
            "company_settings", title: strings["settings_title"] ?? "Company settings", model: model,
            section: .settings, identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}

typealias APITokenID = APIToken.ID
