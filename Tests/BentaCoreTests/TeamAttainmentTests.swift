import Foundation
import Testing

@testable import BentaCore

/// Team roll-ups (issue 13): a team's plan and actual are its members' rows added up.
@Suite(.timeLimit(.minutes(20))) struct TeamAttainmentTests {
    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }

    func row(_ id: User.ID, _ name: String, plan: Int64, actual: Int64) throws -> ManagerAttainment {
        let month = try #require(PlanMonth(parsing: "2026-03"))
        return ManagerAttainment(
            managerID: id, managerName: name,
            attainment: try Attainment.measure(
                month: month, plan: pesos(plan), actual: pesos(actual), asOf: month.lastDay,
                workingDays: WorkingDays(), pipeline: []))
    }

    /// DOMAIN.md §4: A ₱2.0M with ₱2.3M and C ₱1.25M with ₱0.95M → North ₱3.25M, ₱3.25M, 100.0%, gap zero; B is
    /// in North and South, so South is B alone; a team without a measured member has no row.
    @Test func aTeamIsItsMembersAddedUp() throws {
        let (a, b, c, outsider) = (User.ID(UUID()), User.ID(UUID()), User.ID(UUID()), User.ID(UUID()))
        let company = Company.ID(UUID())
        let north = Team(id: Team.ID(UUID()), companyID: company, name: "North")
        let south = Team(id: Team.ID(UUID()), companyID: company, name: "South")
        let empty = Team(id: Team.ID(UUID()), companyID: company, name: "Empty")
        let rows = [
            try row(a, "A", plan: 2_000_000, actual: 2_300_000), try row(b, "B", plan: 1_750_000, actual: 0),
            try row(c, "C", plan: 1_250_000, actual: 950_000),
        ]
        let teams = try TeamAttainment.rollUp(
            teams: [south, north, empty],
            memberships: [(north.id, a), (north.id, c), (north.id, b), (south.id, b), (empty.id, outsider)],
            rows: rows, currency: .php)
        #expect(teams.map(\.teamName) == ["North", "South"])
        #expect(teams[0].memberIDs == [a, b, c])
        #expect(teams[0].plan == pesos(5_000_000))
        #expect(teams[0].actual == pesos(3_250_000))
        #expect(teams[0].attainmentPercent == 65)
        #expect(teams[0].gap == pesos(1_750_000))
        #expect(teams[1].plan == pesos(1_750_000) && teams[1].actual == pesos(0))
        #expect(teams[1].attainmentPercent == 0)
    }
}
