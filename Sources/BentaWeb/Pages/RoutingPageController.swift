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
        group.get(RouterPath(Paths.routing), use: show)
        group.post(RouterPath(Paths.routing), use: add)
        group.post("/settings/routing/:id/delete", use: remove)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        return try await page(context: context, errors: nil)
    }

    @Sendable func add(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        let form = context.form ?? FormData()
        do {
            var errors = ValidationErrors()
            let field = RoutingRule.Field(rawValue: form["field"])
            if field == nil { errors.add(field: "field", code: "invalid_choice", message: "Choose a field.") }
            let assignee = User.ID(string: form["assignee_id"])
            if assignee == nil { errors.add(field: "assignee_id", code: "invalid_owner", message: "Choose a manager.") }
            try errors.throwIfAny()
            guard let field, let assignee else { throw errors }
            _ = try await services.routing.addRule(
                field: field, value: form["value"], assigneeID: assignee, viewer: context.viewer)
            return .redirect(to: Paths.routing, type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(context: context, errors: errors)
        }
    }

    @Sendable func remove(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try requireAdmin(context)
        try await services.routing.removeRule(try PathID.parse(context, entity: "routing_rule"), viewer: context.viewer)
        return .redirect(to: Paths.routing, type: .normal)
    }

    private func requireAdmin(_ context: AuthenticatedContext) throws {
        guard context.user.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the lead routing rules.")
        }
    }

    private func page(context: AuthenticatedContext, errors: ValidationErrors?) async throws -> Response {
        let directory = try await PageDirectory.load(services, context: context)
        let rules = try await services.routing.rules(companyID: context.viewer.companyID)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "routing", title: strings["routing_title"] ?? "Lead routing",
            values: [
                "rules": rules.map { rule -> [String: Any] in
                    [
                        "field": strings["routing_field_\(rule.field.rawValue)"] ?? rule.field.rawValue,
                        "value": rule.value, "assignee": directory.userName(rule.assigneeID),
                        "delete_url": Paths.deleteRule(rule.id),
                    ]
                },
                "has_rules": !rules.isEmpty,
                "fields": RoutingRule.Field.allCases.map {
                    ["value": $0.rawValue, "label": strings["routing_field_\($0.rawValue)"] ?? $0.rawValue]
                },
                "managers": directory.users.filter { $0.isActive && $0.role.mayOwnAccounts }.map {
                    ["id": $0.id.description, "name": $0.name]
                },
                "round_robin": directory.users.filter { $0.isActive && $0.role == .manager }.map(\.name)
                    .joined(separator: ", "),
                "errors": errors.map { renderer.fieldErrors($0, language: context.user.language) } ?? [:],
                "has_errors": errors.map { !$0.isEmpty } ?? false,
                "nav_settings": true,
            ],
            identity: context.identity, language: context.user.language,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
