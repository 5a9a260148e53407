import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The company's own bank CSV profiles (issue 12), beside the statement import: the list, a form to make one, the
/// same form to change one at the version it was read (a stale version changes nothing) and archiving. The form is
/// turned into the profile's JSON and read as the API reads it (``BankCSVProfileFormInput``). Who may: as the other
/// payment pages, and the service checks the record-payments duty.
struct BankCSVProfilesPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.bankCSVProfiles, use: list)
        group.get(Paths.newBankCSVProfile, use: new)
        group.post(Paths.bankCSVProfiles, use: create)
        group.get(Paths.bankCSVProfile, use: edit)
        group.post(Paths.bankCSVProfile, use: update)
        group.post(Paths.archiveBankCSVProfile, use: archive)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let page = try await services.payments.bankCSVProfiles(
            viewer: context.viewer, includeArchived: true, page: try ListQuery.page(request))
        let directory = try await PageDirectory.load(services, context: context)
        return renderer.render(
            "bank_csv_profiles", title: strings["csv_profiles_title"] ?? "Bank CSV profiles",
            model: BankCSVProfilesPage.make(page, directory: directory, strings: strings), section: .payments,
            identity: context.identity, language: language)
    }

    @Sendable func new(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        // The service's check first, so that a caller without the duty is refused before a form is shown.
        _ = try await services.payments.bankCSVProfiles(viewer: context.viewer, page: PageRequest(limit: 1))
        var input = BankCSVProfileFormInput()
        input.currency = try await services.companies.company(context.viewer.companyID).settings.baseCurrency.code
        return formPage(input, saved: nil, version: nil, errors: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        let input = BankCSVProfileFormInput(context.form ?? FormData())
        return try await FormSubmission.submit {
            let saved = try await services.payments.createBankCSVProfile(try input.profile(), viewer: context.viewer)
            return Paths.bankCSVProfile(saved.record.id)
        } refused: { errors in
            formPage(input, saved: nil, version: nil, errors: errors, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        let saved = try await services.payments.bankCSVProfile(
            try PathID.parse(context, entity: "bank_csv_profile"), viewer: context.viewer)
        return formPage(
            BankCSVProfileFormInput(saved.profile), saved: saved.record, version: saved.record.version, errors: nil,
            context: context)
    }

    /// Saves the form at the version it carries (none or stale: 412, nothing changed, the form again with what was
    /// typed against the current version).
    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        let id: SavedBankCSVProfile.ID = try PathID.parse(context, entity: "bank_csv_profile")
        let form = context.form ?? FormData()
        let input = BankCSVProfileFormInput(form)
        let version = Int64(form["version"]) ?? 0
        return try await FormSubmission.submitVersioned {
            let profile = try input.profile()
            _ = try await services.payments.updateBankCSVProfile(
                id, viewer: context.viewer, expectedVersion: version
            ) { _ in profile }
            return Paths.bankCSVProfiles()
        } refused: { errors in
            let current = try await services.payments.bankCSVProfile(id, viewer: context.viewer)
            // A stale form is shown against the current version, so saving it again applies it knowingly.
            let shown = errors.errors.contains { $0.field == "version" } ? current.record.version : version
            return formPage(input, saved: current.record, version: shown, errors: errors, context: context)
        }
    }

    /// Archives at the version the form carries (none or stale: the form again with the stale-version warning).
    @Sendable func archive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try PaymentsPageController.requireFinance(context)
        let id: SavedBankCSVProfile.ID = try PathID.parse(context, entity: "bank_csv_profile")
        let version = Int64((context.form ?? FormData())["version"]) ?? 0
        return try await FormSubmission.submitVersioned {
            _ = try await services.payments.archiveBankCSVProfile(
                id, viewer: context.viewer, expectedVersion: version)
            return Paths.bankCSVProfiles()
        } refused: { errors in
            let current = try await services.payments.bankCSVProfile(id, viewer: context.viewer)
            return formPage(
                BankCSVProfileFormInput(current.profile), saved: current.record, version: current.record.version,
                errors: errors, context: context)
        }
    }

    private func formPage(
        _ input: BankCSVProfileFormInput, saved: SavedBankCSVProfile?, version: Int64?, errors: ValidationErrors?,
        context: AuthenticatedContext
    ) -> Response {
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let heading =
            saved?.name ?? strings["csv_profile_new"] ?? "New bank CSV profile"
        let model = BankCSVProfileFormPage.make(
            input, heading: heading, action: saved.map { Paths.bankCSVProfile($0.id) } ?? Paths.bankCSVProfiles(),
            saved: saved, version: version,
            errors: BankCSVProfileFormInput.fieldErrors(errors, strings: strings), strings: strings)
        return renderer.render(
            "bank_csv_profile_form", title: heading, model: model, section: .payments, identity: context.identity,
            language: language, status: errors == nil ? .ok : .unprocessableContent)
    }
}
