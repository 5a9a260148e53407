import Foundation

/// All open invoices to match against, indexed once so each bank line looks up its few candidates instead of
/// scanning every invoice: by normalised invoice number (and its digits), RF reference, payer account, customer
/// name, and exact amount in minor units — gross and net of every standard withholding.
///
/// Building is linear in the candidates; a line costs a few dictionary look-ups per word of its remittance text,
/// plus a bounded search over at most `PaymentMatcher.maximumInvoicesSearched` invoices of each customer the line
/// points to. So 10,000 lines against 10,000 invoices take 10,000 small look-ups, not 10⁸ comparisons.
public struct MatchIndex: Sendable {
    /// The candidates, in the order given.
    public let candidates: [MatchCandidate]

    /// One way to read a candidate's open amount net of withholding.
    struct NetVariant: Hashable, Sendable {
        var rates: [Decimal]
        var withheld: Int64
        var cash: Int64
    }

    /// A net reading's inputs: candidates with the same open amount and base share it.
    struct NetKey: Hashable, Sendable {
        var currency: String
        var open: Int64
        var base: Int64
        var rates: [Decimal]
    }

    /// How a reference was found in the text.
    enum ReferenceStrength: Hashable, Sendable {
        /// The whole invoice number, letters and digits ("INV2026000123").
        case full
        /// Only its digits ("2026000123").
        case digits
    }

    /// Per candidate, its open amount net of each withholding tried (the customer's usual rates first).
    let netVariants: [[NetVariant]]
    /// Per candidate, its open amount net of the customer's usual rates; nil when it has none.
    let usualNetVariant: [NetVariant?]
    private let byNumber: [String: [Int]]
    private let byNumberDigits: [String: [Int]]
    private let byCreditorReference: [String: [Int]]
    private let customersByPayerAccount: [String: Set<String>]
    private let customersByNameWord: [String: Set<String>]
    /// Per customer, its name as `NameSimilarity.normalized` gives it: normalised once per index, not per line.
    private let normalizedNames: [String: String]
    private let byAmount: [Int64: [Int]]
    /// Per customer, the positions of its oldest invoices (by due date), at most
    /// `PaymentMatcher.maximumInvoicesSearched`.
    let oldestByCustomer: [String: [Int]]
    private let positionByInvoiceID: [String: Int]

    /// The shortest invoice-number key looked for in text; shorter numbers would match stray words and amounts.
    static let minimumNumberKeyLength = 4
    /// The shortest digits-only key; "000123" alone is too common to mean one invoice.
    static let minimumDigitsKeyLength = 8
    /// The most consecutive words of the text joined into one key ("INV 2026 000123" is three).
    static let maximumWordsPerKey = 4

    /// Indexes `candidates`.
    public init(candidates: [MatchCandidate]) {
        self.candidates = candidates
        var netVariants: [[NetVariant]] = []
        var usualNet: [NetVariant?] = []
        var byNumber: [String: [Int]] = [:]
        var byDigits: [String: [Int]] = [:]
        var byReference: [String: [Int]] = [:]
        var byAccount: [String: Set<String>] = [:]
        var byNameWord: [String: Set<String>] = [:]
        var names: [String: String] = [:]
        // Invoices of one amount share their net readings: each is computed once per index.
        var netReadings: [NetKey: NetVariant?] = [:]
        func net(_ candidate: MatchCandidate, rates: [Decimal]) -> NetVariant? {
            let key = NetKey(
                currency: candidate.currency.code, open: candidate.openAmount.minorUnits,
                base: candidate.openVATExclusiveBase.minorUnits, rates: rates)
            if let known = netReadings[key] { return known }
            let computed = Self.net(candidate, rates: rates)
            netReadings[key] = computed
            return computed
        }
        var byAmount: [Int64: [Int]] = [:]
        var byCustomer: [String: [Int]] = [:]
        var byID: [String: Int] = [:]
        for (position, candidate) in candidates.enumerated() {
            let usualRates = candidate.usualWithholdingRates
            var rateSets = usualRates.isEmpty ? [] : [usualRates]
            rateSets += PaymentMatcher.standardWithholdingRates.filter { $0 != usualRates }
            let variants = rateSets.compactMap { net(candidate, rates: $0) }
            netVariants.append(variants)
            usualNet.append(usualRates.isEmpty ? nil : net(candidate, rates: usualRates))
            let number = Self.key(candidate.invoiceNumber)
            if number.count >= Self.minimumNumberKeyLength { byNumber[number, default: []].append(position) }
            let digits = number.filter(\.isNumber)
            if digits != number, digits.count >= Self.minimumDigitsKeyLength {
                byDigits[digits, default: []].append(position)
            }
            if let reference = candidate.creditorReference.map(Self.key), !reference.isEmpty {
                byReference[reference, default: []].append(position)
            }
            for account in candidate.payerAccounts.map(Self.key) where !account.isEmpty {
                byAccount[account, default: []].insert(candidate.customerID)
            }
            if names[candidate.customerID] == nil {
                let name = NameSimilarity.normalized(candidate.customerName)
                names[candidate.customerID] = name
                if let word = name.split(separator: " ").first.map(String.init) {
                    byNameWord[word, default: []].insert(candidate.customerID)
                }
            }
            var amounts = Set([candidate.openAmount.minorUnits])
            amounts.formUnion(variants.map(\.cash))
            if let instalment = candidate.nextInstalment { amounts.insert(instalment.minorUnits) }
            for amount in amounts { byAmount[amount, default: []].append(position) }
            byCustomer[candidate.customerID, default: []].append(position)
            byID[candidate.invoiceID] = position
        }
        self.netVariants = netVariants
        self.usualNetVariant = usualNet
        self.byNumber = byNumber
        self.byNumberDigits = byDigits
        self.byCreditorReference = byReference
        self.customersByPayerAccount = byAccount
        self.customersByNameWord = byNameWord
        self.normalizedNames = names
        self.byAmount = byAmount
        self.positionByInvoiceID = byID
        var oldest: [String: [Int]] = [:]
        for (customer, positions) in byCustomer {
            let sorted = positions.sorted { Self.isOlder(candidates[$0], than: candidates[$1]) }
            oldest[customer] = Array(sorted.prefix(PaymentMatcher.maximumInvoicesSearched))
        }
        self.oldestByCustomer = oldest
    }

    /// The candidates the matcher looks at for `line`, found through the indexes: the invoices its text names, the
    /// invoices of its amount (gross or net of withholding), and the oldest invoices of the customers its payer
    /// account or name points to.
    public func candidates(for line: MatchLine) -> [MatchCandidate] {
        let found = lookUp(line)
        var positions = Set(found.singleCandidates)
        for customer in found.customers { positions.formUnion(oldestByCustomer[customer] ?? []) }
        return positions.sorted().map { candidates[$0] }
    }

    /// Whether `line`'s text names one of the candidates (its invoice number, digits or RF reference).
    public func namesAnInvoice(_ line: MatchLine) -> Bool {
        let found = lookUp(line)
        return !found.references.isEmpty || !found.creditorReferences.isEmpty
    }

    /// What the indexes give for one line.
    struct Found {
        /// Candidates whose invoice number appears in the text, and how.
        var references: [Int: ReferenceStrength] = [:]
        /// Candidates whose RF reference appears in the text.
        var creditorReferences: Set<Int> = []
        /// Candidates whose open amount, gross or net, equals the line.
        var amountMatches: [Int] = []
        /// Customers who paid from the line's account before.
        var payerCustomers: Set<String> = []
        /// Customers whose name is probably the payer's.
        var nameCustomers: Set<String> = []
        /// Positions to score one by one, ascending, in the line's currency.
        var singleCandidates: [Int] = []
        /// Customers to search for several invoices summing to the line, sorted.
        var customers: [String] = []
    }

    func lookUp(_ line: MatchLine) -> Found {
        var found = Found()
        let words = Self.words(line.remittanceText)
        for start in words.indices {
            var joined = ""
            for word in words[start..<min(start + Self.maximumWordsPerKey, words.count)] {
                joined += word
                for position in byNumber[joined] ?? [] { found.references[position] = .full }
                for position in byNumberDigits[joined] ?? [] where found.references[position] == nil {
                    found.references[position] = .digits
                }
            }
        }
        found.creditorReferences = creditorReferences(in: line.remittanceText)
        found.amountMatches = byAmount[line.amount.minorUnits] ?? []
        let account = Self.key(line.counterpartyAccount)
        if !account.isEmpty { found.payerCustomers = customersByPayerAccount[account] ?? [] }
        let payer = NameSimilarity.normalized(line.counterpartyName)
        if let word = payer.split(separator: " ").first.map(String.init) {
            found.nameCustomers = (customersByNameWord[word] ?? []).filter { customer in
                NameSimilarity.isLikelySame(normalized: payer, normalizedNames[customer] ?? "")
            }
        }
        var single = Set(found.references.keys).union(found.creditorReferences)
        single.formUnion(found.amountMatches)
        found.singleCandidates = single.filter { candidates[$0].currency == line.amount.currency }.sorted()
        var customers = found.payerCustomers.union(found.nameCustomers)
        customers.formUnion(found.references.keys.map { candidates[$0].customerID })
        customers.formUnion(found.creditorReferences.map { candidates[$0].customerID })
        found.customers = customers.sorted()
        return found
    }

    /// Positions of candidates whose RF reference occurs in `text` (spaces and dashes inside it ignored).
    private func creditorReferences(in text: String) -> Set<Int> {
        guard !byCreditorReference.isEmpty else { return [] }
        let compact = Array(Self.key(text))
        var result = Set<Int>()
        var start = 0
        while start + 5 <= compact.count {
            if compact[start] == "R", compact[start + 1] == "F" {
                for length in 5...min(25, compact.count - start) {
                    let key = String(compact[start..<start + length])
                    result.formUnion(byCreditorReference[key] ?? [])
                }
            }
            start += 1
        }
        return result
    }

    /// The open amounts of `positions` net of their customer's usual withholding; nil when any has none.
    func usualNet(of positions: [Int]) -> [NetVariant]? {
        let variants = positions.map { usualNetVariant[$0] }
        guard !variants.isEmpty, variants.allSatisfy({ $0 != nil }) else { return nil }
        return variants.compactMap { $0 }
    }

    /// Whether the candidate at `lhs` is due before the one at `rhs` (then by invoice number, then id).
    func isOlder(_ lhs: Int, than rhs: Int) -> Bool {
        Self.isOlder(candidates[lhs], than: candidates[rhs])
    }

    /// The earliest due date among the invoices `ids`.
    func oldestDueDate(_ ids: [String]) -> CalendarDate {
        ids.compactMap { positionByInvoiceID[$0].map { candidates[$0].dueDate } }.min()
            ?? CalendarDate(daysSinceEpoch: 0)
    }

    private static func isOlder(_ lhs: MatchCandidate, than rhs: MatchCandidate) -> Bool {
        (lhs.dueDate, lhs.invoiceNumber, lhs.invoiceID) < (rhs.dueDate, rhs.invoiceNumber, rhs.invoiceID)
    }

    /// `candidate`'s open amount net of withholding at `rates`, each rate rounded on its own through
    /// `Rounding.percent` (one withholding line per rate); nil when nothing would be withheld or it cannot be
    /// computed.
    private static func net(_ candidate: MatchCandidate, rates: [Decimal]) -> NetVariant? {
        var withheld: Int64 = 0
        for rate in rates {
            guard let part = try? Rounding.percent(of: candidate.openVATExclusiveBase, rate: rate) else { return nil }
            withheld += part.minorUnits
        }
        guard withheld > 0, withheld < candidate.openAmount.minorUnits else { return nil }
        return NetVariant(rates: rates, withheld: withheld, cash: candidate.openAmount.minorUnits - withheld)
    }

    /// The comparable form of a number, reference or account: ASCII letters and digits, upper-cased
    /// ("inv-2026 000123" → "INV2026000123").
    static func key(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.filter { ($0.isASCII && $0.properties.isAlphabetic) || isDigit($0) })
    }

    /// The words of `text` as keys: runs of ASCII letters and digits, upper-cased.
    static func words(_ text: String) -> [String] {
        text.uppercased().unicodeScalars.split { !($0.isASCII && ($0.properties.isAlphabetic || isDigit($0))) }
            .map { String(String.UnicodeScalarView($0)) }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }
}
