import BentaCore
import BentaStore
import Foundation

/// Demo money: the company's BDO account, withholding defaults for some customers (top withholding agents buying
/// services at 2%, goods at 1%), and the year of invoices paid the way customers pay — most on time, some late, some
/// in part, the withholding agents net of their EWT with every 2307 still pending, and about a fifth not at all —
/// so receivables, aging and the review queue show real figures on first start.
///
/// Each payment is recorded through a `PaymentService` whose clock reads the day the money arrived, allocated to its
/// invoice with the customer's default withholding; nothing is dated after today.
extension DemoLoader {
    func loadPayments(companyID: Company.ID, users: [User], seed: UInt64 = 41) async throws -> Int {
        guard let accountant = users.first(where: { $0.role == .accountant }),
            let admin = users.first(where: { $0.role == .admin })
        else { return 0 }
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let today = CalendarDate.from(services.clock.now(), in: zone)
        let bank = try await services.payments.createBankAccount(
            BankAccountDraft(
                name: "BDO peso current account", bank: "BDO Unibank", number: "0012-3456-7890", iban: nil,
                currency: "PHP"), viewer: admin.viewer)
        var random = DemoSplitMix64(seed: seed)
        var profiles: [Account.ID: WithholdingProfile] = [:]
        var plans: [(date: CalendarDate, invoice: Invoice, fraction: Int)] = []
        var cursor: String?
        repeat {
            let page = try await services.invoices.list(
                viewer: accountant.viewer, filter: InvoiceFilter(kind: .invoice, status: .issued),
                page: PageRequest(limit: 200, cursor: cursor))
            for invoice in page.items {
                guard let due = invoice.dueDate, let issued = invoice.issueDate else { continue }
                if profiles[invoice.accountID] == nil {
                    let pick = random.below(10)
                    profiles[invoice.accountID] = pick < 2 ? .services : pick < 3 ? .goods : WithholdingProfile.none
                }
                // 55% on time, 15% late, 10% half, 20% not yet.
                let kind = random.below(20)
                let date: CalendarDate
                var fraction = 100
                switch kind {
                case 0..<11: date = due.adding(days: -random.below(10))
                case 11..<14: date = due.adding(days: 10 + random.below(50))
                case 14..<16:
                    date = due.adding(days: random.below(20))
                    fraction = 50
                default: continue
                }
                let received = max(date, issued)
                guard received <= today else { continue }
                plans.append((received, invoice, fraction))
            }
            cursor = page.nextCursor
        } while cursor != nil
        for (account, profile) in profiles where profile != .none {
            _ = try await services.payments.saveWithholdingProfile(
                profile, accountID: account, viewer: accountant.viewer, expectedVersion: 0)
        }
        var recorded = 0
        let balances = try await services.invoices.balances(of: plans.map(\.invoice))
        for plan in plans.sorted(by: { ($0.date, $0.invoice.id) < ($1.date, $1.invoice.id) }) {
            guard let balance = balances[plan.invoice.id], balance.open.isPositive else { continue }
            let profile = profiles[plan.invoice.accountID] ?? .none
            let tax = try plan.invoice.totals().totalTax
            var cash = try AllocationRules.fullSettlement(
                open: balance.open, total: balance.total, tax: tax, profile: profile
            ).cash
            if plan.fraction < 100 {
                cash = Money(minorUnits: cash.minorUnits * Int64(plan.fraction) / 100, currency: cash.currency)
            }
            guard cash.isPositive else { continue }
            let instant =
                (plan.date.startInstant(in: zone) ?? services.clock.now()).addingTimeInterval(14 * 3600)
            let clock = AppClock(now: { instant })
            let payments = PaymentService(database: services.database, clock: clock, audit: AuditWriter(clock: clock))
            let methods: [PaymentMethod] = [.bankTransfer, .bankTransfer, .bankTransfer, .cheque, .eWallet]
            let method = methods[random.below(methods.count)]
            _ = try await payments.record(
                PaymentDraft(
                    accountID: plan.invoice.accountID.description, receivedOn: plan.date.iso8601String,
                    amount: cash.decimalString, currency: cash.currency.code, method: method.rawValue,
                    reference: "\(method == .cheque ? "CHK" : "REF")-\(plan.invoice.number ?? "")",
                    bankAccountID: method == .bankTransfer ? bank.id.description : "",
                    allocations: [
                        AllocationDraft(invoiceID: plan.invoice.id.description, amount: cash.decimalString)
                    ]), viewer: accountant.viewer)
            recorded += 1
        }
        return recorded
    }
}
