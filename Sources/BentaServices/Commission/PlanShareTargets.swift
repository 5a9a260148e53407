import BentaCore
import BentaStore
import Foundation

/// The commission run's targets from the company's monthly plan: each manager's share in the version of the
/// month's plan in force now, and the company's credit basis (`PlanStore`).
public struct PlanShareTargets: CommissionTargets {
    let clock: AppClock

    /// Targets read at the clock's now.
    public init(clock: AppClock) {
        self.clock = clock
    }

    public func targets(
        companyID: Company.ID, month: PlanMonth, on db: StoreConnection
    ) async throws -> [User.ID: Money] {
        guard let plan = try await inForce(companyID: companyID, month: month, on: db) else { return [:] }
        var shares: [User.ID: Money] = [:]
        for share in plan.split.shares {
            guard let id = User.ID(string: share.managerID) else { continue }
            shares[id] = share.amount
        }
        return shares
    }

    public func typeTargets(
        companyID: Company.ID, month: PlanMonth, on db: StoreConnection
    ) async throws -> [String: [User.ID: Money]] {
        guard let plan = try await inForce(companyID: companyID, month: month, on: db) else { return [:] }
        var shares: [String: [User.ID: Money]] = [:]
        for share in plan.typeShares {
            guard let id = User.ID(string: share.managerID) else { continue }
            shares[share.quotaType, default: [:]][id] = share.amount
        }
        return shares
    }

    /// The month's plan in force at the clock's now; nil without one.
    private func inForce(companyID: Company.ID, month: PlanMonth, on db: StoreConnection) async throws -> MonthPlan? {
        let versions = try await PlanStore(db).versions(companyID: companyID, month: month)
        guard let current = PlanVersion.inForce(at: clock.now(), among: versions.map(\.version)),
            let stored = versions.first(where: { $0.version.number == current.number })
        else { return nil }
        return try stored.monthPlan()
    }

    public func basis(companyID: Company.ID, on db: StoreConnection) async throws -> CreditBasis {
        try await PlanStore(db).creditBasis(companyID: companyID).basis
    }
}
