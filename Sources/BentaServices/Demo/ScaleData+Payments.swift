import BentaCore
import BentaStore
import Foundation

/// The money of one batch of generated invoices (issue 12 on the issue 11 data set): each issued invoice is paid the
/// way the demo's are — 55% on time, 15% late, 10% half, 20% not yet — into the company's bank account by the
/// accountant, one in eight of the paid ones net of 2% EWT (services) with the 2307 pending, nothing dated after
/// the end of the history. The rows are those `PaymentService.record` writes for a payment with one allocation:
/// the payment and its journal entry, the allocation (and withholding lines) and its journal entry, and both audit
/// rows — so Σ open amounts stays the receivables ledger's balance.
struct ScalePaymentBatch: Sendable {
    var payments: [Payment] = []
    var allocations: [PaymentAllocation] = []
    var entries: [(entry: JournalEntry, postedAt: Date)] = []
    var audit: [AuditEvent] = []

    /// Rows written: payments, allocations, withholding lines, journal entries and their lines, audit rows.
    var rowCount: Int {
        payments.count + allocations.reduce(0) { $0 + 1 + $1.withholdings.count }
            + entries.reduce(0) { $0 + 1 + $1.entry.lines.count } + audit.count
    }

    init(context: ScaleContext, invoices: [Invoice], bankAccountID: BankAccount.ID, accountant: User.ID) throws {
        let today = CalendarDate.from(context.end, in: context.zone)
        for invoice in invoices where invoice.status == .issued && invoice.kind == .invoice {
            guard let issued = invoice.issueDate, let due = invoice.dueDate, let sequence = invoice.sequence else {
                continue
            }
            var random = ScaleRandom(seed: context.seed, stream: 13, index: UInt64(sequence))
            let kind = random.below(20)
            var received: CalendarDate
            var half = false
            switch kind {
            case 0..<11: received = due.adding(days: -random.below(10))
            case 11..<14: received = due.adding(days: 10 + random.below(50))
            case 14..<16:
                received = due.adding(days: random.below(20))
                half = true
            default: continue
            }
            received = max(received, issued)
            guard received <= today else { continue }
            let totals = try invoice.totals()
            let total = totals.totalWithTax
            var cash = total
            var withholdings: [WithholdingLine] = []
            if half {
                cash = Money(minorUnits: total.minorUnits / 2, currency: total.currency)
            } else if random.below(8) == 0 {
                (cash, withholdings) = try AllocationRules.fullSettlement(
                    open: total, total: total, tax: totals.totalTax, profile: .services)
            }
            guard cash.isPositive else { continue }
            let start = received.startInstant(in: context.zone) ?? context.end
            let at = min(start.addingTimeInterval(Double(9 * 3600 + random.below(8 * 3600))), context.end)
            let payment = Payment(
                id: Payment.ID(ScaleRandom.id(at: at, &random)), companyID: invoice.companyID,
                accountID: invoice.accountID, receivedOn: received, amount: cash, method: .bankTransfer,
                reference: "REF-" + (invoice.number ?? ""), bankAccountID: bankAccountID, notes: nil,
                createdBy: accountant, createdAt: at)
            let allocation = PaymentAllocation(
                id: PaymentAllocation.ID(ScaleRandom.id(at: at, &random)), companyID: invoice.companyID,
                paymentID: payment.id, invoiceID: invoice.id, accountID: invoice.accountID, cash: cash,
                withholdings: withholdings, allocatedOn: received, reversesID: nil, createdBy: accountant,
                createdAt: at)
            payments.append(payment)
            allocations.append(allocation)
            entries.append(
                (
                    try JournalEntry(
                        id: payment.id.retagged(), companyID: payment.companyID, date: received, source: .payment,
                        sourceID: payment.id.description, lines: Posting.payment(payment)), at
                ))
            entries.append(
                (
                    try JournalEntry(
                        id: allocation.id.retagged(), companyID: payment.companyID, date: received,
                        source: .allocation, sourceID: allocation.id.description,
                        lines: Posting.allocation(allocation)), at
                ))
            audit.append(
                ScaleAudit.event(
                    "payment.recorded", entity: "payment", id: payment.id.description, company: payment.companyID,
                    actor: accountant, at: at,
                    details: ["amount": cash.decimalString, "currency": cash.currency.code]))
            audit.append(
                ScaleAudit.event(
                    "payment.allocated", entity: "invoice", id: invoice.id.description, company: payment.companyID,
                    actor: accountant, at: at,
                    details: [
                        "payment": payment.id.description, "cash": cash.decimalString,
                        "withheld": allocation.withheld.decimalString,
                    ]))
        }
    }

    /// Writes the batch in the caller's transaction.
    func write(_ bulk: BulkInsert) async throws {
        try await bulk.payments(payments)
        try await bulk.allocations(allocations)
        try await bulk.journalEntries(entries)
        try await bulk.auditEvents(audit)
    }
}
