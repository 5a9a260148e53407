import BentaCore
import BentaStore
import Foundation

/// Money in the bank: the company's bank accounts, payments received and their allocations to invoices (net of
/// what the customer withheld), reversals, each customer's withholding default, and the receivables ledger written
/// in the same transaction as each of them.
///
/// Recording and allocating payments is the work of the roles with the company's `record_payments` duty (by default
/// the accountant's, the head's and the admin's); a manager reads the payments of the customers they see.
public struct PaymentService: Sendable {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter
    /// This process as a server instance: a statement import records it, so that an import whose process died
    /// reads as stopped.
    var instance: ServerInstanceService? = nil

    // MARK: Bank accounts

    /// Adds a company bank account (admin or accountant).
    public func createBankAccount(_ draft: BankAccountDraft, viewer: Viewer) async throws -> BankAccount {
        guard viewer.role == .admin || viewer.role == .accountant else {
            throw RecordError.forbidden(detail: "Only an admin or the accountant adds bank accounts.")
        }
        let valid = try draft.validated()
        let now = clock.now()
        let account = BankAccount(
            id: clock.newID(), companyID: viewer.companyID, name: valid.name, bank: valid.bank, number: valid.number,
            iban: valid.iban, currency: valid.currency, createdAt: now, updatedAt: now, version: 1)
        let audit = audit
        return try await database.transaction { db in
            try await PaymentStore(db).insert(account)
            try await audit.record(
                "bank_account.created", entityType: "bank_account", entityID: account.id.description,
                companyID: viewer.companyID, by: viewer, details: ["name": account.name], created: account, on: db)
            return account
        }
    }

    /// The company's bank accounts (everyone but a manager).
    public func bankAccounts(viewer: Viewer) async throws -> [BankAccount] {
        // A manager reads them when their role records payments (the form names the account paid into).
        if viewer.role == .manager {
            try await Duties.require(.recordPayments, viewer: viewer, database: database)
        }
        return try await database.read { db in try await PaymentStore(db).bankAccounts(companyID: viewer.companyID) }
    }

    // MARK: Reading

    /// A payment with its allocations and what is left unallocated.
    public func payment(_ id: Payment.ID, viewer: Viewer) async throws -> PaymentDetail {
        try await database.read { db in
            guard let payment = try await PaymentStore(db).find(id, viewer: viewer) else {
                throw RecordError.notFound(entity: "payment")
            }
            return try await Self.detail(of: payment, on: db)
        }
    }

    /// Newest first, optionally one customer's; each with its unallocated amount (one aggregate query per page).
    public func list(viewer: Viewer, accountID: Account.ID?, page: PageRequest) async throws -> Page<PaymentSummary> {
        try await database.read { db in
            let store = PaymentStore(db)
            let found = try await store.list(viewer: viewer, accountID: accountID, page: page)
            let allocated = try await store.allocatedCash(of: found.items.map(\.id))
            return Page(
                items: found.items.map { payment in
                    PaymentSummary(
                        payment: payment,
                        unallocated: Money(
                            minorUnits: payment.amount.minorUnits - (allocated[payment.id] ?? 0),
                            currency: payment.amount.currency))
                }, nextCursor: found.nextCursor)
        }
    }

    static func detail(of payment: Payment, on db: StoreConnection) async throws -> PaymentDetail {
        let allocations = try await PaymentStore(db).allocations(payment: payment.id)
        let allocated = allocations.reduce(0) { $0 + $1.cash.minorUnits }
        let reversed = Set(allocations.compactMap(\.reversesID))
        return PaymentDetail(
            payment: payment, allocations: allocations, reversedIDs: reversed,
            unallocated: Money(minorUnits: payment.amount.minorUnits - allocated, currency: payment.amount.currency),
            isVoid: try await PaymentVoidStore(db).isVoid(payment.id))
    }

    // MARK: Recording

    /// Records a payment and, in the same transaction, its allocations; the ledger gets the receipt and each
    /// allocation. Refused as a whole (nothing written) when any allocation breaks a rule.
    public func record(_ draft: PaymentDraft, viewer: Viewer) async throws -> PaymentDetail {
        guard let company = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) })
        else { throw RecordError.notFound(entity: "company") }
        try company.duties.require(.recordPayments, for: viewer.role)
        let base = company.settings.baseCurrency
        let valid = try draft.validated(defaultCurrency: base, baseCurrency: base)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let payment = try await Self.insertPayment(
                valid, base: base, viewer: viewer, db: db, clock: clock, audit: audit)
            try await Self.allocate(
                valid.allocations, of: payment, on: payment.receivedOn, viewer: viewer, db: db, clock: clock,
                audit: audit)
            let detail = try await Self.detail(of: payment, on: db)
            try await IdempotencyScope.complete(with: detail, on: db)
            return detail
        }
    }

    /// Inserts a checked payment for a customer the viewer sees, with its ledger entry and audit row, in the
    /// caller's transaction. A foreign-currency payment with its rate is valued in `base` in the ledger.
    static func insertPayment(
        _ valid: ValidatedPayment, base: Currency? = nil, viewer: Viewer, db: StoreConnection, clock: AppClock,
        audit: AuditWriter
    ) async throws -> Payment {
        let store = PaymentStore(db)
        guard try await AccountStore(db).find(valid.accountID, viewer: viewer) != nil else {
            throw ValidationErrors([
                FieldError(field: "account_id", code: "invalid_account", message: "Choose a customer you can see.")
            ])
        }
        if let bank = valid.bankAccountID {
            guard let account = try await store.bankAccount(bank, companyID: viewer.companyID) else {
                throw ValidationErrors([
                    FieldError(
                        field: "bank_account_id", code: "invalid_bank_account",
                        message: "Choose one of the company's bank accounts.")
                ])
            }
            guard account.currency == valid.amount.currency else {
                throw ValidationErrors([
                    FieldError(
                        field: "currency", code: "currency_mismatch",
                        message: "The bank account is in \(account.currency.code).")
                ])
            }
        }
        let now = clock.now()
        let payment = Payment(
            id: clock.newID(), companyID: viewer.companyID, accountID: valid.accountID, receivedOn: valid.receivedOn,
            amount: valid.amount, method: valid.method, reference: valid.reference, bankAccountID: valid.bankAccountID,
            notes: valid.notes, createdBy: viewer.userID, createdAt: now,
            exchangeRate: valid.exchangeRate)
        try await store.insert(payment)
        let valuation = base.flatMap {
            ExchangeValuation(currency: payment.amount.currency, base: $0, rate: payment.exchangeRate)
        }
        try await LedgerStore(db).post(
            try JournalEntry(
                id: payment.id.retagged(), companyID: viewer.companyID, date: payment.receivedOn, source: .payment,
                sourceID: payment.id.description,
                lines: try valuation.map { valuation throws(MoneyError) in
                    try Posting.payment(payment, valuedAt: valuation)
                } ?? Posting.payment(payment)), at: now)
        var details = ["amount": payment.amount.decimalString, "currency": payment.amount.currency.code]
        if let rate = payment.exchangeRate { details["exchange_rate"] = DecimalText.format(rate) }
        try await audit.record(
            "payment.recorded", entityType: "payment", entityID: payment.id.description, companyID: viewer.companyID,
            by: viewer, details: details, created: payment, on: db)
        return payment
    }

    /// Applies more of a payment to invoices of the same customer.
    public func allocate(
        _ drafts: [AllocationDraft], paymentID: Payment.ID, viewer: Viewer
    ) async throws -> PaymentDetail {
        try await Duties.require(.recordPayments, viewer: viewer, database: database)
        let (clock, audit, database) = (clock, audit, database)
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        return try await database.transaction { db in
            guard let payment = try await PaymentStore(db).find(paymentID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "payment")
            }
            var errors = ValidationErrors()
            if drafts.isEmpty {
                errors.add(field: "allocations", code: "required", message: "Choose at least one invoice.")
            }
            let valid = AllocationDraft.validated(drafts, currency: payment.amount.currency, into: &errors)
            try errors.throwIfAny()
            try await Self.allocate(valid, of: payment, on: today, viewer: viewer, db: db, clock: clock, audit: audit)
            return try await Self.detail(of: payment, on: db)
        }
    }

    /// The allocations, each checked against the invoice's open amount and the payment's unallocated cash as this
    /// transaction sees them (the payment's row is locked by the caller or was just inserted; each invoice's row
    /// is locked here, so concurrent allocations to one invoice queue).
    static func allocate(
        _ requests: [ValidatedAllocation], of payment: Payment, on date: CalendarDate, viewer: Viewer,
        db: StoreConnection, clock: AppClock, audit: AuditWriter
    ) async throws {
        guard !requests.isEmpty else { return }
        guard try await !PaymentVoidStore(db).isVoid(payment.id) else {
            throw RecordError.conflict(code: "payment_void", detail: "This payment was voided; it takes no allocation.")
        }
        let store = PaymentStore(db)
        let invoices = InvoiceStore(db)
        var unallocated = Money(
            minorUnits: payment.amount.minorUnits - (try await store.allocatedCash(of: [payment.id])[payment.id] ?? 0),
            currency: payment.amount.currency)
        let profile = try await store.withholdingProfile(accountID: payment.accountID)?.0 ?? .none
        var errors = ValidationErrors()
        var made: [PaymentAllocation] = []
        for (index, request) in requests.enumerated() {
            let field = "allocations[\(index)]."
            guard let invoice = try await invoices.find(request.invoiceID, viewer: viewer, forUpdate: true) else {
                errors.add(
                    field: field + "invoice_id", code: "invalid_invoice", message: "Choose an invoice you can see.")
                continue
            }
            let balance = try await InvoiceService.balance(of: invoice, on: db)
            let total = balance.total
            let tax = try invoice.totals().totalTax
            // Allocations made earlier in this request already count in `balance` (same transaction).
            let withholdings: [WithholdingLine]
            if let given = request.withholdings {
                withholdings = given
            } else {
                withholdings = try AllocationRules.withholdings(
                    forCash: request.cash, open: balance.open, total: total, tax: tax, profile: profile)
            }
            let withheld = Money(
                minorUnits: withholdings.reduce(0) { $0 + $1.amount.minorUnits }, currency: request.cash.currency)
            do {
                try AllocationRules.check(
                    cash: request.cash, withheld: withheld, open: balance.open, unallocated: unallocated,
                    sameCustomer: invoice.accountID == payment.accountID,
                    issuedInvoice: invoice.status == .issued && invoice.kind == .invoice)
            } catch {
                Self.describe(error, field: field, into: &errors)
                continue
            }
            let allocation = PaymentAllocation(
                id: clock.newID(), companyID: payment.companyID, paymentID: payment.id, invoiceID: invoice.id,
                accountID: payment.accountID, cash: request.cash, withholdings: withholdings, allocatedOn: date,
                reversesID: nil, createdBy: viewer.userID, createdAt: clock.now())
            // Read before the allocation is inserted: what is left of the invoice and of the payment in the base
            // currency.
            let valuation = try await Self.valuation(
                of: allocation, invoice: invoice, payment: payment, open: balance.open, unallocated: unallocated,
                db: db)
            try await store.insert(allocation)
            let lines =
                try valuation.map { valuation throws(MoneyError) in
                    try Posting.allocation(allocation, valuedAt: valuation)
                } ?? Posting.allocation(allocation)
            try await LedgerStore(db).post(
                try JournalEntry(
                    id: allocation.id.retagged(), companyID: payment.companyID, date: date, source: .allocation,
                    sourceID: allocation.id.description, lines: lines), at: clock.now())
            try await audit.record(
                "payment.allocated", entityType: "invoice", entityID: invoice.id.description,
                companyID: payment.companyID, by: viewer,
                details: [
                    "payment": payment.id.description, "cash": allocation.cash.decimalString,
                    "withheld": allocation.withheld.decimalString,
                ], created: allocation, on: db)
            unallocated = try unallocated.subtracting(request.cash)
            made.append(allocation)
        }
        try errors.throwIfAny()
    }

    /// How an allocation is valued in the base currency: only when the invoice was issued in another currency
    /// than the company's base with its rate and the payment carries its own rate (a foreign-currency statement
    /// line is confirmed by a person who enters it); nil otherwise, and the allocation is posted in the document
    /// currency alone.
    static func valuation(
        of allocation: PaymentAllocation, invoice: Invoice, payment: Payment, open: Money, unallocated: Money,
        db: StoreConnection
    ) async throws -> AllocationValuation? {
        guard let base = invoice.issued?.baseCurrency,
            let booked = ExchangeValuation(
                currency: invoice.fields.currency, base: base, rate: invoice.fields.exchangeRate),
            let received = ExchangeValuation(currency: payment.amount.currency, base: base, rate: payment.exchangeRate)
        else { return nil }
        let ledger = LedgerStore(db)
        guard
            let receivableLeft = try await ledger.receivableLeftInBase(
                of: invoice.id, companyID: payment.companyID, base: base),
            let creditLeft = try await ledger.creditLeftInBase(of: payment.id, companyID: payment.companyID, base: base)
        else { return nil }
        return AllocationValuation(
            booked: booked, received: received, receivableLeft: receivableLeft, creditLeft: creditLeft,
            clearsInvoice: allocation.settled == open,
            takesRestOfPayment: allocation.cash.isPositive && allocation.cash == unallocated)
    }

    /// Undoes an allocation with a reversing one (the original stays, and is shown as reversed); the cash goes back
    /// to the payment's unallocated amount and the invoice is open again.
    public func reverse(_ allocationID: PaymentAllocation.ID, viewer: Viewer) async throws -> PaymentAllocation {
        try await Duties.require(.recordPayments, viewer: viewer, database: database)
        let (clock, audit, database) = (clock, audit, database)
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        return try await database.transaction { db in
            let store = PaymentStore(db)
            guard let original = try await store.allocation(allocationID, companyID: viewer.companyID),
                try await store.find(original.paymentID, viewer: viewer, forUpdate: true) != nil
            else { throw RecordError.notFound(entity: "allocation") }
            guard original.reversesID == nil else {
                throw RecordError.conflict(
                    code: "allocation_is_reversal", detail: "This is a reversal; record the allocation again instead.")
            }
            guard try await !store.isReversed(original.id) else {
                throw RecordError.conflict(code: "already_reversed", detail: "This allocation was already reversed.")
            }
            // Never dated before what it undoes (a payment may be recorded ahead of its value date), so a report
            // as of any day sees both or neither.
            let reversal = original.reversal(
                id: clock.newID(), on: max(today, original.allocatedOn), by: viewer.userID, at: clock.now())
            try await store.insert(reversal)
            // The original entry's lines negated, base values and exchange difference included.
            let ledger = LedgerStore(db)
            let posted = try await ledger.lines(entryID: original.id.description, companyID: viewer.companyID)
            try await ledger.post(
                try JournalEntry(
                    id: reversal.id.retagged(), companyID: viewer.companyID, date: reversal.allocatedOn,
                    source: .allocationReversal, sourceID: reversal.id.description,
                    lines: posted.isEmpty ? Posting.allocation(reversal) : Posting.reversal(of: posted)),
                at: clock.now())
            try await audit.record(
                "payment.allocation_reversed", entityType: "invoice", entityID: original.invoiceID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["allocation": original.id.description, "reversal": reversal.id.description],
                created: reversal, on: db)
            return reversal
        }
    }

    // MARK: Withholding defaults

    /// The customer's withholding default and its version (0 when none was saved: it withholds nothing).
    public func withholdingProfile(
        accountID: Account.ID, viewer: Viewer
    ) async throws -> (profile: WithholdingProfile, version: Int64) {
        try await database.read { db in
            guard try await AccountStore(db).find(accountID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "account")
            }
            let saved = try await PaymentStore(db).withholdingProfile(accountID: accountID)
            return (saved?.0 ?? .none, saved?.version ?? 0)
        }
    }

    /// Saves the customer's default at the version the user saw (0 = none saved yet).
    public func saveWithholdingProfile(
        _ profile: WithholdingProfile, accountID: Account.ID, viewer: Viewer, expectedVersion: Int64
    ) async throws -> (profile: WithholdingProfile, version: Int64) {
        try Self.requireFinance(viewer, reading: false)
        let profile = try profile.validated()
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard try await AccountStore(db).find(accountID, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "account")
            }
            let store = PaymentStore(db)
            guard
                try await store.saveWithholdingProfile(
                    profile, accountID: accountID, companyID: viewer.companyID, expectedVersion: expectedVersion,
                    now: clock.now())
            else {
                let current = try await store.withholdingProfile(accountID: accountID)?.version ?? 0
                throw RecordError.staleVersion(entity: "withholding", expected: expectedVersion, actual: current)
            }
            try await audit.record(
                "account.withholding_changed", entityType: "account", entityID: accountID.description,
                companyID: viewer.companyID, by: viewer, details: ["profile": profile.code], on: db)
            return (profile, expectedVersion + 1)
        }
    }

    // MARK: Ledger

    /// The ledger's balances per account and currency, as of a date (head, admin, accountant).
    public func ledgerBalances(viewer: Viewer, asOf: CalendarDate?) async throws -> [LedgerBalance] {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in
            try await LedgerStore(db).balances(companyID: viewer.companyID, asOf: asOf)
        }
    }

    /// The ledger's balances in the base currency over the lines valued in it (foreign-currency documents with
    /// their rates), as of a date: where the exchange difference's gains and losses show (head, admin, accountant).
    public func ledgerBaseBalances(viewer: Viewer, asOf: CalendarDate?) async throws -> [LedgerBalance] {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in
            try await LedgerStore(db).baseBalances(companyID: viewer.companyID, asOf: asOf)
        }
    }

    /// Each customer's receivable in the ledger (what the journal says they owe, all currencies added per
    /// customer's minor units); the figure the open invoices must add up to.
    public func receivablesByCustomer(viewer: Viewer) async throws -> [Account.ID: Int64] {
        try Self.requireFinance(viewer, reading: true)
        let balances = try await database.read { db in
            try await LedgerStore(db).partyBalances(companyID: viewer.companyID, account: .receivables)
        }
        var result: [Account.ID: Int64] = [:]
        for balance in balances {
            guard let party = balance.partyID else { continue }
            result[party, default: 0] += balance.balance.minorUnits
        }
        return result
    }

    /// The journal entries that do not balance (none, unless the ledger was damaged).
    public func unbalancedEntries(viewer: Viewer) async throws -> [String] {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in try await LedgerStore(db).unbalancedEntries(companyID: viewer.companyID)
        }
    }

    // MARK: Rules

    static func requireFinance(_ viewer: Viewer, reading: Bool) throws {
        guard viewer.role != .manager else {
            throw RecordError.forbidden(
                detail: reading
                    ? "Bank accounts and the ledger are for the accountant, the head and the admin."
                    : "Payments are recorded by the accountant, the head or the admin.")
        }
    }

    static func describe(_ refusal: AllocationRules.Refusal, field: String, into errors: inout ValidationErrors) {
        switch refusal {
        case .notPositive:
            errors.add(field: field + "amount", code: "not_positive", message: "Enter an amount above zero.")
        case .currencyMismatch(let invoice, _):
            errors.add(
                field: field + "invoice_id", code: "currency_mismatch",
                message: "The invoice is in \(invoice.code); apply a payment in the same currency.")
        case .otherCustomer:
            errors.add(
                field: field + "invoice_id", code: "other_customer",
                message: "The invoice is another customer's; apply a payment to its own customer's invoices.")
        case .notAnIssuedInvoice:
            errors.add(
                field: field + "invoice_id", code: "invoice_not_open",
                message: "Only an issued invoice (not a draft or a credit note) takes a payment.")
        case .exceedsOpenAmount(let open):
            errors.add(
                field: field + "amount", code: "exceeds_open_amount",
                message: "Cash plus withholding is more than the \(open.decimalString) still open.")
        case .exceedsUnallocated(let unallocated):
            errors.add(
                field: field + "amount", code: "exceeds_unallocated",
                message: "Only \(unallocated.decimalString) of the payment is left to apply.")
        case .withholdingNotPositive:
            errors.add(
                field: field + "withholdings", code: "not_positive", message: "Withholding amounts are above zero.")
        }
    }
}

/// A payment with its allocations.
public struct PaymentDetail: Sendable, IdempotentDocument {
    public let payment: Payment
    /// Every allocation, reversals included, oldest first.
    public let allocations: [PaymentAllocation]
    /// The allocations that a later reversal undid.
    public let reversedIDs: Set<PaymentAllocation.ID>
    /// The payment's cash not applied to any invoice: the customer's credit.
    public let unallocated: Money
    /// Whether the payment was voided (its bank line was matched wrongly); a void payment takes no allocation.
    public let isVoid: Bool

    public var idempotencyIdentity: String { "payment \(payment.id)" }
}

/// A payment in a list, with its unallocated cash.
public struct PaymentSummary: Sendable {
    public let payment: Payment
    public let unallocated: Money
}

extension PaymentService {
    /// Receivables aging as of a date (standard buckets: not due, 1–30, 31–60, 61–90, over 90 days past due): a
    /// manager sees their customers' invoices, the others the company's.
    public func aging(
        viewer: Viewer, asOf: CalendarDate, grouping: AgingGrouping, cursor: String?, limit: Int
    ) async throws -> (rows: [AgingRow], nextCursor: String?) {
        try await database.read { db in
            try await ReceivablesStore(db).aging(
                viewer: viewer, asOf: asOf, buckets: .standard, grouping: grouping, cursor: cursor, limit: limit)
        }
    }
}
