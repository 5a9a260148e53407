import BentaCore
import BentaStore
import Foundation

extension PlanService {
    // MARK: Quota types

    /// The company's quota types: the built-in `total` first, then the company's own by code. Everyone reads them
    /// (a manager sees the types their plan is split by).
    public func quotaTypes(viewer: Viewer) async throws -> [QuotaType] {
        try await database.read { db in
            [QuotaType.total] + (try await QuotaTypeStore(db).all(companyID: viewer.companyID))
        }
    }

    /// Adds a quota type (head or admin): a code, a name and the rule that decides what counts toward it. Refused
    /// with field errors, nothing saved: a code that does not read or is `total`, a blank name, a rule other than
    /// new or existing customers, a code the company already has (`code`: "duplicate"), or more than
    /// ``QuotaTypeStore/maximumCount`` types (`code`: "too_many").
    public func addQuotaType(code: String, name: String, rule: String, viewer: Viewer) async throws -> QuotaType {
        try Self.requirePlanner(viewer)
        let type = try QuotaType.checked(code: code, name: name, rule: rule)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = QuotaTypeStore(db)
            try await PlanStore(db).lockCompany(viewer.companyID)
            if try await store.all(companyID: viewer.companyID).count >= QuotaTypeStore.maximumCount {
                throw ValidationErrors([
                    FieldError(
                        field: "code", code: "too_many",
                        message: "A company has at most \(QuotaTypeStore.maximumCount) quota types.")
                ])
            }
            guard try await store.insert(type, companyID: viewer.companyID, by: viewer.userID, at: clock.now()) else {
                throw ValidationErrors([
                    FieldError(field: "code", code: "duplicate", message: "There is already a type with this code.")
                ])
            }
            try await audit.record(
                "plan.quota_type_added", entityType: "quota_type", entityID: type.code, companyID: viewer.companyID,
                actor: viewer.userID, details: ["name": type.name, "rule": type.rule.rawValue], on: db)
            return type
        }
    }

    /// A manager id as a split stores it: trimmed, lower case.
    static func cleanID(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The shares by quota type as typed, checked: a type the company has (`type_amounts[i].quota_type`:
    /// "invalid_choice"; `total` is the split itself), a manager in the split (`type_amounts[i].manager_id`:
    /// "not_in_split"), an amount of zero or more (`type_amounts[i].amount`: "invalid_amount", "negative"), and
    /// a manager and type listed once ("duplicate").
    static func checkedTypeShares(
        _ drafts: [MonthPlanDraft.TypeShareDraft], currency: Currency, inSplit: Set<String>, types: [QuotaType],
        into errors: inout ValidationErrors
    ) -> [TypeShare] {
        let known = Set(types.map(\.code))
        var seen = Set<String>()
        var shares: [TypeShare] = []
        for (index, draft) in drafts.enumerated() {
            let prefix = "type_amounts[\(index)]."
            let managerID = cleanID(draft.managerID)
            let code = draft.quotaType.trimmingCharacters(in: .whitespacesAndNewlines)
            var valid = true
            if !known.contains(code) {
                errors.add(
                    field: prefix + "quota_type", code: "invalid_choice",
                    message: "Choose one of the company's quota types (other than total).")
                valid = false
            }
            if !inSplit.contains(managerID) {
                errors.add(
                    field: prefix + "manager_id", code: "not_in_split",
                    message: "Give this manager a share of the plan first.")
                valid = false
            } else if valid, !seen.insert(managerID + "\u{0}" + code).inserted {
                errors.add(
                    field: prefix + "quota_type", code: "duplicate",
                    message: "This manager's plan for this type is entered twice.")
                valid = false
            }
            let text = draft.amount.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let amount = try? Money(decimalString: text, currency: currency) else {
                errors.add(field: prefix + "amount", code: "invalid_amount", message: "Enter an amount such as 300000.")
                continue
            }
            if amount.isNegative {
                errors.add(field: prefix + "amount", code: "negative", message: "Enter an amount of zero or more.")
                continue
            }
            if valid { shares.append(TypeShare(managerID: managerID, quotaType: code, amount: amount)) }
        }
        return shares
    }
}

extension MonthMeasure {
    /// The company's quota types that the plan in force splits by, by code; none (and no statement) when the plan
    /// is not split by type.
    func quotaTypes(companyID: Company.ID, on db: StoreConnection) async throws -> [QuotaType] {
        guard let plan, !plan.typeShares.isEmpty else { return [] }
        let used = Set(plan.typeShares.map(\.quotaType))
        return try await QuotaTypeStore(db).all(companyID: companyID).filter { used.contains($0.code) }
    }

    /// The manager's standing in each of `types`: the plan of the type (zero without one) against the credits
    /// its rule counts through ``asOf``.
    func byType(_ managerID: User.ID, types: [QuotaType]) throws -> [TypedAttainment] {
        let counted = (credits[managerID] ?? []).filter { $0.date <= asOf }
        return try types.map { type in
            try TypedAttainment.measure(
                type, plan: plan?.share(of: managerID.description, quotaType: type.code) ?? .zero(currency),
                credits: counted)
        }
    }

    /// The company's standing per quota type of the plan: each type's plans added up against every credit its rule
    /// counts through ``asOf``. The types are the rows' (no statement); none when the plan is not split by type.
    func companyByType() throws -> [TypedAttainment] {
        var types: [QuotaType] = []
        for type in rows.flatMap({ $0.byType.map(\.quotaType) }) where !types.contains(type) { types.append(type) }
        let counted = credits.values.flatMap { $0 }.filter { $0.date <= asOf }
        return try types.map { type in
            let plans = (plan?.typeShares ?? []).filter { $0.quotaType == type.code }.map(\.amount)
            return try TypedAttainment.measure(
                type, plan: try Money.sum(plans, currency: currency), credits: counted)
        }
    }

    /// The company's quota types when one of `plans` (the commission plans in force) names a type; none (and no
    /// statement) otherwise.
    func quotaTypes(
        of plans: (companyDefault: CommissionPlanVersion?, users: [User.ID: CommissionPlanVersion]),
        companyID: Company.ID, on db: StoreConnection
    ) async throws -> [QuotaType] {
        let typed = ([plans.companyDefault].compactMap { $0 } + plans.users.values).contains {
            $0.plan.quotaType != nil
        }
        return typed ? try await QuotaTypeStore(db).all(companyID: companyID) : []
    }

    /// What a commission plan's rules apply to for a manager whose whole plan share is `total`, through ``asOf``:
    /// the share and every credit, or for a plan naming a quota type the manager's plan of that type (zero without
    /// one) and the credits the type's rule counts — as a commission run computes them (`QuotaScope`).
    func commissionInputs(
        _ plan: CommissionPlan, managerID: User.ID, total: Money, types: [QuotaType]
    ) -> (target: Money, credits: [CreditEvent]) {
        let credits = (self.credits[managerID] ?? []).filter { $0.date <= asOf }
        guard let code = plan.quotaType else { return (total, credits) }
        let rule = types.first { $0.code == code }?.rule ?? .all
        return (
            self.plan?.share(of: managerID.description, quotaType: code) ?? .zero(total.currency),
            rule.scoped(credits)
        )
    }
}
