import Foundation

/// One incoming bank line to match: what came in, when, and what the bank says about the payer.
public struct MatchLine: Hashable, Sendable {
    /// The amount credited (positive).
    public var amount: Money
    /// The booking or value date.
    public var date: CalendarDate
    /// The remittance information (purpose, reference, free text).
    public var remittanceText: String
    /// The payer's name as the bank gives it.
    public var counterpartyName: String
    /// The payer's account number or IBAN, as the bank gives it.
    public var counterpartyAccount: String

    /// Creates a line.
    public init(
        amount: Money, date: CalendarDate, remittanceText: String = "", counterpartyName: String = "",
        counterpartyAccount: String = ""
    ) {
        self.amount = amount
        self.date = date
        self.remittanceText = remittanceText
        self.counterpartyName = counterpartyName
        self.counterpartyAccount = counterpartyAccount
    }
}

/// One open invoice the line might pay, with what the matcher needs to know about it and its customer.
public struct MatchCandidate: Hashable, Sendable {
    /// The invoice id.
    public var invoiceID: String
    /// The printed invoice number, such as "INV-2026-000123".
    public var invoiceNumber: String
    /// The customer (account) id.
    public var customerID: String
    /// The customer's name.
    public var customerName: String
    /// The invoice currency; a line in another currency never matches it.
    public var currency: Currency
    /// What is still open on the invoice.
    public var openAmount: Money
    /// The VAT-exclusive base of the open part, on which withholding is computed.
    public var openVATExclusiveBase: Money
    /// The due date.
    public var dueDate: CalendarDate
    /// The ISO 11649 creditor reference printed on the invoice ("RF…"), if any.
    public var creditorReference: String?
    /// Accounts the customer has paid from before.
    public var payerAccounts: [String]
    /// The customer's usual withholding rates in percent ([2], or [5, 1] for a government buyer); empty = none.
    public var usualWithholdingRates: [Decimal]
    /// For an invoice issued in two or more instalments, what is still open of the oldest instalment not yet
    /// paid in full (settlements apply oldest first); nil for an invoice of one instalment.
    public var nextInstalment: Money?

    /// Creates a candidate.
    public init(
        invoiceID: String, invoiceNumber: String, customerID: String, customerName: String, currency: Currency,
        openAmount: Money, openVATExclusiveBase: Money, dueDate: CalendarDate, creditorReference: String? = nil,
        payerAccounts: [String] = [], usualWithholdingRates: [Decimal] = [], nextInstalment: Money? = nil
    ) {
        self.invoiceID = invoiceID
        self.invoiceNumber = invoiceNumber
        self.customerID = customerID
        self.customerName = customerName
        self.currency = currency
        self.openAmount = openAmount
        self.openVATExclusiveBase = openVATExclusiveBase
        self.dueDate = dueDate
        self.creditorReference = creditorReference
        self.payerAccounts = payerAccounts
        self.usualWithholdingRates = usualWithholdingRates
        self.nextInstalment = nextInstalment
    }
}

/// Why a proposal was made; each reason adds to its score.
public enum MatchReason: Hashable, Sendable {
    /// The invoice number (given) appears in the remittance text.
    case referenceInText(String)
    /// The invoice's RF creditor reference appears in the remittance text.
    case creditorReference
    /// The line came from an account the customer has paid from before.
    case knownPayerAccount
    /// The line is exactly the open amount.
    case exactOpenAmount
    /// The line is the open amount less withholding at these rates (percent) of the VAT-exclusive base.
    case openAmountNetOfWithholding([Decimal])
    /// The line is exactly what is still open of the invoice's next unpaid instalment.
    case nextInstalment
    /// The line is exactly the sum of this many open invoices of one customer.
    case severalInvoicesSum(Int)
    /// The line's date is this many days after the due date (negative = before).
    case dateNearDue(Int)
    /// The payer's name is probably the customer's.
    case nameSimilar
    /// The payer's name is exactly the name of one customer (and of no other), while the line names no invoice
    /// and comes from an account no customer paid from before: a suggestion, never confirmed automatically.
    case payerName
}

/// What a proposal puts on one invoice: the cash from the line and the tax assumed withheld.
public struct MatchAllocation: Hashable, Sendable {
    /// The invoice id.
    public var invoiceID: String
    /// The part of the line allocated to the invoice.
    public var cash: Money
    /// The withholding assumed on the invoice, to be settled by a 2307 (zero when none).
    public var withheld: Money
}

/// The withholding a proposal assumes: the rates (percent of the VAT-exclusive base) and the total withheld.
public struct MatchWithholding: Hashable, Sendable {
    /// The rates, such as [2] or [5, 1].
    public var rates: [Decimal]
    /// The total withheld over the proposal's invoices.
    public var amount: Money
}

/// One way to settle the line: invoices of one customer, what goes on each, a score 0…100 and the reasons.
public struct MatchProposal: Hashable, Sendable {
    /// The customer of every invoice in the proposal.
    public var customerID: String
    /// The invoices, oldest first, with what goes on each.
    public var allocations: [MatchAllocation]
    /// The withholding assumed, if any.
    public var withholding: MatchWithholding?
    /// The part of the line not allocated (an overpayment, to be kept as customer credit or refunded).
    public var unallocated: Money
    /// 0…100; higher is surer.
    public var score: Int
    /// Why, strongest first.
    public var reasons: [MatchReason]

    /// The invoice ids of the allocations.
    public var invoiceIDs: [String] { allocations.map(\.invoiceID) }
}

/// The ranked proposals for one line.
public struct MatchResult: Hashable, Sendable {
    /// The proposals, best first.
    public var proposals: [MatchProposal]

    /// The best proposal, if any.
    public var best: MatchProposal? { proposals.first }

    /// Whether the best proposal may be confirmed without a person: its score is above `threshold` and at least
    /// `margin` points ahead of the second. Anything else (no proposal, a low score, two close candidates) goes to
    /// the review queue.
    public func autoConfirm(
        threshold: Int = PaymentMatcher.defaultThreshold, margin: Int = PaymentMatcher.defaultMargin
    ) -> Bool {
        guard let best, best.score > threshold else { return false }
        guard proposals.count > 1 else { return true }
        return best.score - proposals[1].score >= margin
    }
}

/// Scores the open invoices a bank line may pay (DOMAIN.md §1, "Withholding: this drives payment matching").
///
/// Points (capped at 100): the invoice number in the text 60 (its digits alone 50), the RF reference 65 (both 70),
/// 10 less when the amount fits no reading (a part payment), 20 less when the text names only some of several
/// invoices; the exact open amount, or exactly the open part of an instalment invoice's next unpaid instalment, 30, the open amount net of the customer's usual withholding 30 (of another
/// standard rate 25), several invoices of one customer summing to the line 25; a known payer account 20; a similar
/// name 10; for one invoice, the date within 3 / 10 / 30 days of its due date 5 / 3 / 1. So a reference with the
/// right amount (90+) is confirmed automatically by default; an amount from the known account (50) is only proposed.
///
/// Invoice numbers are compared as their ASCII letters and digits, upper-cased, over up to four consecutive words
/// of the text: "INV-2026-000123" is found as "inv 2026-000123" or "INV2026000123", and by its digits alone
/// ("2026-000123", scoring less) when they are at least 8; a bare "000123" is not enough.
public enum PaymentMatcher {
    /// The score a best proposal must exceed to be confirmed automatically, by default.
    public static let defaultThreshold = 80
    /// How far ahead of the second the best proposal must be to be confirmed automatically, by default.
    public static let defaultMargin = 15
    /// The most proposals returned for one line.
    public static let maximumProposals = 10
    /// The withholding the matcher tries on every invoice: 1% goods, 2% services, government 5% VAT plus 1% or 2%.
    public static let standardWithholdingRates: [[Decimal]] = [[1], [2], [5, 1], [5, 2]]
    /// The oldest invoices of a customer the several-invoice search looks at.
    public static let maximumInvoicesSearched = 20
    /// The most invoices in one several-invoice proposal.
    public static let maximumInvoicesCombined = 5
    /// The search steps allowed per customer and line, so one line never takes long.
    public static let maximumSearchSteps = 20_000

    enum Points {
        static let invoiceNumber = 60
        static let invoiceNumberDigits = 50
        static let creditorReference = 65
        static let bothReferences = 70
        static let exactAmount = 30
        static let netAtUsualRates = 30
        static let netAtOtherRates = 25
        static let severalInvoices = 25
        static let payerAccount = 20
        static let nameSimilar = 10
        static let amountDiffers = 10
        static let someInvoicesNamed = 20
        static let payerName = 10
    }

    /// Suggestions for a line that names no invoice and comes from an account no customer paid from before, whose
    /// payer is named exactly like one customer: each of `invoices` (that customer's open invoices) in the line's
    /// currency, oldest first, with the line's amount on it (at most its open amount; the rest unallocated).
    /// The reason is `payerName` (and `exactOpenAmount` when the amount is the open amount); the score stays far
    /// below any threshold: a person decides.
    public static func payerNameProposals(for line: MatchLine, invoices: [MatchCandidate]) -> [MatchProposal] {
        guard line.amount.isPositive else { return [] }
        let oldest = invoices.filter { $0.currency == line.amount.currency }.sorted {
            ($0.dueDate, $0.invoiceNumber, $0.invoiceID) < ($1.dueDate, $1.invoiceNumber, $1.invoiceID)
        }
        return oldest.prefix(maximumProposals).map { invoice in
            let exact = invoice.openAmount == line.amount
            let cash = line.amount.minorUnits < invoice.openAmount.minorUnits ? line.amount : invoice.openAmount
            return MatchProposal(
                customerID: invoice.customerID,
                allocations: [
                    MatchAllocation(invoiceID: invoice.invoiceID, cash: cash, withheld: .zero(cash.currency))
                ],
                withholding: nil,
                unallocated: Money(
                    minorUnits: line.amount.minorUnits - cash.minorUnits, currency: line.amount.currency),
                score: Points.payerName + (exact ? Points.exactAmount : 0),
                reasons: exact ? [.payerName, .exactOpenAmount] : [.payerName])
        }
    }

    /// The ranked proposals for `line` among the candidates of `index`.
    public static func match(_ line: MatchLine, in index: MatchIndex) -> MatchResult {
        guard line.amount.isPositive else { return MatchResult(proposals: []) }
        let found = index.lookUp(line)
        var proposals: [MatchProposal] = []
        for position in found.singleCandidates {
            if let proposal = single(position, line: line, found: found, index: index) {
                proposals.append(proposal)
            }
        }
        for customer in found.customers {
            proposals += several(customer, line: line, found: found, index: index)
        }
        return MatchResult(proposals: ranked(proposals, index: index))
    }

    private static func single(
        _ position: Int, line: MatchLine, found: MatchIndex.Found, index: MatchIndex
    ) -> MatchProposal? {
        let candidate = index.candidates[position]
        var reasons: [MatchReason] = []
        var score = referencePoints(of: [position], found: found, index: index, reasons: &reasons)
        let cash: Money
        var withholding: MatchWithholding?
        var withheld = Money.zero(candidate.currency)
        if candidate.openAmount == line.amount {
            cash = line.amount
            score += Points.exactAmount
            reasons.append(.exactOpenAmount)
        } else if let variant = index.netVariants[position].first(where: { $0.cash == line.amount.minorUnits }) {
            cash = line.amount
            withheld = Money(minorUnits: variant.withheld, currency: candidate.currency)
            withholding = MatchWithholding(rates: variant.rates, amount: withheld)
            score += variant.rates == candidate.usualWithholdingRates ? Points.netAtUsualRates : Points.netAtOtherRates
            reasons.append(.openAmountNetOfWithholding(variant.rates))
        } else if let instalment = candidate.nextInstalment, instalment == line.amount {
            // An instalment invoice paid one instalment at a time: the part due is as sure as the whole.
            cash = line.amount
            score += Points.exactAmount
            reasons.append(.nextInstalment)
        } else if score > 0 {
            // Referenced but of another amount: a part payment, or an overpayment whose rest stays unallocated.
            // The amount speaks against the reference a little.
            cash = line.amount.minorUnits < candidate.openAmount.minorUnits ? line.amount : candidate.openAmount
            score -= Points.amountDiffers
        } else {
            return nil
        }
        score += partyPoints(candidate.customerID, found: found, reasons: &reasons)
        let days = candidate.dueDate.days(until: line.date)
        score += datePoints(days, reasons: &reasons)
        return MatchProposal(
            customerID: candidate.customerID,
            allocations: [MatchAllocation(invoiceID: candidate.invoiceID, cash: cash, withheld: withheld)],
            withholding: withholding,
            unallocated: Money(minorUnits: line.amount.minorUnits - cash.minorUnits, currency: line.amount.currency),
            score: min(score, 100), reasons: reasons)
    }

    /// Proposals of two or more invoices of `customer` summing to the line: gross, then all net of the customer's
    /// usual withholding.
    private static func several(
        _ customer: String, line: MatchLine, found: MatchIndex.Found, index: MatchIndex
    ) -> [MatchProposal] {
        // The customer's oldest invoices, and any invoice the text names, oldest first.
        let referenced = Set(found.references.keys).union(found.creditorReferences)
            .filter { index.candidates[$0].customerID == customer }
        var pool = index.oldestByCustomer[customer] ?? []
        pool += referenced.filter { !pool.contains($0) }
        pool = pool.filter { index.candidates[$0].currency == line.amount.currency }
        pool.sort { index.isOlder($0, than: $1) }
        guard pool.count >= 2 else { return [] }
        var proposals: [MatchProposal] = []
        let usual = index.usualNet(of: pool)
        var modes: [(amounts: [Int64], rates: [Decimal]?)] = [
            (pool.map { index.candidates[$0].openAmount.minorUnits }, nil)
        ]
        if let usual { modes.append((usual.map(\.cash), index.candidates[pool[0]].usualWithholdingRates)) }
        for mode in modes {
            let solutions = SubsetSum.search(
                amounts: mode.amounts, target: line.amount.minorUnits, maximumSize: maximumInvoicesCombined,
                maximumSteps: maximumSearchSteps, maximumSolutions: 3)
            for solution in solutions {
                let positions = solution.map { pool[$0] }
                var reasons: [MatchReason] = []
                var score = referencePoints(of: positions, found: found, index: index, reasons: &reasons)
                score += Points.severalInvoices
                reasons.append(.severalInvoicesSum(positions.count))
                var allocations: [MatchAllocation] = []
                var withheldTotal: Int64 = 0
                for (offset, position) in positions.enumerated() {
                    let candidate = index.candidates[position]
                    let withheld = mode.rates == nil ? 0 : usual?[solution[offset]].withheld ?? 0
                    withheldTotal += withheld
                    allocations.append(
                        MatchAllocation(
                            invoiceID: candidate.invoiceID,
                            cash: Money(minorUnits: mode.amounts[solution[offset]], currency: candidate.currency),
                            withheld: Money(minorUnits: withheld, currency: candidate.currency)))
                }
                if let rates = mode.rates { reasons.append(.openAmountNetOfWithholding(rates)) }
                // No date points: several invoices have several due dates, and the oldest set should win a tie.
                score += partyPoints(customer, found: found, reasons: &reasons)
                proposals.append(
                    MatchProposal(
                        customerID: customer, allocations: allocations,
                        withholding: mode.rates.map {
                            MatchWithholding(
                                rates: $0, amount: Money(minorUnits: withheldTotal, currency: line.amount.currency))
                        },
                        unallocated: .zero(line.amount.currency), score: min(score, 100), reasons: reasons))
            }
        }
        return proposals
    }

    /// The reference points of a set of invoices: full when the text names every one, 20 less when only some.
    private static func referencePoints(
        of positions: [Int], found: MatchIndex.Found, index: MatchIndex, reasons: inout [MatchReason]
    ) -> Int {
        var best = 0
        var named = 0
        for position in positions {
            var points = 0
            if let strength = found.references[position] {
                points = strength == .full ? Points.invoiceNumber : Points.invoiceNumberDigits
                reasons.append(.referenceInText(index.candidates[position].invoiceNumber))
            }
            if found.creditorReferences.contains(position) {
                points = points > 0 ? Points.bothReferences : Points.creditorReference
                if !reasons.contains(.creditorReference) { reasons.append(.creditorReference) }
            }
            if points > 0 { named += 1 }
            best = max(best, points)
        }
        return named == positions.count || best == 0 ? best : best - Points.someInvoicesNamed
    }

    private static func partyPoints(_ customer: String, found: MatchIndex.Found, reasons: inout [MatchReason]) -> Int {
        var points = 0
        if found.payerCustomers.contains(customer) {
            points += Points.payerAccount
            reasons.append(.knownPayerAccount)
        }
        if found.nameCustomers.contains(customer) {
            points += Points.nameSimilar
            reasons.append(.nameSimilar)
        }
        return points
    }

    private static func datePoints(_ days: Int, reasons: inout [MatchReason]) -> Int {
        let points: Int
        switch abs(days) {
        case 0...3: points = 5
        case 4...10: points = 3
        case 11...30: points = 1
        default: return 0
        }
        reasons.append(.dateNearDue(days))
        return points
    }

    /// Best first; the same invoices with the same withholding once; ties to the oldest invoice, then the ids.
    private static func ranked(_ proposals: [MatchProposal], index: MatchIndex) -> [MatchProposal] {
        var seen = Set<String>()
        let ordered = proposals.sorted { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let left = index.oldestDueDate(lhs.invoiceIDs)
            let right = index.oldestDueDate(rhs.invoiceIDs)
            if left != right { return left < right }
            if lhs.allocations.count != rhs.allocations.count { return lhs.allocations.count < rhs.allocations.count }
            return lhs.invoiceIDs.lexicographicallyPrecedes(rhs.invoiceIDs)
        }
        return Array(
            ordered.filter { proposal in
                let rates = proposal.withholding?.rates.map(\.description).joined(separator: "+") ?? ""
                return seen.insert(proposal.invoiceIDs.sorted().joined(separator: "|") + "#" + rates).inserted
            }
            .prefix(maximumProposals))
    }
}

/// A bounded search for sets of amounts that add up to a target exactly.
enum SubsetSum {
    /// Up to `maximumSolutions` sets of 2…`maximumSize` indexes into `amounts` whose amounts sum to `target`; fewer
    /// invoices first, then the earliest indexes (the oldest invoices) first. Non-positive amounts are never used.
    /// Stops after `maximumSteps` steps, returning what it found.
    static func search(
        amounts: [Int64], target: Int64, maximumSize: Int, maximumSteps: Int, maximumSolutions: Int
    ) -> [[Int]] {
        guard target > 0, amounts.count >= 2 else { return [] }
        var solutions: [[Int]] = []
        var steps = 0
        var chosen: [Int] = []
        func extend(from start: Int, remaining: Int64, size: Int) {
            guard solutions.count < maximumSolutions, steps < maximumSteps else { return }
            if chosen.count == size {
                if remaining == 0 { solutions.append(chosen) }
                return
            }
            var next = start
            while next <= amounts.count - (size - chosen.count) {
                steps += 1
                if steps >= maximumSteps || solutions.count >= maximumSolutions { return }
                let amount = amounts[next]
                if amount > 0, amount <= remaining {
                    chosen.append(next)
                    extend(from: next + 1, remaining: remaining - amount, size: size)
                    chosen.removeLast()
                }
                next += 1
            }
        }
        for size in 2...max(2, min(maximumSize, amounts.count)) {
            extend(from: 0, remaining: target, size: size)
        }
        return solutions
    }
}
