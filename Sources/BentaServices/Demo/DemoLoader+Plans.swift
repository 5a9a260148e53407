import BentaCore
import Foundation

/// Demo plans and commission, so the attainment, leaderboard, trend, head dashboard and commission pages tell a
/// story on first start: a company plan from costs for each of the last eleven months and this one (a year, like
/// the demo's invoices), split among the managers by weights; the company default commission plan (10% of
/// everything above the plan) and a tiered plan for the second manager; each past month's commission run,
/// approved, in month order (so draws, deficits and adjustments carry as they would have).
///
/// The costs are sized to the demo's own sales (the team's average monthly actual over the year on the company's
/// credit basis), so the plan comes out at about 110% of what the team sells: attainment near 90%, some managers
/// above their share and some below; from the seventh month the office salaries grow (two hires), so the plan
/// rises with the year and the later months are harder to cover.
extension DemoLoader {
    /// What the demo's plans came to, for the tests.
    struct DemoPlans {
        var months: [PlanMonth]
        var approvedStatements: Int
    }

    func loadPlans(users: [User]) async throws -> DemoPlans {
        let managers = users.filter { $0.role == .manager }
        guard let head = users.first(where: { $0.role == .head }), !managers.isEmpty else {
            return DemoPlans(months: [], approvedStatements: 0)
        }
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let thisMonth = PlanMonth(containing: CalendarDate.from(services.clock.now(), in: zone))
        var months = [thisMonth]
        while months.count < 12, let first = months.first { months.insert(first.previous, at: 0) }
        let trend = try await services.plans.trend(userID: nil, last: thisMonth, viewer: head.viewer)
        let recent = trend.months.suffix(months.count).map(\.actual.minorUnits)
        let average = max(recent.reduce(0, +) / Int64(recent.count), 1_000_000_00)
        // `fraction` percent of the average, in whole thousands of pesos, as decimal text.
        func part(_ fraction: Int64) -> String {
            String(average * fraction / 100 / 1_000_00 * 1_000)
        }
        let weights = ["30", "25", "25", "20", "15", "10"]
        for (index, month) in months.enumerated() {
            let salaries = part(index < 6 ? 15 : 17)
            let draft = MonthPlanDraft(
                costLines: [
                    .init(kind: "rent", label: "Office rent, Makati", amount: part(6), isRecurringMonthly: true),
                    .init(kind: "salaries", label: "Office salaries", amount: salaries, isRecurringMonthly: true),
                    .init(
                        kind: "utilities", label: "Power, water, internet", amount: part(2), isRecurringMonthly: true),
                    .init(kind: "taxes", label: "Local business taxes", amount: part(4), isRecurringMonthly: true),
                ],
                targetProfit: part(6), grossMargin: "30", splitMethod: "weights", weightScale: "relative",
                weights: managers.enumerated().map { index, manager in
                    .init(managerID: manager.id.description, value: weights[index % weights.count])
                })
            _ = try await services.plans.save(draft, month: month, viewer: head.viewer)
        }
        let commission = services.commission
        _ = try await commission.savePlan(
            try .overPlan(ratePercent: 10, baseSalary: try Money(decimalString: "25000", currency: .php)),
            for: .companyDefault, effectiveFrom: months[0], reason: "10% of everything above the plan",
            viewer: head.viewer)
        if managers.count > 1 {
            _ = try await commission.savePlan(
                try CommissionPlan(
                    currency: .php, baseSalary: try Money(decimalString: "25000", currency: .php),
                    structure: .tiered(bands: [
                        CommissionBand(from: 0, to: 100, ratePercent: 3),
                        CommissionBand(from: 100, to: 120, ratePercent: 5),
                        CommissionBand(from: 120, to: nil, ratePercent: 8),
                    ])), for: .user(managers[1].id), effectiveFrom: months[0],
                reason: "Accelerator above the plan", viewer: head.viewer)
        }
        var approved = 0
        for month in months.dropLast() {
            let run = try await commission.run(month: month, viewer: head.viewer)
            for stored in run.statements where stored.status == .draft {
                _ = try await commission.approve(stored.id, viewer: head.viewer)
                approved += 1
            }
        }
        return DemoPlans(months: months, approvedStatements: approved)
    }
}
