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
        group.get(RouterPath(Paths.companySettings), use: company)
        group.post(RouterPath(Paths.companySettings), use: saveCompany)
        group.get(RouterPath(Paths.profile), use: profile)
        group.post(RouterPath(Paths.profileLanguage), use: saveLanguage)
        group.post(RouterPath(Paths.profileTokens), use: createToken)
        group.post(RouterPath(Paths.profileCalendar), use: regenerateCalendar)
        group.post("/profile/tokens/:id/revoke", use: revokeToken)
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
            return .redirect(to: Paths.companySettings + "?saved=1", type: .normal)
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
        return .redirect(to: Paths.profile, type: .normal)
    }

    @Sendable func regenerateCalendar(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        _ = try await services.calendar.regenerateToken(for: context.user.id)
        return .redirect(to: Paths.profile, type: .normal)
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
        return .redirect(to: Paths.profile, type: .normal)
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        guard context.user.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the company settings.")
        }
    }

    private func profilePage(
        request: Request, context: AuthenticatedContext, newToken: String?, errors: ValidationErrors? = nil
    )
        async throws -> Response
    {
        let tokens = try await services.auth.apiTokens(of: context.user.id)
        let directory = try await PageDirectory.load(services, context: context)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "profile", title: strings["profile_title"] ?? "Profile",
            values: [
                "languages": LanguageCode.allCases.map {
                    ["code": $0.rawValue, "name": $0.displayName, "selected": $0 == context.user.language]
                },
                "tokens": tokens.map { token -> [String: Any] in
                    [
                        "name": token.name, "prefix": token.prefix, "created_at": directory.dateTime(token.createdAt),
                        "last_used_at": token.lastUsedAt.map(directory.dateTime) ?? "—",
                        "is_revoked": token.isRevoked, "revoke_url": Paths.revokeToken(token.id.description),
                    ]
                },
                "has_tokens": !tokens.isEmpty, "new_token": newToken as Any,
                "calendar_feed_url":
                    "\(publicURL.base(for: request))/calendar/\(try await services.calendar.token(for: context.user.id)).ics",
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "nav_profile": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? (newToken == nil ? .ok : .created) : .unprocessableContent)
    }

    private func companyForm(
        _ draft: CompanySettingsDraft, version: Int64, errors: ValidationErrors?, saved: Bool,
        context: AuthenticatedContext, status: HTTPResponse.Status? = nil
    ) -> Response {
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "company_settings", title: strings["settings_title"] ?? "Company settings",
            values: [
                "name": draft.name, "registered_name": draft.registeredName,
                "registered_address": draft.registeredAddress, "tin": draft.tin,
                "is_vat_registered": draft.isVATRegistered, "version": String(version), "saved": saved,
                "countries": CountryCode.allCases.map {
                    ["code": $0.rawValue, "name": $0.displayName, "selected": $0.rawValue == draft.country]
                },
                "currencies": Currency.allKnown.map {
                    ["code": $0.code, "symbol": $0.symbol, "selected": $0.code == draft.baseCurrency]
                },
                "time_zone": draft.timeZone,
                "languages": LanguageCode.allCases.map {
                    ["code": $0.rawValue, "name": $0.displayName, "selected": $0.rawValue == draft.defaultLanguage]
                },
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false,
                "nav_settings": true,
            ],
            identity: context.identity, language: context.user.language,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}

typealias APITokenID = APIToken.ID
