import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct LeadRoutingTests {
    let a = User.ID(UUID(uuidString: "00000000-0000-7000-8000-00000000000a")!)
    let b = User.ID(UUID(uuidString: "00000000-0000-7000-8000-00000000000b")!)
    let c = User.ID(UUID(uuidString: "00000000-0000-7000-8000-00000000000c")!)

    @Test func roundRobinCyclesThroughActiveManagersInOrder() {
        var last: User.ID?
        var owners: [User.ID] = []
        for _ in 0..<7 {
            let decision = LeadRouting.owner(
                for: (.webForm, nil, nil), knownContactOwner: nil, rules: [], activeManagers: [c, a, b],
                lastRoundRobin: last)
            owners.append(decision!.owner)
            #expect(decision?.reason == .roundRobin)
            last = decision?.owner
        }
        #expect(owners == [a, b, c, a, b, c, a])
    }

    @Test func aKnownContactBeatsRulesAndRulesBeatRoundRobin() {
        let rule = RoutingRule(id: .init(UUID()), position: 1, field: .province, value: "Cebú", assigneeID: c)
        let known = LeadRouting.owner(
            for: (.inboundCall, "cebu", nil), knownContactOwner: b, rules: [rule], activeManagers: [a, b, c],
            lastRoundRobin: nil)
        #expect(known?.owner == b && known?.reason == .knownContact)
        let ruled = LeadRouting.owner(
            for: (.inboundCall, " CEBU ", nil), knownContactOwner: nil, rules: [rule], activeManagers: [a, b, c],
            lastRoundRobin: nil)
        #expect(ruled?.owner == c && ruled?.reason == .rule)
        let other = LeadRouting.owner(
            for: (.inboundCall, "Davao", nil), knownContactOwner: nil, rules: [rule], activeManagers: [a, b, c],
            lastRoundRobin: a)
        #expect(other?.owner == b && other?.reason == .roundRobin)
    }

    @Test func aRuleForAnInactiveManagerIsSkipped() {
        let rule = RoutingRule(id: .init(UUID()), position: 1, field: .industry, value: "BPO", assigneeID: c)
        let decision = LeadRouting.owner(
            for: (.event, nil, "bpo"), knownContactOwner: nil, rules: [rule], activeManagers: [a, b],
            lastRoundRobin: nil)
        #expect(decision?.owner == a)
        #expect(
            LeadRouting.owner(
                for: (.event, nil, nil), knownContactOwner: nil, rules: [], activeManagers: [],
                lastRoundRobin: nil) == nil)
    }

    @Test(arguments: [
        (LeadStatus.new, LeadStatus.contacted, true), (.new, .converted, false), (.qualified, .disqualified, true),
        (.converted, .new, false), (.disqualified, .new, true), (.contacted, .qualified, true),
    ])
    func manualStatusMoves(from: LeadStatus, to: LeadStatus, allowed: Bool) {
        #expect(from.manualNextStatuses.contains(to) == allowed)
    }
}
