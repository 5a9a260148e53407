import BentaCore
import BentaStore
import Foundation

/// Demo invoices: about a year of issued invoices and credit notes per manager, from the contracts' billing
/// schedules, the won deals and repeat orders of catalogue goods, so the payments and collections issues have
/// history to work on.
///
/// Every document is issued on its own past date through an `InvoiceService` whose clock reads that date, in date
/// order across the whole company, so the gapless numbers rise with the dates as they would have. Nothing is paid
/// yet (payments are the next issue): invoices past their terms are overdue, the latest ones are not yet due.
/// Contract entries of the last ten days are left to the billing sweep, which runs at the end and leaves them as
/// drafts to issue.
extension DemoLoader {
    func loadInvoices(companyID: Company.ID, users: [User], managers: [User], seed: UInt64 = 29) async throws -> Int {
        guard let admin = users.first(where: { $0.role == .admin }) else { return 0 }
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(services.clock.now(), in: zone)
        var settings = try await services.invoices.settings(companyID: companyID)
        settings.profile = .ph
        settings.acknowledgementNumber = "AC_116_122023_000482"
        settings.acknowledgementDate = today.adding(days: -500)
        _ = try await services.invoices.saveSettings(settings, viewer: admin.viewer, expectedVersion: nil)
        let company = try await services.companies.company(companyID)
        let products = try await services.products.list(
            viewer: admin.viewer, filter: ProductFilter(isActive: true), page: PageRequest(limit: 200)
        ).items
        let events = try await demoInvoiceEvents(
            managers: managers, products: products, today: today, random: DemoSplitMix64(seed: seed))
        var issued: [Int: Invoice] = [:]
        for (order, event) in events.enumerated() {
            // Office hours on the event's day, a few seconds apart so the records keep their order.
            let instant =
                (event.date.startInstant(in: zone) ?? services.clock.now())
                .addingTimeInterval(9 * 3600 + TimeInterval(order * 7))
            let clock = AppClock(now: { instant })
            let invoices = InvoiceService(database: services.database, clock: clock, audit: AuditWriter(clock: clock))
            let viewer = managers[event.manager].viewer
            switch event.kind {
            case .contractEntry(let contract, let entry, let key):
                guard
                    let draft = try await invoices.createContractDraft(
                        contract, entry: entry, key: key, company: company)
                else { continue }
                issued[event.id] = try await invoices.issue(draft.id, viewer: viewer, expectedVersion: nil)
            case .order(let draft):
                let created = try await invoices.create(draft, viewer: viewer)
                issued[event.id] = try await invoices.issue(created.id, viewer: viewer, expectedVersion: nil)
            case .credit(let target, let credit):
                guard let invoice = issued[target] else { continue }
                var request = CreditNoteRequest.full
                var reason = "Order cancelled by the customer before delivery"
                switch credit {
                case .full:
                    break
                case .returnedUnit:
                    request = .lines([(index: 0, quantity: 1)])
                    reason = "One unit returned, damaged in transit"
                case .priceCorrection:
                    let total = try invoice.totals().totalWithTax
                    request = .amount(
                        Money(minorUnits: total.minorUnits / 1000 * 100, currency: total.currency),
                        taxCategory: .vatable)
                    reason = "Price correction: agreed volume discount"
                }
                _ = try await invoices.creditNote(for: invoice.id, request: request, reason: reason, viewer: viewer)
            }
        }
        // The contract entries of the last days become drafts, as the hourly job would make them.
        let drafts = try await services.invoices.createDueContractInvoices(today: today)
        return issued.count + drafts.count
    }

    /// What happened over the past year, in date order (contract entries and orders before credit notes on a day).
    private func demoInvoiceEvents(
        managers: [User], products: [Product], today: CalendarDate, random: DemoSplitMix64
    ) async throws -> [DemoInvoiceEvent] {
        var random = random
        var events: [DemoInvoiceEvent] = []
        let earliest = today.adding(days: -364)
        let latestContractEntry = today.adding(days: -10)
        let goods = products.filter { $0.fields.taxCategory == .vatable && $0.fields.unit != "month" }
        let terms = ["net_30", "net_30", "net_30", "net_15", "eom_30", "net_60", "due_on_receipt"]
        func add(_ date: CalendarDate, _ manager: Int, _ kind: DemoInvoiceEvent.Kind) -> Int {
            events.append(DemoInvoiceEvent(id: events.count, date: date, manager: manager, kind: kind))
            return events.count - 1
        }
        for (managerIndex, manager) in managers.enumerated() {
            let viewer = manager.viewer
            let contracts = try await services.contracts.list(
                viewer: viewer, filter: ContractFilter(ownerID: manager.id), page: PageRequest(limit: 200)
            ).items
            // PH invoices need the buyer's address and TIN. A contract customer without them gets them completed
            // (as the owner would before billing it); other accounts without them are skipped.
            var accounts = try await services.accounts.list(
                viewer: viewer, filter: AccountFilter(ownerID: manager.id), page: PageRequest(limit: 200)
            ).items
            let billed = Set(
                contracts.filter { $0.status != .draft && $0.status != .sent }.map(\.fields.accountID))
            for (index, account) in accounts.enumerated()
            where billed.contains(account.id) && (account.fields.tin == nil || account.fields.billingAddress == nil) {
                let tin = String(100_000_000 + random.below(800_000_000)) + "00000"
                let address = account.fields.deliveryAddress ?? "Poblacion, Iloilo City, Iloilo 5000"
                accounts[index] = try await services.accounts.update(account.id, viewer: viewer, expectedVersion: nil) {
                    if account.fields.tin == nil { $0.tin = tin }
                    if account.fields.billingAddress == nil { $0.billingAddress = address }
                }
            }
            accounts = accounts.filter { $0.fields.tin != nil && !($0.fields.billingAddress ?? "").isEmpty }
            guard !accounts.isEmpty else { continue }
            let invoiceable = Set(accounts.map(\.id))
            for contract in contracts
            where [.active, .expired, .terminated].contains(contract.status)
                && invoiceable.contains(contract.fields.accountID)
            {
                let last = min(latestContractEntry, contract.terminatedDate ?? contract.effectiveEndDate)
                for (index, entry) in (contract.fields.billingSchedule?.entries() ?? []).enumerated()
                where entry.date >= earliest && entry.date <= last {
                    _ = add(
                        entry.date, managerIndex,
                        .contractEntry(contract, entry, InvoiceService.billingEntryKey(entry, index: index)))
                }
            }
            let won = try await services.deals.list(
                viewer: viewer, filter: DealFilter(ownerID: manager.id, status: .won), page: PageRequest(limit: 200)
            ).items
            for deal in won where invoiceable.contains(deal.fields.accountID) {
                var draft = InvoiceDraft()
                draft.dealID = deal.id.description
                draft.paymentTerms = "net_30"
                _ = add(today.adding(days: -(5 + random.below(40))), managerIndex, .order(draft))
            }
            // Repeat orders of catalogue goods: one or two a month.
            var orders: [(id: Int, date: CalendarDate)] = []
            for month in 0..<12 where !goods.isEmpty {
                for _ in 0..<(1 + random.below(2)) {
                    let date = today.adding(days: -(month * 30 + 1 + random.below(29)))
                    guard date >= earliest else { continue }
                    let account = accounts[random.below(accounts.count)]
                    var draft = InvoiceDraft()
                    draft.accountID = account.id.description
                    draft.paymentTerms = terms[random.below(terms.count)]
                    var lines: [LineDraft] = []
                    for _ in 0..<(1 + random.below(3)) {
                        var line = LineDraft()
                        line.productID = goods[random.below(goods.count)].id.description
                        line.quantity = String(1 + random.below(5))
                        if random.below(4) == 0 { line.discountPercent = "5" }
                        lines.append(line)
                    }
                    draft.lines = lines
                    orders.append((add(date, managerIndex, .order(draft)), date))
                }
            }
            // A few corrections, weeks after the order: a cancellation, a returned unit, a price correction.
            let older = orders.filter { $0.date <= today.adding(days: -40) }.sorted { $0.date < $1.date }
            for (offset, credit) in [DemoCredit.full, .returnedUnit, .priceCorrection].enumerated()
            where older.count >= 3 {
                // Spread over the year: one in the first months, one mid-year, one in the last months.
                let target = older[(2 * offset + 1) * older.count / 6]
                _ = add(target.date.adding(days: 3 + random.below(20)), managerIndex, .credit(target.id, credit))
            }
        }
        return events.sorted { ($0.date, $0.rank, $0.id) < ($1.date, $1.rank, $1.id) }
    }
}

/// One document of the demo history.
private struct DemoInvoiceEvent: Sendable {
    enum Kind: Sendable {
        case contractEntry(Contract, BillingEntry, String)
        case order(InvoiceDraft)
        /// A credit note on the invoice of event `Int`.
        case credit(Int, DemoCredit)
    }

    var id: Int
    var date: CalendarDate
    var manager: Int
    var kind: Kind

    /// Invoices before credit notes on the same day.
    var rank: Int {
        if case .credit = kind { return 1 }
        return 0
    }
}

/// The kinds of demo credit notes.
private enum DemoCredit: Sendable {
    case full
    case returnedUnit
    case priceCorrection
}
