import BentaCore
import BentaStore
import Foundation

/// Demo contracts: every manager has one in each status (draft, sent, signed, active, expired, terminated), each
/// with a billing schedule (one-off, monthly, quarterly or milestones), one active contract amended, and the
/// renewal sweep run once so the contracts ending soon carry their renewal task.
extension DemoLoader {
    func loadContracts(managers: [User]) async throws -> Int {
        let contracts = services.contracts
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(services.clock.now(), in: zone)
        // (title, target status, start offset in days, length in months, value, terms, schedule kind)
        let plans: [(String, ContractStatus, Int, Int, Int64, String, String)] = [
            ("Managed print service", .draft, 15, 12, 240_000, "net_30", "monthly"),
            ("Network upgrade, phase 2", .sent, 10, 6, 180_000, "eom_15", "milestones"),
            ("POS terminals and support", .signed, 5, 12, 120_000, "net_15", "quarterly"),
            ("Annual IT support", .active, -340, 12, 360_000, "net_30", "monthly"),
            ("CCTV maintenance", .expired, -400, 12, 60_000, "due_on_receipt", "one_off"),
            ("Cloud backup service", .terminated, -90, 12, 48_000, "net_30", "quarterly"),
        ]
        var count = 0
        for manager in managers {
            let viewer = manager.viewer
            let contacts = try await services.contacts.list(
                viewer: viewer, filter: ContactFilter(ownerID: manager.id), page: PageRequest(limit: 50)
            ).items
            guard !contacts.isEmpty else { continue }
            for (index, plan) in plans.enumerated() {
                let contact = contacts[index % contacts.count]
                let start = today.adding(days: plan.2)
                let end = start.adding(months: plan.3).adding(days: -1)
                let value = Money(minorUnits: plan.4 * 100, currency: .php)
                var draft = ContractDraft()
                draft.accountID = contact.fields.accountID.description
                draft.signatoryContactID = contact.id.description
                draft.title = plan.0
                draft.language = index.isMultiple(of: 3) ? "fil" : "en"
                draft.startDate = start.iso8601String
                draft.endDate = end.iso8601String
                draft.value = value.decimalString
                draft.paymentTerms = plan.5
                draft.billingSchedule = Self.demoSchedule(kind: plan.6, start: start, end: end, value: value)
                let contract = try await contracts.create(draft, viewer: viewer)
                let steps: [ContractStatus] =
                    switch plan.1 {
                    case .draft: []
                    case .sent: [.sent]
                    case .signed: [.sent, .signed]
                    case .active, .expired: [.sent, .signed, .active]
                    case .terminated: [.sent, .signed, .active, .terminated]
                    }
                for step in steps {
                    switch step {
                    case .sent: _ = try await contracts.send(contract.id, viewer: viewer, expectedVersion: nil)
                    case .signed: _ = try await contracts.sign(contract.id, viewer: viewer, expectedVersion: nil)
                    case .active: _ = try await contracts.activate(contract.id, viewer: viewer, expectedVersion: nil)
                    case .terminated:
                        _ = try await contracts.terminate(
                            contract.id, reason: "The customer moved the service in-house", viewer: viewer,
                            expectedVersion: nil)
                    case .draft, .expired: break
                    }
                }
                if plan.1 == .active {
                    var amendment = AmendmentDraft()
                    amendment.title = "Two more sites"
                    amendment.body = "Support is extended to the Cebu and Davao branches from the effective date."
                    amendment.effectiveDate = today.adding(days: -30).iso8601String
                    amendment.newValue = Money(minorUnits: plan.4 * 120, currency: .php).decimalString
                    let created = try await contracts.createAmendment(
                        amendment, contractID: contract.id, viewer: viewer)
                    _ = try await contracts.sendAmendment(
                        created.id, contractID: contract.id, viewer: viewer, expectedVersion: nil)
                    _ = try await contracts.signAmendment(
                        created.id, contractID: contract.id, viewer: viewer, expectedVersion: nil)
                }
                count += 1
            }
        }
        // Ended contracts become expired; those ending within 30 days get their renewal task.
        try await contracts.runRenewalSweep(today: today)
        return count
    }

    /// A schedule of `kind` that bills the whole value inside `[start, end]`.
    static func demoSchedule(kind: String, start: CalendarDate, end: CalendarDate, value: Money) -> BillingScheduleDraft
    {
        var schedule = BillingScheduleDraft()
        schedule.kind = kind
        switch kind {
        case "one_off":
            schedule.date = start.iso8601String
            schedule.amount = value.decimalString
        case "monthly", "quarterly":
            let step = kind == "monthly" ? 1 : 3
            var periods = 0
            while start.adding(months: periods * step) <= end { periods += 1 }
            schedule.from = start.iso8601String
            schedule.to = start.adding(months: (periods - 1) * step).iso8601String
            schedule.amount =
                Money(minorUnits: value.minorUnits / Int64(max(periods, 1)), currency: value.currency)
                .decimalString
        default:
            let half = Money(minorUnits: value.minorUnits / 2, currency: value.currency)
            schedule.milestones = [
                .init(name: "Kick-off", date: start.iso8601String, amount: half.decimalString),
                .init(name: "Acceptance", date: end.iso8601String, amount: half.decimalString),
            ]
        }
        return schedule
    }
}
