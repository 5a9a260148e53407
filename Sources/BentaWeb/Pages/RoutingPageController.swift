import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Admin page for the lead routing rules.
struct RoutingPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.routing, use: show)
        group.post(Paths.routing, use: add)
        group.post(Paths.deleteRule, use: remove)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await page(context: context, errors: nil)
    }

    @Sendable func add(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        return try await FormSubmission.submit {
            var errors = ValidationErrors()
            let field = RoutingRule.Field(rawValue: form["field"])
            if field == nil { errors.add(field: "field", code: "invalid_choice", message: "Choose a field.") }
            let assignee = User.ID(string: form["assignee_id"])
            if assignee == nil { errors.add(field: "assignee_id", code: "invalid_owner", message: "Choose a manager.") }
            try errors.throwIfAny()
            guard let field, let assignee else { throw errors }
            _ = try await services.routing.addRule(
                field: field, value: form["value"], assigneeID: assignee, viewer: context.viewer)
            return Paths.routing()
        } refused: { errors in
            try await page(context: context, errors: errors)
        }
    }

    @Sendable func remove(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        try await services.routing.removeRule(try PathID.parse(context, entity: "routing_rule"), viewer: context.viewer)
        return .redirect(to: Paths.routing(), type: .normal)
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        try context.requireAdministrator(to: "change the lead routing rules")
    }

    private func page(context: AuthenticatedContext, errors: ValidationErrors?) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let rules = try await services.routing.rules(companyID: context.viewer.companyID)
        let strings = renderer.translations.table(context.user.language)
        let model = RoutingPage.make(
            rules, directory: directory, strings: strings,
            errors: errors.map { renderer.fieldErrors($0, language: context.user.language) })
        return renderer.render(
            "routing", title: strings["routing_title"] ?? "Lead routing", model: model, section: .settings,
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
