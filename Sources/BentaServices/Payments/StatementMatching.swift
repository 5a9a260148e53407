import BentaCore
import BentaStore
import Foundation

/// Matching bank lines to invoices (issue 12, "Matching"): the proposals for one line, the lines confirmed
/// automatically when a statement is imported, and undoing a wrong match.
///
/// Candidates come from `MatchCandidateStore` (indexed look-ups for a whole batch of lines, a fixed number of
/// statements per 500 lines) and are scored by the pure `PaymentMatcher`.
extension PaymentService {
    /// The score a line's best proposal must exceed (and lead the second by `PaymentMatcher.defaultMargin`) to be
    /// confirmed at import without a person. A constant for now (the matcher's default: an invoice number with
    /// the right amount scores 90 or more; an amount alone, or an amount from a known payer account, is only
    /// proposed); a company setting may replace it later.
    public static let autoMatchThreshold = 80

    /// The proposals for one line, best first, with the number of every invoice they name.
    public struct LineCandidates: Sendable {
        public let line: StatementLineRecord
        public let proposals: [MatchProposal]
        /// Invoice id → printed number, for every invoice of `proposals`.
        public let invoiceNumbers: [String: String]
    }

    /// The ranked proposals for a money-in line (none for money out). A line that names no invoice, from an
    /// account no customer paid from before, whose payer is named exactly like one customer (and no other) also
    /// gets that customer's open invoices as suggestions for the reason `payerName`, after the matcher's
    /// proposals (an import never confirms on them).
    public func candidates(
        for lineID: StatementLineRecord.ID, viewer: Viewer
    ) async throws -> LineCandidates {
        try Self.requireFinance(viewer, reading: true)
        return try await database.read { db in
            guard let line = try await BankStatementStore(db).line(lineID, companyID: viewer.companyID) else {
                throw RecordError.notFound(entity: "statement_line")
            }
            let match = Self.matchLine(line)
            guard line.amount.isPositive else {
                return LineCandidates(line: line, proposals: [], invoiceNumbers: [:])
            }
            let store = MatchCandidateStore(db)
            var candidates = try await store.candidates(for: [match], companyID: viewer.companyID)
            let index = MatchIndex(candidates: candidates)
            var proposals = PaymentMatcher.match(match, in: index).proposals
            if !index.namesAnInvoice(match),
                try await !store.isKnownPayerAccount(match.counterpartyAccount, companyID: viewer.companyID),
                let customer = try await store.customers(named: match.counterpartyName, companyID: viewer.companyID)
                    .onlyElement
            {
                let invoices = try await store.openInvoices(of: customer, companyID: viewer.companyID)
                let proposed = Set(proposals.filter { $0.allocations.count == 1 }.flatMap(\.invoiceIDs))
                proposals += PaymentMatcher.payerNameProposals(for: match, invoices: invoices).filter {
                    !proposed.isSuperset(of: $0.invoiceIDs)
                }
                candidates += invoices
            }
            var numbers: [String: String] = [:]
            for candidate in candidates { numbers[candidate.invoiceID] = candidate.invoiceNumber }
            return LineCandidates(line: line, proposals: proposals, invoiceNumbers: numbers)
        }
    }

    /// A line the matcher is sure of: whose payment it is, its allocations and the score.
    struct SureMatch: Sendable {
        var line: StatementLineRecord
        var customerID: String
        var allocations: [AllocationDraft]
        var score: Int
    }

    /// Confirms, in the caller's transaction, each of `lines` whose best proposal passes
    /// `autoConfirm(threshold: autoMatchThreshold)`. An invoice is used by one line of the import at most (`used`,
    /// kept across the import's batches: a later line naming it waits for a person), except an invoice issued in
    /// instalments: a later line that pays exactly its next unpaid instalment, with nothing left over, is
    /// confirmed against its open amount as it stands after the earlier line (a line of the same batch is matched
    /// again, with fresh candidates, once the batch's other sure lines are recorded). The candidates of all of
    /// `lines` are read at once. Returns how many lines were matched, and a warning for each sure line left in the
    /// queue because its invoice changed in the meantime.
    ///
    /// A line in another currency than `base` is never confirmed here: its payment needs the rate the bank
    /// converted it at, which only a person gives (`confirmLine`), so it waits in the queue.
    static func autoMatch(
        _ lines: [StatementLineRecord], base: Currency, used: inout Set<String>, writes: StatementWrites,
        viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter,
        phases: StatementImportPhases? = nil
    ) async throws -> (matched: Int, warnings: [String]) {
        var waiting = lines.filter { $0.status == .unmatched && $0.amount.isPositive && $0.amount.currency == base }
        var matched = 0
        var warnings: [String] = []
        while !waiting.isEmpty {
            let matchLines = waiting.map(Self.matchLine)
            let candidates = try await phases.measure(.readCandidates) {
                try await MatchCandidateStore(db).candidates(
                    for: matchLines, companyID: viewer.companyID, amounts: .namedCustomers)
            }
            guard !candidates.isEmpty else { break }
            let (sure, again) = phases.measureNow(.match) {
                decide(waiting, matchLines, candidates: candidates, used: &used)
            }
            let outcome = try await phases.measure(.record) {
                switch writes {
                case .batched:
                    return try await confirmAll(sure, viewer: viewer, db: db, clock: clock, audit: audit)
                case .oneByOne:
                    for match in sure {
                        _ = try await confirm(
                            match.line, accountID: match.customerID, allocations: match.allocations, viewer: viewer,
                            db: db, clock: clock, audit: audit, score: match.score)
                    }
                    return (sure.count, [])
                }
            }
            matched += outcome.matched
            warnings += outcome.warnings
            waiting = again
        }
        return (matched, warnings)
    }

    /// The sure lines among `lines` (matched as `matchLines` against `candidates`, read after every earlier
    /// confirmation of the import was written), in order, each invoice used once: `used` gains their invoices.
    /// A line whose best proposal takes an invoice already used waits for a person, unless that invoice is issued
    /// in instalments: used by a line of this same round, the line is given back to be matched again once this
    /// round is recorded (`again`); used before, the line is sure when it pays exactly the invoice's next
    /// unpaid instalment (as `candidates` show it now) and leaves nothing unallocated.
    static func decide(
        _ lines: [StatementLineRecord], _ matchLines: [MatchLine], candidates: [MatchCandidate],
        used: inout Set<String>
    ) -> (sure: [SureMatch], again: [StatementLineRecord]) {
        let index = MatchIndex(candidates: candidates)
        var byID: [String: MatchCandidate] = [:]
        for candidate in candidates { byID[candidate.invoiceID] = candidate }
        var sure: [SureMatch] = []
        var again: [StatementLineRecord] = []
        var usedNow = Set<String>()
        for (line, matchLine) in zip(lines, matchLines) {
            let result = PaymentMatcher.match(matchLine, in: index)
            guard result.autoConfirm(threshold: autoMatchThreshold), let best = result.best else { continue }
            let taken = best.invoiceIDs.filter { used.contains($0) || usedNow.contains($0) }
            if !taken.isEmpty {
                guard taken.allSatisfy({ byID[$0]?.nextInstalment != nil }) else { continue }
                if taken.contains(where: usedNow.contains) {
                    again.append(line)
                    continue
                }
                let onTaken = best.allocations.filter { taken.contains($0.invoiceID) }
                let paysNextInstalment = onTaken.allSatisfy {
                    $0.cash.minorUnits + $0.withheld.minorUnits == byID[$0.invoiceID]?.nextInstalment?.minorUnits
                }
                guard best.unallocated.minorUnits == 0, paysNextInstalment else { continue }
            }
            guard let drafts = allocationDrafts(for: best, candidates: byID) else { continue }
            sure.append(SureMatch(line: line, customerID: best.customerID, allocations: drafts, score: best.score))
            usedNow.formUnion(best.invoiceIDs)
        }
        used.formUnion(usedNow)
        return (sure, again)
    }

    /// Records every line of `sure` as its customer's payment, as `confirm` records one — the payment, its journal
    /// entry, its allocations and theirs, the audit rows, the line matched, the payer account remembered — in
    /// multi-row statements. The invoices are locked first and each allocation is checked against their open
    /// amounts as this transaction sees them then (`AllocationRules.check`, as `allocate` does); a line that no
    /// longer fits (another payment settled its invoice since the candidates were read) is left in the queue
    /// with a warning, and the others are recorded.
    static func confirmAll(
        _ sure: [SureMatch], viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter
    ) async throws -> (matched: Int, warnings: [String]) {
        guard !sure.isEmpty else { return (0, []) }
        var checked: [(match: SureMatch, valid: ValidatedPayment)] = []
        var warnings: [String] = []
        for match in sure {
            do {
                let draft = paymentDraft(for: match.line, accountID: match.customerID, allocations: match.allocations)
                checked.append((match, try draft.validated(defaultCurrency: match.line.amount.currency)))
            } catch {
                warnings.append(leftInQueue(match.line, because: "its payment is not valid"))
            }
        }
        let locked = try await MatchCandidateStore(db).lockedInvoices(
            checked.flatMap { $0.valid.allocations.map(\.invoiceID) })
        var open = locked.mapValues(\.open)
        var payments: [Payment] = []
        var allocations: [PaymentAllocation] = []
        var entries: [(entry: JournalEntry, postedAt: Date)] = []
        var events: [AuditEvent] = []
        var moves: [(line: StatementLineRecord.ID, payment: Payment.ID)] = []
        var payers: [(key: String, customer: Account.ID)] = []
        lines: for (match, valid) in checked {
            // Every allocation of the line must fit, or none is made.
            var after: [Invoice.ID: Money] = [:]
            var unallocated = valid.amount.minorUnits
            for request in valid.allocations {
                guard let invoice = locked[request.invoiceID], let current = after[invoice.id] ?? open[invoice.id],
                    let withholdings = request.withholdings
                else {
                    warnings.append(leftInQueue(match.line, because: "its invoice is gone"))
                    continue lines
                }
                let withheld = withholdings.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
                do {
                    try AllocationRules.check(
                        cash: request.cash, withheld: Money(minorUnits: withheld, currency: request.cash.currency),
                        open: current,
                        unallocated: Money(minorUnits: unallocated, currency: valid.amount.currency),
                        sameCustomer: invoice.customerID == valid.accountID, issuedInvoice: invoice.isIssuedInvoice)
                } catch {
                    warnings.append(leftInQueue(match.line, because: "its invoice changed while it was imported"))
                    continue lines
                }
                after[invoice.id] = Money(
                    minorUnits: current.minorUnits - request.cash.minorUnits - withheld, currency: current.currency)
                unallocated -= request.cash.minorUnits
            }
            open.merge(after) { $1 }
            let now = clock.now()
            let payment = Payment(
                id: clock.newID(), companyID: viewer.companyID, accountID: valid.accountID,
                receivedOn: valid.receivedOn, amount: valid.amount, method: valid.method, reference: valid.reference,
                bankAccountID: valid.bankAccountID, notes: valid.notes, createdBy: viewer.userID, createdAt: now)
            payments.append(payment)
            entries.append(
                (
                    try JournalEntry(
                        id: payment.id.retagged(), companyID: viewer.companyID, date: payment.receivedOn,
                        source: .payment, sourceID: payment.id.description, lines: Posting.payment(payment)), now
                ))
            events.append(
                try audit.event(
                    "payment.recorded", entityType: "payment", entityID: payment.id.description,
                    companyID: viewer.companyID, by: viewer,
                    details: ["amount": payment.amount.decimalString, "currency": payment.amount.currency.code],
                    created: payment))
            for request in valid.allocations {
                let allocation = PaymentAllocation(
                    id: clock.newID(), companyID: payment.companyID, paymentID: payment.id,
                    invoiceID: request.invoiceID, accountID: payment.accountID, cash: request.cash,
                    withholdings: request.withholdings ?? [], allocatedOn: payment.receivedOn, reversesID: nil,
                    createdBy: viewer.userID, createdAt: now)
                allocations.append(allocation)
                entries.append(
                    (
                        try JournalEntry(
                            id: allocation.id.retagged(), companyID: payment.companyID, date: payment.receivedOn,
                            source: .allocation, sourceID: allocation.id.description,
                            lines: Posting.allocation(allocation)), now
                    ))
                events.append(
                    try audit.event(
                        "payment.allocated", entityType: "invoice", entityID: request.invoiceID.description,
                        companyID: payment.companyID, by: viewer,
                        details: [
                            "payment": payment.id.description, "cash": allocation.cash.decimalString,
                            "withheld": allocation.withheld.decimalString,
                        ], created: allocation))
            }
            moves.append((match.line.id, payment.id))
            if let account = match.line.counterpartyAccount {
                payers.append((BankAccount.normalizedNumber(account), payment.accountID))
            }
            events.append(
                try audit.event(
                    "bank_statement.line_auto_matched", entityType: "bank_account",
                    entityID: match.line.bankAccountID.description, companyID: viewer.companyID,
                    by: viewer,
                    details: [
                        "line": match.line.id.description, "payment": payment.id.description,
                        "score": "\(match.score)",
                    ], changes: Self.lineMatched))
        }
        guard !payments.isEmpty else { return (0, warnings) }
        let bulk = BulkInsert(db)
        try await bulk.payments(payments)
        try await bulk.allocations(allocations)
        try await bulk.journalEntries(entries)
        guard try await BankStatementStore(db).markMatched(moves).count == moves.count else {
            throw RecordError.conflict(code: "line_not_open", detail: "A line of this import was just settled.")
        }
        try await bulk.payerAccounts(payers, companyID: viewer.companyID, at: clock.now())
        try await bulk.auditEvents(events)
        return (payments.count, warnings)
    }

    /// The warning for a sure line left in the review queue.
    static func leftInQueue(_ line: StatementLineRecord, because reason: String) -> String {
        "line \(line.bankReference ?? line.endToEndID ?? line.dedupeKey) (\(line.amount.decimalString) on "
            + "\(line.bookingDate.iso8601String)) waits in the review queue: \(reason)"
    }

    /// The allocations of `proposal` as drafts: the cash on each invoice, and its withholding at the proposal's
    /// rates (the standard profile of those rates, on the invoice's open VAT-exclusive base) or explicitly none.
    /// Nil when a rate set is not a standard one or an allocation would exceed the invoice's open amount.
    static func allocationDrafts(
        for proposal: MatchProposal, candidates: [String: MatchCandidate]
    ) -> [AllocationDraft]? {
        var profile = WithholdingProfile.none
        if let rates = proposal.withholding?.rates {
            guard
                let standard = WithholdingProfile.presets.first(where: { $0.profile.rates.map(\.ratePercent) == rates })
            else { return nil }
            profile = standard.profile
        }
        var drafts: [AllocationDraft] = []
        for allocation in proposal.allocations {
            guard let candidate = candidates[allocation.invoiceID] else { return nil }
            var lines: [WithholdingDraft] = []
            if allocation.withheld.isPositive {
                guard let computed = try? profile.lines(base: candidate.openVATExclusiveBase),
                    computed.reduce(0, { $0 + $1.amount.minorUnits }) == allocation.withheld.minorUnits
                else { return nil }
                lines = computed.map {
                    WithholdingDraft(
                        kind: $0.kind.rawValue, taxCode: $0.taxCode, ratePercent: "\($0.ratePercent)",
                        base: $0.base.decimalString, amount: $0.amount.decimalString)
                }
            }
            guard allocation.cash.minorUnits + allocation.withheld.minorUnits <= candidate.openAmount.minorUnits
            else { return nil }
            drafts.append(
                AllocationDraft(
                    invoiceID: allocation.invoiceID, amount: allocation.cash.decimalString, withholdings: lines))
        }
        return drafts
    }

    /// Records `line` as `accountID`'s payment with `allocations`, marks it matched and remembers its counterparty
    /// account as the customer's payer account — in the caller's transaction. `score` is the matcher's, when the
    /// matcher confirmed it.
    ///
    /// With `base` (a person's confirmation), a line in another currency needs `exchangeRate`, as a payment a person
    /// records does (`exchange_rate`, `required_for_foreign_currency`): the payment carries it, and each allocation
    /// is valued and posts its exchange difference; a rate given for a base-currency line is dropped.
    static func confirm(
        _ line: StatementLineRecord, accountID: String, allocations: [AllocationDraft], base: Currency? = nil,
        exchangeRate: String = "", viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter,
        score: Int? = nil
    ) async throws -> Payment {
        let valid = try paymentDraft(
            for: line, accountID: accountID, allocations: allocations, exchangeRate: exchangeRate
        ).validated(defaultCurrency: line.amount.currency, baseCurrency: base)
        let payment = try await insertPayment(valid, base: base, viewer: viewer, db: db, clock: clock, audit: audit)
        try await allocate(
            valid.allocations, of: payment, on: payment.receivedOn, viewer: viewer, db: db, clock: clock, audit: audit)
        guard
            try await BankStatementStore(db).move(
                line.id, from: .unmatched, to: .matched, paymentID: payment.id, expectedVersion: line.version) != nil
        else { throw RecordError.conflict(code: "line_not_open", detail: "This line was just settled.") }
        if let account = line.counterpartyAccount {
            try await MatchCandidateStore(db).rememberPayerAccount(
                account, customer: payment.accountID, companyID: viewer.companyID, at: clock.now())
        }
        var details = ["line": line.id.description, "payment": payment.id.description]
        if let score { details["score"] = "\(score)" }
        try await audit.record(
            score == nil ? "bank_statement.line_confirmed" : "bank_statement.line_auto_matched",
            entityType: "bank_account", entityID: line.bankAccountID.description, companyID: viewer.companyID,
            by: viewer, details: details, changes: Self.lineMatched, on: db)
        return payment
    }

    /// The payment a line is recorded as: its amount, booking date, bank account, reference and remittance, and the
    /// rate a person gave for it (empty: none).
    static func paymentDraft(
        for line: StatementLineRecord, accountID: String, allocations: [AllocationDraft], exchangeRate: String = ""
    ) -> PaymentDraft {
        PaymentDraft(
            accountID: accountID, receivedOn: line.bookingDate.iso8601String, amount: line.amount.decimalString,
            currency: line.amount.currency.code, method: PaymentMethod.bankTransfer.rawValue,
            reference: line.bankReference ?? line.endToEndID ?? "", bankAccountID: line.bankAccountID.description,
            notes: String(line.remittance.prefix(2000)), allocations: allocations, exchangeRate: exchangeRate)
    }

    /// Undoes a wrong match: the payment's live allocations are reversed, the payment is voided (a reversing
    /// journal entry takes the cash back out of the customer's credit, and an append-only void row is written),
    /// and the line goes back to the review queue — one transaction. The payment row itself stays as it was.
    public func unmatchLine(
        _ lineID: StatementLineRecord.ID, reason: String?, viewer: Viewer
    ) async throws -> StatementLineRecord {
        try await requireStatementWriter(viewer)
        var errors = ValidationErrors()
        let reason = Validate.optionalText(reason ?? "", field: "reason", maxLength: 500, into: &errors) ?? ""
        try errors.throwIfAny()
        let (clock, audit, database) = (clock, audit, database)
        let today = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        return try await database.transaction { db in
            let lines = BankStatementStore(db)
            guard let line = try await lines.line(lineID, companyID: viewer.companyID, forUpdate: true) else {
                throw RecordError.notFound(entity: "statement_line")
            }
            guard line.status == .matched, let paymentID = line.paymentID else {
                throw RecordError.conflict(
                    code: "line_not_matched", detail: "This line is \(line.status.rawValue), not matched.")
            }
            let payments = PaymentStore(db)
            guard let payment = try await payments.find(paymentID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "payment")
            }
            let now = clock.now()
            guard
                try await PaymentVoidStore(db).insert(
                    payment.id, companyID: viewer.companyID, reason: reason, by: viewer.userID, at: now)
            else { throw RecordError.conflict(code: "payment_void", detail: "This payment was already voided.") }
            let allocations = try await payments.allocations(payment: payment.id)
            let reversed = Set(allocations.compactMap(\.reversesID))
            let ledger = LedgerStore(db)
            for original in allocations where original.reversesID == nil && !reversed.contains(original.id) {
                // Never dated before what it undoes, as `reverse` does.
                let reversal = original.reversal(
                    id: clock.newID(), on: max(today, original.allocatedOn), by: viewer.userID, at: now)
                try await payments.insert(reversal)
                try await ledger.post(
                    try JournalEntry(
                        id: reversal.id.retagged(), companyID: viewer.companyID, date: reversal.allocatedOn,
                        source: .allocationReversal, sourceID: reversal.id.description,
                        lines: Posting.allocation(reversal)), at: now)
                try await audit.record(
                    "payment.allocation_reversed", entityType: "invoice", entityID: original.invoiceID.description,
                    companyID: viewer.companyID, by: viewer,
                    details: ["allocation": original.id.description, "reversal": reversal.id.description],
                    created: reversal, on: db)
            }
            try await ledger.post(
                try JournalEntry(
                    id: clock.newID(), companyID: viewer.companyID, date: max(today, payment.receivedOn),
                    source: .paymentVoid,
                    sourceID: payment.id.description, lines: Posting.paymentVoid(payment)), at: now)
            guard
                let reopened = try await lines.move(
                    line.id, from: .matched, to: .unmatched, paymentID: nil, expectedVersion: line.version)
            else { throw RecordError.conflict(code: "line_not_matched", detail: "This line was just changed.") }
            try await audit.record(
                "payment.voided", entityType: "payment", entityID: payment.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["line": line.id.description, "reason": reason], on: db)
            return reopened
        }
    }

    /// What the matcher reads of a line: the amount, the booking date, every reference the bank gave (remittance,
    /// creditor reference, end-to-end id) as text, and the payer.
    static func matchLine(_ line: StatementLineRecord) -> MatchLine {
        let text = [line.remittance, line.creditorReference ?? "", line.endToEndID ?? ""].filter { !$0.isEmpty }
            .joined(separator: " ")
        return MatchLine(
            amount: line.amount, date: line.bookingDate, remittanceText: text,
            counterpartyName: line.counterpartyName ?? "", counterpartyAccount: line.counterpartyAccount ?? "")
    }
}

extension Array {
    /// The element of a one-element array; nil when there are none or several.
    fileprivate var onlyElement: Element? { count == 1 ? first : nil }
}
