import BentaCore
import Foundation
import SQLKit

/// Money in bulk: payments, allocations with their withholding lines, journal entries with their lines, and bank
/// statement lines — each the rows its store writes one at a time (`PaymentStore.insert`, `LedgerStore.post`,
/// `BankStatementStore.insertIfNew`), many per statement. Append-only tables: only inserts, as everywhere.
extension BulkInsert {
    /// Payments, as `PaymentStore.insert(_: Payment)` writes them.
    public func payments(_ payments: [Payment]) async throws {
        var rows = RowBatch(
            table: "payments",
            columns: [
                "id", "company_id", "account_id", "received_on", "currency", "amount_minor", "method", "reference",
                "bank_account_id", "notes", "created_by", "created_at",
            ])
        for payment in payments {
            rows.append([
                payment.id.description, payment.companyID.description, payment.accountID.description,
                payment.receivedOn.iso8601String, payment.amount.currency.code, payment.amount.minorUnits,
                payment.method.rawValue, payment.reference, payment.bankAccountID?.description, payment.notes,
                payment.createdBy?.description, payment.createdAt.millisecondsSince1970,
            ])
        }
        try await write(rows)
    }

    /// Allocations and their withholding lines, as `PaymentStore.insert(_: PaymentAllocation)` writes them.
    public func allocations(_ allocations: [PaymentAllocation]) async throws {
        var rows = RowBatch(
            table: "payment_allocations",
            columns: [
                "id", "company_id", "payment_id", "invoice_id", "account_id", "currency", "cash_minor",
                "withheld_minor", "allocated_on", "reverses_id", "created_by", "created_at",
            ])
        var withholdings = RowBatch(
            table: "allocation_withholdings",
            columns: ["allocation_id", "position", "kind", "tax_code", "rate_percent", "base_minor", "amount_minor"])
        for allocation in allocations {
            rows.append([
                allocation.id.description, allocation.companyID.description, allocation.paymentID.description,
                allocation.invoiceID.description, allocation.accountID.description, allocation.cash.currency.code,
                allocation.cash.minorUnits, allocation.withheld.minorUnits, allocation.allocatedOn.iso8601String,
                allocation.reversesID?.description, allocation.createdBy?.description,
                allocation.createdAt.millisecondsSince1970,
            ])
            for (position, line) in allocation.withholdings.enumerated() {
                withholdings.append([
                    allocation.id.description, Int64(position), line.kind.rawValue, line.taxCode,
                    "\(line.ratePercent)", line.base.minorUnits, line.amount.minorUnits,
                ])
            }
        }
        try await write(rows, withholdings)
    }

    /// Balanced journal entries and their lines, as `LedgerStore.post` writes them, each with the time it was posted.
    public func journalEntries(_ entries: [(entry: JournalEntry, postedAt: Date)]) async throws {
        var rows = RowBatch(
            table: "journal_entries", columns: ["id", "company_id", "entry_date", "source", "source_id", "created_at"])
        var lines = RowBatch(
            table: "journal_lines",
            columns: [
                "entry_id", "position", "company_id", "ledger_account", "party_id", "bank_account_id", "currency",
                "amount_minor", "entry_date",
            ])
        for (entry, postedAt) in entries {
            rows.append([
                entry.id.description, entry.companyID.description, entry.date.iso8601String, entry.source.rawValue,
                entry.sourceID, postedAt.millisecondsSince1970,
            ])
            for (position, line) in entry.lines.enumerated() {
                lines.append([
                    entry.id.description, Int64(position), entry.companyID.description, line.account.rawValue,
                    line.partyID?.description, line.bankAccountID?.description, line.amount.currency.code,
                    line.amount.minorUnits, entry.date.iso8601String,
                ])
            }
        }
        try await write(rows, lines)
    }

    /// Bank statement lines, as `BankStatementStore.insertIfNew` writes a new one (the caller knows the keys are
    /// new: a duplicate fails the statement): the benchmark's raw reference for an import.
    public func statementLines(_ lines: [StatementLineRecord]) async throws {
        try await write(Self.statementLineRows(lines))
    }

    /// Bank statement lines as `BankStatementStore.insertIfNew` writes them, many per statement, each skipped when
    /// its bank account already has a line with its dedupe key (an earlier import, or an earlier line of this one):
    /// the ids of the lines that were new.
    public func statementLinesIfNew(_ lines: [StatementLineRecord]) async throws -> Set<StatementLineRecord.ID> {
        var inserted = Set<StatementLineRecord.ID>()
        for statement in Self.statementLineRows(lines).statements() {
            for row in try await db.raw(
                "\(statement) ON CONFLICT (bank_account_id, dedupe_key) DO NOTHING RETURNING id"
            ).all() {
                inserted.insert(try row.id("id"))
            }
        }
        return inserted
    }

    static func statementLineRows(_ lines: [StatementLineRecord]) -> RowBatch {
        var rows = RowBatch(
            table: "bank_statement_lines",
            columns: [
                "id", "company_id", "bank_account_id", "statement_id", "dedupe_key", "booking_date", "value_date",
                "currency", "amount_minor", "bank_reference", "end_to_end_id", "counterparty_name",
                "counterparty_account", "remittance", "creditor_reference", "transaction_code", "is_reversal",
                "status", "payment_id", "created_at", "version",
            ])
        for line in lines {
            rows.append([
                line.id.description, line.companyID.description, line.bankAccountID.description,
                line.statementID.description, line.dedupeKey, line.bookingDate.iso8601String,
                line.valueDate?.iso8601String, line.amount.currency.code, line.amount.minorUnits, line.bankReference,
                line.endToEndID, line.counterpartyName, line.counterpartyAccount, line.remittance,
                line.creditorReference, line.transactionCode, line.isReversal, line.status.rawValue,
                line.paymentID?.description, line.createdAt.millisecondsSince1970, line.version,
            ])
        }
        return rows
    }

    /// Payer accounts (normalised key, customer) as `MatchCandidateStore.rememberPayerAccount` writes them, those
    /// already known skipped.
    public func payerAccounts(
        _ accounts: [(key: String, customer: Account.ID)], companyID: Company.ID, at now: Date
    ) async throws {
        var rows = RowBatch(
            table: "payer_accounts", columns: ["company_id", "account_key", "account_id", "confirmed_at"])
        var seen = Set<String>()
        for (key, customer) in accounts where !key.isEmpty && seen.insert(key + " " + customer.description).inserted {
            rows.append([companyID.description, key, customer.description, now.millisecondsSince1970])
        }
        for statement in rows.statements() {
            try await db.raw("\(statement) ON CONFLICT (company_id, account_key, account_id) DO NOTHING").run()
        }
    }
}

/// An issued invoice nothing was allocated to or credited on yet: what a generated bank statement pays.
public struct UnpaidInvoice: Sendable, Hashable {
    public var id: Invoice.ID
    public var number: String
    public var accountID: Account.ID
    public var accountName: String
    public var total: Money
    public var tax: Money
}

extension BulkInsert {
    /// Up to `limit` issued invoices of the company with no allocation and no credit note, oldest first (issue date,
    /// then number), with their customer's name: the open invoices the matching benchmark's statement pays.
    public func unpaidInvoices(companyID: Company.ID, limit: Int) async throws -> [UnpaidInvoice] {
        try await db.raw(
            """
            SELECT i.id, i.number, i.account_id, a.name, i.currency, i.total_minor, i.tax_minor
            FROM invoices i JOIN accounts a ON a.id = i.account_id
            WHERE i.company_id = \(bind: companyID.description) AND i.kind = 'invoice' AND i.status = 'issued'
                AND i.number IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM payment_allocations p WHERE p.invoice_id = i.id)
                AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.corrects_invoice_id = i.id)
            ORDER BY i.issue_date, i.number LIMIT \(literal: limit)
            """
        ).all().map { row in
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "invoices.currency")
            }
            return UnpaidInvoice(
                id: try row.id("id"), number: try row.string("number"), accountID: try row.id("account_id"),
                accountName: try row.string("name"),
                total: Money(minorUnits: try row.int64("total_minor"), currency: currency),
                tax: Money(minorUnits: try row.int64("tax_minor"), currency: currency))
        }
    }
}
