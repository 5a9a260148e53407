import BentaCore
import Foundation
import SQLKit

/// The contracts the billing sweep invoices and the schedule entries it has already invoiced
/// (`contract_billing_runs`). System-level: it reads every company's contracts, whoever owns them.
public struct ContractBillingStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Contracts of every company in one of `statuses` that have a billing schedule, oldest first.
    public func billableContracts(statuses: [ContractStatus]) async throws -> [Contract] {
        guard !statuses.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT * FROM contracts
            WHERE status IN (\(binds: statuses.map(\.rawValue))) AND billing_schedule_json IS NOT NULL
            ORDER BY company_id, id
            """
        ).all().map(ContractStore.decode)
    }

    /// The entry keys already invoiced, per contract.
    public func billedEntryKeys(of contracts: [Contract.ID]) async throws -> [Contract.ID: Set<String>] {
        guard !contracts.isEmpty else { return [:] }
        var result: [Contract.ID: Set<String>] = [:]
        // In chunks, so the number of bound parameters stays far below either engine's limit.
        let ids = contracts.map(\.description)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try await db.raw(
                "SELECT contract_id, entry_key FROM contract_billing_runs WHERE contract_id IN (\(binds: chunk))"
            ).all()
            for row in rows {
                result[try row.id("contract_id"), default: []].insert(try row.string("entry_key"))
            }
        }
        return result
    }

    /// Records that an entry was invoiced by `invoiceID`; false when it already was (by another sweep, maybe on
    /// another app server, which then owns the entry: the caller rolls back its draft).
    public func claim(
        contractID: Contract.ID, entryKey: String, entryDate: CalendarDate, invoiceID: Invoice.ID?, now: Date
    ) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO contract_billing_runs (contract_id, entry_key, entry_date, invoice_id, created_at)
            VALUES (\(bind: contractID.description), \(bind: entryKey), \(bind: entryDate.iso8601String),
                \(bind: invoiceID?.description), \(bind: now.millisecondsSince1970))
            ON CONFLICT (contract_id, entry_key) DO NOTHING
            RETURNING contract_id
            """
        ).all().isEmpty)
    }
}
