import BentaCore
import BentaStore
import Foundation

/// The lead routing rules, edited by admins.
public struct RoutingService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    public func rules(companyID: Company.ID) async throws -> [RoutingRule] {
        try await database.read { db in try await RoutingStore(db).rules(companyID: companyID) }
    }

    /// Adds a rule at the end of the list.
    public func addRule(
        field: RoutingRule.Field, value: String, assigneeID: User.ID, viewer: Viewer
    ) async throws
        -> RoutingRule
    {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the lead routing rules.")
        }
        var errors = ValidationErrors()
        let cleanValue = Validate.requiredText(value, field: "value", maxLength: 100, into: &errors)
        if field == .source, let cleanValue, LeadSource(rawValue: cleanValue) == nil {
            errors.add(field: "value", code: "invalid_choice", message: "Use a lead source such as web_form.")
        }
        let fieldErrors = errors
        return try await database.transaction { db in
            var errors = fieldErrors
            let user = try await UserStore(db).find(assigneeID)
            if !(user.map { $0.companyID == viewer.companyID && $0.isActive && $0.role.mayOwnAccounts } ?? false) {
                errors.add(field: "assignee_id", code: "invalid_owner", message: "Choose an active manager.")
            }
            try errors.throwIfAny()
            guard let cleanValue else { throw errors }
            let store = RoutingStore(db)
            let position = (try await store.rules(companyID: viewer.companyID).map(\.position).max() ?? 0) + 1
            let rule = RoutingRule(
                id: clock.newID(), position: position, field: field, value: cleanValue, assigneeID: assigneeID)
            try await store.insert(rule, companyID: viewer.companyID, at: clock.now())
            try await audit.record(
                "routing.rule_added", entityType: "routing_rule", entityID: rule.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["field": field.rawValue, "value": cleanValue], created: rule, on: db)
            return rule
        }
    }

    public func removeRule(_ id: RoutingRule.ID, viewer: Viewer) async throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change the lead routing rules.")
        }
        try await database.transaction { db in
            guard try await RoutingStore(db).delete(id, companyID: viewer.companyID) else {
                throw RecordError.notFound(entity: "routing_rule")
            }
            try await audit.record(
                "routing.rule_removed", entityType: "routing_rule", entityID: id.description,
                companyID: viewer.companyID, by: viewer, on: db)
        }
    }
}
