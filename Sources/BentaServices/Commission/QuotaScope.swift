import BentaCore
import BentaStore
import Foundation

extension QuotaRule {
    /// The credits this rule counts; every credit for ``all`` (the list as it is).
    func scoped(_ credits: [CreditEvent]) -> [CreditEvent] {
        self == .all ? credits : credits.filter(counts)
    }
}

/// What a commission plan's rules apply to: the whole plan share and every credit, or — for a plan that names a
/// quota type — the manager's plan of that type (zero when their share is not split by it) and the credits the
/// type's rule counts. The company's types and the month's plans by type are read once, on the first typed plan.
struct QuotaScope {
    let targets: any CommissionTargets
    let companyID: Company.ID
    let month: PlanMonth
    private var loaded: (types: [String: QuotaType], typed: [String: [User.ID: Money]])?

    init(targets: any CommissionTargets, companyID: Company.ID, month: PlanMonth) {
        self.targets = targets
        self.companyID = companyID
        self.month = month
    }

    /// The target and the rule of `plan` for `userID`, whose whole plan share is `total`. A type the company no
    /// longer has is refused by the plan's save; should one be missing, the type's target is still used with
    /// every credit.
    mutating func target(
        plan: CommissionPlan, userID: User.ID, total: Money, on db: StoreConnection
    ) async throws -> (target: Money, rule: QuotaRule) {
        guard let code = plan.quotaType else { return (total, .all) }
        if loaded == nil {
            let types = try await QuotaTypeStore(db).all(companyID: companyID)
            loaded = (
                Dictionary(types.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }),
                try await targets.typeTargets(companyID: companyID, month: month, on: db)
            )
        }
        let target = loaded?.typed[code]?[userID] ?? .zero(total.currency)
        return (target, loaded?.types[code]?.rule ?? .all)
    }
}
