import BentaCore
import Foundation
import SQLKit

/// Payments received, their allocations to invoices with the withholding on each, the company's bank accounts and
/// each customer's withholding default. Payments and allocations are only ever inserted.
///
/// A manager sees the payments and allocations of the accounts they see (`VisibilitySQL.accounts`).
public struct PaymentStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Bank accounts

    public func insert(_ account: BankAccount) async throws {
        try await db.raw(
            """
            INSERT INTO company_bank_accounts (id, company_id, name, bank, number, match_key, iban, currency,
                created_at, updated_at, version)
            VALUES (\(bind: account.id.description), \(bind: account.companyID.description), \(bind: account.name),
                \(bind: account.bank), \(bind: account.number), \(bind: account.matchKey), \(bind: account.iban),
                \(bind: account.currency.code), \(bind: account.createdAt.millisecondsSince1970),
                \(bind: account.updatedAt.millisecondsSince1970), \(bind: account.version))
            """
        ).run()
    }

    public func bankAccount(_ id: BankAccount.ID, companyID: Company.ID) async throws -> BankAccount? {
        try await db.raw(
            """
            SELECT * FROM company_bank_accounts
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            """
        ).first().map(Self.decodeBankAccount)
    }

    /// The company's bank accounts, by name (a company has a handful).
    public func bankAccounts(companyID: Company.ID) async throws -> [BankAccount] {
        try await db.raw(
            """
            SELECT * FROM company_bank_accounts WHERE company_id = \(bind: companyID.description)
            ORDER BY name, id LIMIT 500
            """
        ).all().map(Self.decodeBankAccount)
    }

    /// The bank account a statement names: by IBAN or by the number's letters and digits.
    public func bankAccount(matchKey: String, companyID: Company.ID) async throws -> [BankAccount] {
        try await db.raw(
            """
            SELECT * FROM company_bank_accounts
            WHERE company_id = \(bind: companyID.description) AND match_key = \(bind: matchKey)
            """
        ).all().map(Self.decodeBankAccount)
    }

    static func decodeBankAccount(_ row: any SQLRow) throws -> BankAccount {
        guard let currency = Currency(code: try row.string("currency")) else {
            throw CorruptRow(description: "bank account currency")
        }
        return BankAccount(
            id: try row.id("id"), companyID: try row.id("company_id"), name: try row.string("name"),
            bank: try row.string("bank"), number: try row.optionalString("number"),
            iban: try row.optionalString("iban"),
            currency: currency, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }

    // MARK: Payments

    public func insert(_ payment: Payment) async throws {
        try await db.raw(
            """
            INSERT INTO payments (id, company_id, account_id, received_on, currency, amount_minor, method, reference,
                bank_account_id, notes, created_by, created_at, exchange_rate)
            VALUES (\(bind: payment.id.description), \(bind: payment.companyID.description),
                \(bind: payment.accountID.description), \(bind: payment.receivedOn.iso8601String),
                \(bind: payment.amount.currency.code), \(bind: payment.amount.minorUnits),
                \(bind: payment.method.rawValue), \(bind: payment.reference), \(bind: payment.bankAccountID?.description),
                \(bind: payment.notes), \(bind: payment.createdBy?.description),
                \(bind: payment.createdAt.millisecondsSince1970), \(bind: payment.exchangeRate.map(DecimalText.format)))
            """
        ).run()
    }

    /// A payment the viewer may see (its customer is visible to them); `forUpdate` locks the payment's row, which
    /// queues allocations from the same payment so their sum is checked against each other.
    public func find(_ id: Payment.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Payment? {
        var sql: SQLQueryString = """
            SELECT p.* FROM payments p JOIN accounts a ON a.id = p.account_id
            WHERE p.id = \(bind: id.description) AND p.company_id = \(bind: viewer.companyID.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db, of: "p")) }
        return try await db.raw(sql).first().map(Self.decodePayment)
    }

    /// Newest first, keyset-paged by id; optionally one customer's.
    public func list(viewer: Viewer, accountID: Account.ID?, page: PageRequest) async throws -> Page<Payment> {
        var sql: SQLQueryString = """
            SELECT p.* FROM payments p JOIN accounts a ON a.id = p.account_id
            WHERE p.company_id = \(bind: viewer.companyID.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        if let accountID { sql += " AND p.account_id = \(bind: accountID.description)" }
        return try await db.newestFirstPage(sql, alias: "p", page: page, decode: Self.decodePayment)
    }

    static func decodePayment(_ row: any SQLRow) throws -> Payment {
        guard let currency = Currency(code: try row.string("currency")),
            let method = PaymentMethod(rawValue: try row.string("method")),
            let date = CalendarDate(iso8601: try row.string("received_on"))
        else { throw CorruptRow(description: "payment currency, method or date") }
        var rate: Decimal?
        if let text = try row.optionalString("exchange_rate") {
            guard let parsed = DecimalText.parse(text) else { throw CorruptRow(description: "payment exchange rate") }
            rate = parsed
        }
        return Payment(
            id: try row.id("id"), companyID: try row.id("company_id"), accountID: try row.id("account_id"),
            receivedOn: date, amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
            method: method, reference: try row.optionalString("reference"),
            bankAccountID: try row.optionalID("bank_account_id"), notes: try row.optionalString("notes"),
            createdBy: try row.optionalID("created_by"), createdAt: try row.date("created_at"), exchangeRate: rate)
    }

    /// The cash of each payment already allocated (reversals subtracted).
    public func allocatedCash(of payments: [Payment.ID]) async throws -> [Payment.ID: Int64] {
        guard !payments.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT payment_id, CAST(SUM(cash_minor) AS BIGINT) AS cash FROM payment_allocations
            WHERE payment_id IN (\(binds: payments.map(\.description))) GROUP BY payment_id
            """
        ).all()
        var result: [Payment.ID: Int64] = [:]
        for row in rows { result[try row.id("payment_id")] = try row.int64("cash") }
        return result
    }

    // MARK: Allocations

    public func insert(_ allocation: PaymentAllocation) async throws {
        try await db.raw(
            """
            INSERT INTO payment_allocations (id, company_id, payment_id, invoice_id, account_id, currency, cash_minor,
                withheld_minor, allocated_on, reverses_id, created_by, created_at)
            VALUES (\(bind: allocation.id.description), \(bind: allocation.companyID.description),
                \(bind: allocation.paymentID.description), \(bind: allocation.invoiceID.description),
                \(bind: allocation.accountID.description), \(bind: allocation.cash.currency.code),
                \(bind: allocation.cash.minorUnits), \(bind: allocation.withheld.minorUnits),
                \(bind: allocation.allocatedOn.iso8601String), \(bind: allocation.reversesID?.description),
                \(bind: allocation.createdBy?.description), \(bind: allocation.createdAt.millisecondsSince1970))
            """
        ).run()
        for (position, line) in allocation.withholdings.enumerated() {
            try await db.raw(
                """
                INSERT INTO allocation_withholdings (allocation_id, position, kind, tax_code, rate_percent, base_minor,
                    amount_minor)
                VALUES (\(bind: allocation.id.description), \(bind: Int64(position)), \(bind: line.kind.rawValue),
                    \(bind: line.taxCode), \(bind: "\(line.ratePercent)"), \(bind: line.base.minorUnits),
                    \(bind: line.amount.minorUnits))
                """
            ).run()
        }
    }

    /// One allocation, in the viewer's company; `forUpdate` locks it.
    public func allocation(
        _ id: PaymentAllocation.ID, companyID: Company.ID, forUpdate: Bool = false
    ) async throws -> PaymentAllocation? {
        var sql: SQLQueryString = """
            SELECT * FROM payment_allocations
            WHERE id = \(bind: id.description) AND company_id = \(bind: companyID.description)
            """
        if forUpdate { sql += SQLQueryString(SQLDialectFacts.rowLockSuffix(db)) }
        guard let row = try await db.raw(sql).first() else { return nil }
        return try await withWithholdings([try Self.decodeAllocation(row)]).first
    }

    /// Whether an allocation has been reversed already.
    public func isReversed(_ id: PaymentAllocation.ID) async throws -> Bool {
        try await db.raw("SELECT id FROM payment_allocations WHERE reverses_id = \(bind: id.description)").first()
            != nil
    }

    /// The allocations of a payment or of an invoice (reversals included), oldest first; at most 1,000.
    public func allocations(payment: Payment.ID? = nil, invoice: Invoice.ID? = nil) async throws -> [PaymentAllocation]
    {
        var sql: SQLQueryString = "SELECT * FROM payment_allocations WHERE "
        if let payment {
            sql += "payment_id = \(bind: payment.description)"
        } else if let invoice {
            sql += "invoice_id = \(bind: invoice.description)"
        } else {
            return []
        }
        sql += " ORDER BY id LIMIT 1000"
        return try await withWithholdings(try await db.raw(sql).all().map(Self.decodeAllocation))
    }

    private func withWithholdings(_ allocations: [PaymentAllocation]) async throws -> [PaymentAllocation] {
        guard !allocations.isEmpty else { return allocations }
        let rows = try await db.raw(
            """
            SELECT * FROM allocation_withholdings
            WHERE allocation_id IN (\(binds: allocations.map(\.id.description)))
            ORDER BY allocation_id, position
            """
        ).all()
        var lines: [String: [WithholdingLine]] = [:]
        let currencies = Dictionary(allocations.map { ($0.id.description, $0.cash.currency) }) { first, _ in first }
        for row in rows {
            let owner = try row.string("allocation_id")
            guard let kind = WithholdingKind(rawValue: try row.string("kind")),
                let rate = Decimal(string: try row.string("rate_percent"), locale: Locale(identifier: "en_US_POSIX")),
                let currency = currencies[owner]
            else { throw CorruptRow(description: "allocation withholding") }
            lines[owner, default: []].append(
                WithholdingLine(
                    kind: kind, taxCode: try row.string("tax_code"), ratePercent: rate,
                    base: Money(minorUnits: try row.int64("base_minor"), currency: currency),
                    amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency)))
        }
        return allocations.map { allocation in
            var allocation = allocation
            allocation.withholdings = lines[allocation.id.description] ?? []
            return allocation
        }
    }

    static func decodeAllocation(_ row: any SQLRow) throws -> PaymentAllocation {
        guard let currency = Currency(code: try row.string("currency")),
            let date = CalendarDate(iso8601: try row.string("allocated_on"))
        else { throw CorruptRow(description: "allocation currency or date") }
        return PaymentAllocation(
            id: try row.id("id"), companyID: try row.id("company_id"), paymentID: try row.id("payment_id"),
            invoiceID: try row.id("invoice_id"), accountID: try row.id("account_id"),
            cash: Money(minorUnits: try row.int64("cash_minor"), currency: currency), withholdings: [],
            allocatedOn: date, reversesID: try row.optionalID("reverses_id"),
            createdBy: try row.optionalID("created_by"),
            createdAt: try row.date("created_at"))
    }

    // MARK: Withholding defaults

    /// The customer's withholding default; nil when none was saved (it withholds nothing).
    public func withholdingProfile(accountID: Account.ID) async throws -> (WithholdingProfile, version: Int64)? {
        guard
            let row = try await db.raw(
                "SELECT rates_json, version FROM account_withholding WHERE account_id = \(bind: accountID.description)"
            ).first()
        else { return nil }
        return (
            WithholdingProfile(rates: try row.json("rates_json", as: [WithholdingProfile.Rate].self)),
            try row.int64("version")
        )
    }

    /// Saves the default at `expectedVersion` (0 = none saved yet); false when another save came first.
    public func saveWithholdingProfile(
        _ profile: WithholdingProfile, accountID: Account.ID, companyID: Company.ID, expectedVersion: Int64, now: Date
    ) async throws -> Bool {
        let json = try jsonText(profile.rates)
        if expectedVersion == 0 {
            return
                !(try await db.raw(
                    """
                    INSERT INTO account_withholding (account_id, company_id, rates_json, updated_at, version)
                    VALUES (\(bind: accountID.description), \(bind: companyID.description), \(bind: json),
                        \(bind: now.millisecondsSince1970), 1)
                    ON CONFLICT (account_id) DO NOTHING RETURNING account_id
                    """
                ).all().isEmpty)
        }
        return
            !(try await db.raw(
                """
                UPDATE account_withholding SET rates_json = \(bind: json), updated_at = \(bind: now.millisecondsSince1970),
                    version = version + 1
                WHERE account_id = \(bind: accountID.description) AND version = \(bind: expectedVersion)
                RETURNING account_id
                """
            ).all().isEmpty)
    }
}
