import BentaCore
import BentaStore
import Foundation

/// The billing sweep: draft invoices from the contracts' billing schedules.
///
/// Choices, so that the drafts match what the contract promised:
/// - Only **signed** and **active** contracts are billed. A draft or sent contract is not agreed yet; a terminated
///   one bills nothing more; an expired one had its entries billed while it was active (the hourly job runs this
///   sweep before the renewal sweep marks a contract expired, so the entry on its last day is not missed).
/// - Entries after the contract's effective end date (an amendment may shorten it) are not billed.
/// - A schedule amount is what the customer pays, **VAT included**: the contract value is the amount agreed with
///   the customer, and the schedule adds up to it. The draft is in VAT-inclusive prices with one VATable line at
///   the standard rate (exempt when the company is not VAT-registered), so its total equals the entry's amount.
/// - The draft is a system action: no creator (`created_by` and the audit actor are empty), whatever the owner
///   sees; the account, signatory contact, owner, currency and payment terms are the contract's.
extension InvoiceService {
    /// The contract statuses whose billing schedules the sweep invoices.
    public static let billableContractStatuses: [ContractStatus] = [.signed, .active]

    /// The key of a schedule entry in `contract_billing_runs`: its date and its position in the schedule
    /// ("2026-03-01#2"). Schedules are frozen once a contract is sent, so the key of an entry never changes.
    public static func billingEntryKey(_ entry: BillingEntry, index: Int) -> String {
        "\(entry.date.iso8601String)#\(index)"
    }

    /// Creates a draft invoice for every billing-schedule entry dated on or before `today` of every signed or
    /// active contract of every company that has not been invoiced yet; returns the drafts created now.
    ///
    /// Idempotent and safe on several app servers at once: each draft is created with its row in
    /// `contract_billing_runs` in one transaction, and an entry another sweep recorded first rolls the draft back.
    @discardableResult
    public func createDueContractInvoices(today: CalendarDate) async throws -> [Invoice] {
        try await createDueContractInvoices { _ in today }
    }

    /// The sweep for the current date of each company (in its own time zone).
    @discardableResult
    public func createDueContractInvoices() async throws -> [Invoice] {
        let now = clock.now()
        return try await createDueContractInvoices { $0.settings.today(at: now) }
    }

    private func createDueContractInvoices(
        todayOf: (Company) -> CalendarDate
    ) async throws -> [Invoice] {
        let contracts = try await database.read { db in
            try await ContractBillingStore(db).billableContracts(statuses: Self.billableContractStatuses)
        }
        guard !contracts.isEmpty else { return [] }
        let billed = try await database.read { db in
            try await ContractBillingStore(db).billedEntryKeys(of: contracts.map(\.id))
        }
        var companies: [Company.ID: Company] = [:]
        var created: [Invoice] = []
        for contract in contracts {
            let company: Company
            if let known = companies[contract.companyID] {
                company = known
            } else {
                company = try await self.company(contract.companyID)
                companies[contract.companyID] = company
            }
            let done = billed[contract.id] ?? []
            for (entry, key) in Self.dueEntries(of: contract, through: todayOf(company)) where !done.contains(key) {
                if let invoice = try await createContractDraft(contract, entry: entry, key: key, company: company) {
                    created.append(invoice)
                }
            }
        }
        return created
    }

    /// The schedule entries of `contract` due on or before `today` (and not after its effective end), with keys.
    static func dueEntries(of contract: Contract, through today: CalendarDate) -> [(BillingEntry, String)] {
        guard let schedule = contract.fields.billingSchedule else { return [] }
        let last = min(today, contract.effectiveEndDate)
        return schedule.entries().enumerated().compactMap { index, entry in
            entry.date <= last ? (entry, billingEntryKey(entry, index: index)) : nil
        }
    }

    /// Creates the draft of one entry and records the entry as invoiced, in one transaction; nil when another
    /// sweep recorded it first (this draft is then rolled back).
    func createContractDraft(
        _ contract: Contract, entry: BillingEntry, key: String, company: Company
    ) async throws -> Invoice? {
        let (clock, audit) = (clock, audit)
        do {
            return try await database.transaction { db in
                let now = clock.now()
                let category: TaxCategory = company.settings.isVATRegistered ? .vatable : .exempt
                let line = DocumentLine(
                    description: "\(contract.fields.title) — \(entry.description)", quantity: 1, unit: "",
                    unitPrice: entry.amount.decimalValue, taxCategory: category,
                    ratePercent: category.ratePercent(standard: LineResolver.standardRatePercent))
                let fields = InvoiceFields(
                    contactID: contract.fields.signatoryContactID, currency: entry.amount.currency,
                    pricesIncludeTax: true, paymentTerms: contract.fields.paymentTerms, lines: [LineItem(line: line)],
                    notes: contract.number.map { "Billed under contract \($0)." })
                let invoice = Invoice(
                    id: clock.newID(), companyID: contract.companyID, accountID: contract.fields.accountID,
                    ownerID: contract.fields.ownerID, fields: fields, dealID: contract.fields.dealID,
                    contractID: contract.id.description, createdBy: nil, createdAt: now, updatedAt: now, version: 1)
                try await InvoiceStore(db).insert(invoice)
                guard
                    try await ContractBillingStore(db).claim(
                        contractID: contract.id, entryKey: key, entryDate: entry.date, invoiceID: invoice.id, now: now)
                else { throw BillingLostRace() }
                try await audit.record(
                    "invoice.created", entityType: "invoice", entityID: invoice.id.description,
                    companyID: contract.companyID, actor: nil,
                    details: [
                        "account_id": contract.fields.accountID.description, "contract_id": contract.id.description,
                        "billing_entry": key, "source": "billing_schedule",
                    ], changes: AuditChanges.created(invoice), origin: "job:contract-billing", on: db)
                return invoice
            }
        } catch is BillingLostRace {
            return nil
        }
    }
}

/// Another sweep invoiced the entry first; the transaction rolls back this one's draft.
private struct BillingLostRace: Error {}
