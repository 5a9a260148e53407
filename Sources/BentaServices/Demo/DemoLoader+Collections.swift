import BentaCore
import Foundation

/// Demo collections, so the calls, promises, disputes and the late-payment report show real work on first start:
/// the dunning ladder runs for today, then each manager has a call about each of their own three customers with the
/// most overdue; the first stays on the list to make, the second is logged with a promise to pay half of it in a week
/// (cash-flow problem), the third with its oldest invoice disputed (wrong amount).
extension DemoLoader {
    func loadCollections(companyID: Company.ID, managers: [User]) async throws -> Int {
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(services.clock.now(), in: zone)
        _ = try await services.dunning.run(companyID: companyID, today: today)
        var logged = 0
        for manager in managers {
            let (rows, _) = try await services.payments.aging(
                viewer: manager.viewer, asOf: today, grouping: .customer, cursor: nil, limit: 200)
            // The buckets past due (all but "not yet due"), most overdue customers first.
            let overdue = rows.map { row in (row.key, row.amounts.dropFirst().reduce(0) { $0 + $1.minorUnits }) }
                .filter { $0.1 > 0 }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            // Managers also see their teammates' customers; the calls here are about their own.
            var own: [String] = []
            for (account, _) in overdue where own.count < 3 {
                guard let id = Account.ID(string: account),
                    try await services.accounts.account(id, viewer: manager.viewer).fields.ownerID == manager.id
                else { continue }
                own.append(account)
            }
            for (index, account) in own.enumerated() {
                let (call, _) = try await services.collections.createCall(
                    accountID: account, dueOn: today.iso8601String, assigneeID: nil, viewer: manager.viewer)
                guard index > 0, call.isOpen else { continue }
                let calls = try await services.collections.calls(
                    viewer: manager.viewer, open: true, assigneeID: nil, page: PageRequest(limit: 50))
                guard let toMake = calls.items.first(where: { $0.call.id == call.id }),
                    let oldest = toMake.overdueInvoices.min(by: { $0.dueDate < $1.dueDate }),
                    let owed = toMake.overdueTotals.first
                else { continue }
                let outcome: CallOutcomeDraft
                if index == 1 {
                    let half = Money(minorUnits: owed.minorUnits / 2, currency: owed.currency)
                    outcome = CallOutcomeDraft(
                        reason: LatePaymentReason.cashFlowProblem.rawValue,
                        note: "Waiting for their own customer's payment; will pay half next week.",
                        promise: PromiseDraft(
                            accountID: account, promisedOn: today.adding(days: 7).iso8601String,
                            amount: half.decimalString))
                } else {
                    outcome = CallOutcomeDraft(
                        reason: LatePaymentReason.wrongAmount.rawValue,
                        note: "They say the delivery was short; checking with the warehouse.",
                        disputedInvoiceIDs: [oldest.invoiceID.description],
                        disputeNote: "Delivery short by two cases.")
                }
                _ = try await services.collections.logOutcome(
                    call.id, draft: outcome, expectedVersion: call.version, viewer: manager.viewer)
                logged += 1
            }
        }
        return logged
    }
}
