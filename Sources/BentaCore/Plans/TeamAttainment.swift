import Foundation

/// A team's month: its members' plans and actuals added up (issue 13 "team plans roll up").
///
/// A team carries no plan of its own: its plan is the sum of its members' shares in the plan version read, its
/// actual the sum of their actuals, so the team rows always agree with the manager rows below them. A manager in
/// two teams counts in both. Attainment is rounded once, as a manager's is (``Attainment/percent(_:of:)``).
public struct TeamAttainment: Hashable, Sendable {
    /// The team's id.
    public let teamID: Team.ID
    /// The team's name.
    public let teamName: String
    /// The members measured, in the order of the manager rows.
    public let memberIDs: [User.ID]
    /// Σ the members' plans.
    public let plan: Money
    /// Σ the members' actuals.
    public let actual: Money
    /// actual ÷ plan × 100, one decimal; nil when the plan is zero.
    public let attainmentPercent: Decimal?
    /// plan − actual; negative once the plan is exceeded.
    public let gap: Money

    /// Rolls the manager rows up into one row per team with at least one measured member, by team name.
    /// `memberships` are (team, user) pairs; users without a manager row are left out. Throws `MoneyError` when a
    /// sum does not fit.
    public static func rollUp(
        teams: [Team], memberships: [(team: Team.ID, user: User.ID)], rows: [ManagerAttainment],
        currency: Currency
    ) throws(MoneyError) -> [TeamAttainment] {
        var members: [Team.ID: Set<User.ID>] = [:]
        for membership in memberships { members[membership.team, default: []].insert(membership.user) }
        var result: [TeamAttainment] = []
        for team in teams.sorted(by: { $0.name != $1.name ? $0.name < $1.name : $0.id < $1.id }) {
            let ids = members[team.id] ?? []
            let measured = rows.filter { ids.contains($0.managerID) }
            guard !measured.isEmpty else { continue }
            let plan = try Money.sum(measured.map(\.attainment.plan), currency: currency)
            let actual = try Money.sum(measured.map(\.attainment.actual), currency: currency)
            result.append(
                TeamAttainment(
                    teamID: team.id, teamName: team.name, memberIDs: measured.map(\.managerID), plan: plan,
                    actual: actual, attainmentPercent: Attainment.percent(actual, of: plan),
                    gap: try plan.subtracting(actual)))
        }
        return result
    }

    private init(
        teamID: Team.ID, teamName: String, memberIDs: [User.ID], plan: Money, actual: Money,
        attainmentPercent: Decimal?, gap: Money
    ) {
        self.teamID = teamID
        self.teamName = teamName
        self.memberIDs = memberIDs
        self.plan = plan
        self.actual = actual
        self.attainmentPercent = attainmentPercent
        self.gap = gap
    }
}
