import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Web-to-lead: the admin page that sets forms up, and the public form itself at `/forms/lead/{key}`.
struct LeadFormsPageController {
    let services: Services
    let renderer: PageRenderer
    let publicURL: PublicURL

    func addPublicRoutes(to router: Router<BentaRequestContext>) {
        router.get(Paths.leadForm, use: show)
        router.post(Paths.leadForm, use: submit)
    }

    func addAdminRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.leadForms, use: list)
        group.post(Paths.leadForms, use: create)
        group.post(Paths.leadFormActive, use: toggle)
    }

    /// The honeypot: a field people never see (hidden by CSS) that bots fill in.
    static let honeypot = "website_url"

    @Sendable func show(_ request: Request, context: BentaRequestContext) async throws -> Response {
        guard let key = context.parameters.get("key"), let form = try await services.leadForms.form(key: key) else {
            throw HTTPError(.notFound)
        }
        return publicPage(form, request: request, values: [:], errors: nil, status: .ok)
    }

    @Sendable func submit(_ request: Request, context: BentaRequestContext) async throws -> Response {
        guard let key = context.parameters.get("key"), let form = try await services.leadForms.form(key: key) else {
            throw HTTPError(.notFound)
        }
        let submitted = context.form ?? FormData()
        var values: [String: String] = [:]
        for field in form.fields { values[field.rawValue] = String(submitted[field.rawValue].prefix(5_000)) }
        let language = renderer.language(for: request, identity: nil)
        let strings = renderer.translations.table(language)
        do {
            let outcome = try await services.leadForms.submit(
                key: key, values: values, honeypot: submitted[Self.honeypot], ip: context.remoteAddress)
            let message: String
            switch outcome {
            case .created(_, let thankYou), .discarded(let thankYou): message = thankYou
            }
            return renderer.render(
                "public_thanks", title: strings["form_thanks_title"] ?? "Thank you",
                model: PublicThanksPage(message: message), section: nil, identity: nil, language: language)
        } catch let errors as ValidationErrors {
            return publicPage(form, request: request, values: values, errors: errors, status: .unprocessableContent)
        } catch AuthError.tooManyAttempts(let seconds) {
            let message =
                strings["form_slow_down"] ?? "Too many submissions from your address. Please try again later."
            var response = renderer.render(
                "public_thanks", title: strings["form_slow_down_title"] ?? "Please wait",
                model: PublicThanksPage(message: message), section: nil, identity: nil, language: language,
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    private func publicPage(
        _ form: LeadForm, request: Request, values: [String: String], errors: ValidationErrors?,
        status: HTTPResponse.Status
    ) -> Response {
        let language = renderer.language(for: request, identity: nil)
        let strings = renderer.translations.table(language)
        let model = PublicLeadFormPage.make(
            form, values: values, honeypot: Self.honeypot, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: language) })
        return renderer.render(
            "public_form", title: form.name, model: model, section: nil, identity: nil, language: language,
            status: status)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await adminPage(request: request, context: context, errors: nil)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        return try await FormSubmission.submit {
            _ = try await services.leadForms.create(
                name: form["name"], fields: form.all("fields").compactMap(LeadForm.Field.init(rawValue:)),
                required: form.all("required").compactMap(LeadForm.Field.init(rawValue:)), thankYou: form["thank_you"],
                viewer: context.viewer)
            return Paths.leadForms()
        } refused: { errors in
            try await adminPage(request: request, context: context, errors: errors)
        }
    }

    @Sendable func toggle(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let id: LeadForm.ID = try PathID.parse(context, entity: "lead_form")
        try await services.leadForms.setActive(
            (context.form ?? FormData())["active"] == "1", id: id, viewer: context.viewer)
        return .redirect(to: Paths.leadForms(), type: .normal)
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        try context.requireAdministrator(to: "set up web forms")
    }

    private func adminPage(
        request: Request, context: AuthenticatedContext, errors: ValidationErrors?
    ) async throws
        -> Response
    {
        let forms = try await services.leadForms.forms(viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let base = publicURL.base(for: request)
        let model = LeadFormsPage.make(
            forms, base: base, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) },
            snippet: { Self.snippet($0, action: $1, strings: strings) })
        return renderer.render(
            "lead_forms", title: strings["lead_forms_title"] ?? "Web forms", model: model, section: .settings,
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    /// HTML a company pastes into its own website: a plain form that posts to Benta.
    static func snippet(_ form: LeadForm, action: String, strings: [String: String]) -> String {
        var html = "<form method=\"post\" action=\"\(action)\">\n"
        for field in form.fields {
            let label = strings["field_\(field.rawValue)"] ?? field.rawValue
            let required = form.requiredFields.contains(field) ? " required" : ""
            html += "  <label>\(label)<br>"
            html +=
                field == .interest
                ? "<textarea name=\"\(field.rawValue)\"\(required)></textarea>"
                : "<input name=\"\(field.rawValue)\"\(required)>"
            html += "</label><br>\n"
        }
        html +=
            "  <input name=\"\(honeypot)\" tabindex=\"-1\" autocomplete=\"off\" style=\"position:absolute;left:-9999px\">\n"
        html += "  <button type=\"submit\">Send</button>\n</form>"
        return html
    }
}
