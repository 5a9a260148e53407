import BentaCore
import BentaStore
import Foundation

/// Matching bank lines to invoices (issue 12, "Matching"): the proposals for one line, the lines confirmed
/// automatically when a statement is imported, and undoing a wrong match.
///
/// Candidates come from `MatchCandidateStore` (indexed look-ups for a whole batch of lines, a fixed number of
/// statements per hundred lines) and are scored by the pure `PaymentMatcher`.
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

    /// The ranked proposals for a money-in line (none for money out).
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
            let candidates = try await MatchCandidateStore(db).candidates(for: [match], companyID: viewer.companyID)
            let result = PaymentMatcher.match(match, in: MatchIndex(candidates: candidates))
            var numbers: [String: String] = [:]
            for candidate in candidates { numbers[candidate.invoiceID] = candidate.invoiceNumber }
            return LineCandidates(line: line, proposals: result.proposals, invoiceNumbers: numbers)
        }
    }

    /// Confirms, in the caller's transaction, each of `lines` whose best proposal passes
    /// `autoConfirm(threshold: autoMatchThreshold)`; an invoice is used by one line of the batch at most (a later
    /// line naming it waits for a person). Returns how many lines were matched.
    static func autoMatch(
        _ lines: [StatementLineRecord], viewer: Viewer, db: StoreConnection, clock: AppClock, audit: AuditWriter
    ) async throws -> Int {
        let open = lines.filter { $0.status == .unmatched && $0.amount.isPositive }
        guard !open.isEmpty else { return 0 }
        let matchLines = open.map(Self.matchLine)
        let candidates = try await MatchCandidateStore(db).candidates(for: matchLines, companyID: viewer.companyID)
        guard !candidates.isEmpty else { return 0 }
        let index = MatchIndex(candidates: candidates)
        var byID: [String: MatchCandidate] = [:]
        for candidate in candidates { byID[candidate.invoiceID] = candidate }
        var used = Set<String>()
        var matched = 0
        for (line, matchLine) in zip(open, matchLines) {
            let result = PaymentMatcher.match(matchLine, in: index)
            guard result.autoConfirm(threshold: autoMatchThreshold), let best = result.best,
                used.isDisjoint(with: best.invoiceIDs),
                let drafts = allocationDrafts(for: best, candidates: byID)
            else { continue }
            _ = try await confirm(
                line, accountID: best.customerID, allocations: drafts, viewer: viewer, db: db, clock: clock,
                audit: audit, score: best.score)
            used.formUnion(best.invoiceIDs)
            matched += 1
        }
        return matched
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
    static func confirm(
        _ line: StatementLineRecord, accountID: String, allocations: [AllocationDraft], viewer: Viewer,
        db: StoreConnection, clock: AppClock, audit: AuditWriter, score: Int? = nil
    ) async throws -> Payment {
        let draft = PaymentDraft(
            accountID: accountID, receivedOn: line.bookingDate.iso8601String, amount: line.amount.decimalString,
            currency: line.amount.currency.code, method: PaymentMethod.bankTransfer.rawValue,
            reference: line.bankReference ?? line.endToEndID ?? "", bankAccountID: line.bankAccountID.description,
            notes: String(line.remittance.prefix(2000)), allocations: allocations)
        let valid = try draft.validated(defaultCurrency: line.amount.currency)
        let payment = try await insertPayment(valid, viewer: viewer, db: db, clock: clock, audit: audit)
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
            actor: viewer.userID, details: details, on: db)
        return payment
    }

    /// Undoes a wrong match: the payment's live allocations are reversed, the payment is voided (a reversing
    /// journal entry takes the cash back out of the customer's credit, and an append-only void row is written),
    /// and the line goes back to the review queue — one transaction. The payment row itself stays as it was.
    public func unmatchLine(
        _ lineID: StatementLineRecord.ID, reason: String?, viewer: Viewer
    ) async throws -> StatementLineRecord {
        try Self.requireFinance(viewer, reading: false)
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
                    companyID: viewer.companyID, actor: viewer.userID,
                    details: ["allocation": original.id.description, "reversal": reversal.id.description], on: db)
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
                companyID: viewer.companyID, actor: viewer.userID,
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
