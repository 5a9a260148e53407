import Foundation

/// A calendar quarter, the period a BIR Form 2307 covers: "2026-Q3" is 1 July to 30 September 2026.
public struct TaxQuarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…4.
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), (1...9999).contains(year) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// "2026-Q3" (the `Q` in either case); nil for anything else.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2,
            parts[1].first == "Q", let quarter = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, quarter: quarter)
    }

    /// The quarter a date falls in.
    public init(containing date: CalendarDate) {
        year = date.year
        quarter = (date.month + 2) / 3
    }

    /// The quarter exactly spanning `from`…`to` (first day of a quarter to its last day); nil otherwise.
    public init?(from: CalendarDate, to: CalendarDate) {
        let quarter = TaxQuarter(containing: from)
        guard quarter.firstDay == from, quarter.lastDay == to else { return nil }
        self = quarter
    }

    /// The quarter's first day.
    public var firstDay: CalendarDate {
        CalendarDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!
    }

    /// The quarter's last day.
    public var lastDay: CalendarDate {
        CalendarDate(year: year, month: quarter * 3, day: 1)!.lastOfMonth
    }

    /// "2026-Q3".
    public var description: String { "\(year)-Q\(quarter)" }

    public static func < (lhs: TaxQuarter, rhs: TaxQuarter) -> Bool {
        (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter)
    }
}

/// A BIR Form 2307 (certificate of creditable tax withheld at source) a customer handed over for one quarter, and
/// the allocations whose withholding it covers. Recorded once, never edited or deleted; an allocation is covered by
/// at most one certificate, and until then the invoice it settles is "2307 pending".
public struct WithholdingCertificate: Sendable, Hashable {
    public typealias ID = Identifier<WithholdingCertificate>

    public var id: ID
    public var companyID: Company.ID
    /// The customer who withheld and issued the certificate.
    public var accountID: Account.ID
    /// The certificate's number as printed on it.
    public var number: String
    public var period: TaxQuarter
    /// The day the company received it.
    public var receivedOn: CalendarDate
    public var notes: String?
    /// The allocations it covers.
    public var allocationIDs: [PaymentAllocation.ID]
    public var createdBy: User.ID?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, accountID: Account.ID, number: String, period: TaxQuarter,
        receivedOn: CalendarDate, notes: String?, allocationIDs: [PaymentAllocation.ID], createdBy: User.ID?,
        createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.accountID = accountID
        self.number = number
        self.period = period
        self.receivedOn = receivedOn
        self.notes = notes
        self.allocationIDs = allocationIDs
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// What a user enters to record a 2307, as text; ``validated()`` checks it. The period is either `period`
/// ("2026-Q3") or `periodFrom` and `periodTo` spanning exactly one calendar quarter.
public struct CertificateDraft: Sendable, Hashable {
    public var accountID: String
    public var number: String
    public var period: String
    public var periodFrom: String
    public var periodTo: String
    public var receivedOn: String
    public var notes: String
    public var allocationIDs: [String]

    public init(
        accountID: String, number: String, period: String = "", periodFrom: String = "", periodTo: String = "",
        receivedOn: String, notes: String = "", allocationIDs: [String]
    ) {
        self.accountID = accountID
        self.number = number
        self.period = period
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.receivedOn = receivedOn
        self.notes = notes
        self.allocationIDs = allocationIDs
    }

    /// The most allocations one certificate covers.
    public static let maximumAllocations = 500

    /// The checked values. Errors name the JSON fields (`number`, `period`, `allocation_ids[2]`).
    public func validated() throws(ValidationErrors) -> ValidatedCertificate {
        var errors = ValidationErrors()
        let accountID = Account.ID(string: accountID.trimmingCharacters(in: .whitespaces))
        if accountID == nil {
            errors.add(field: "account_id", code: "invalid_account", message: "Choose the customer who withheld.")
        }
        let number = Validate.requiredText(number, field: "number", maxLength: 40, into: &errors)
        var quarter: TaxQuarter?
        let periodText = period.trimmingCharacters(in: .whitespaces)
        if !periodText.isEmpty {
            quarter = TaxQuarter(text: periodText)
        } else if let from = CalendarDate(iso8601: periodFrom.trimmingCharacters(in: .whitespaces)),
            let to = CalendarDate(iso8601: periodTo.trimmingCharacters(in: .whitespaces))
        {
            quarter = TaxQuarter(from: from, to: to)
        }
        if quarter == nil {
            errors.add(
                field: "period", code: "invalid_period",
                message: "Enter a calendar quarter as 2026-Q3, or its first and last day.")
        }
        let receivedOn = CalendarDate(iso8601: receivedOn.trimmingCharacters(in: .whitespaces))
        if receivedOn == nil {
            errors.add(field: "received_on", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
        }
        let notes = Validate.optionalText(notes, field: "notes", maxLength: 2000, into: &errors)
        var ids: [PaymentAllocation.ID] = []
        if allocationIDs.isEmpty {
            errors.add(
                field: "allocation_ids", code: "required", message: "Choose the allocations the certificate covers.")
        } else if allocationIDs.count > Self.maximumAllocations {
            errors.add(
                field: "allocation_ids", code: "too_many",
                message: "A certificate covers at most \(Self.maximumAllocations) allocations.")
        }
        for (index, text) in allocationIDs.prefix(Self.maximumAllocations).enumerated() {
            let field = "allocation_ids[\(index)]"
            guard let id = PaymentAllocation.ID(string: text.trimmingCharacters(in: .whitespaces)) else {
                errors.add(field: field, code: "invalid_allocation", message: "Choose an allocation of this customer.")
                continue
            }
            if ids.contains(id) {
                errors.add(field: field, code: "duplicate", message: "This allocation is listed twice.")
            }
            ids.append(id)
        }
        try errors.throwIfAny()
        guard let accountID, let number, let quarter, let receivedOn else { throw errors }
        return ValidatedCertificate(
            accountID: accountID, number: number, period: quarter, receivedOn: receivedOn, notes: notes,
            allocationIDs: ids)
    }
}

/// A checked certificate draft.
public struct ValidatedCertificate: Sendable, Hashable {
    public var accountID: Account.ID
    public var number: String
    public var period: TaxQuarter
    public var receivedOn: CalendarDate
    public var notes: String?
    public var allocationIDs: [PaymentAllocation.ID]
}

/// What the store knows about an allocation a certificate is to cover.
public struct CertificateCandidate: Sendable, Hashable {
    public var id: PaymentAllocation.ID
    public var accountID: Account.ID
    public var allocatedOn: CalendarDate
    public var withheld: Int64
    /// The allocation is itself a reversal.
    public var isReversal: Bool
    /// A later reversal undid it.
    public var isReversed: Bool
    /// A certificate already covers it.
    public var isCovered: Bool

    public init(
        id: PaymentAllocation.ID, accountID: Account.ID, allocatedOn: CalendarDate, withheld: Int64,
        isReversal: Bool, isReversed: Bool, isCovered: Bool
    ) {
        self.id = id
        self.accountID = accountID
        self.allocatedOn = allocatedOn
        self.withheld = withheld
        self.isReversal = isReversal
        self.isReversed = isReversed
        self.isCovered = isCovered
    }

    /// Why a certificate of `accountID` for `period` cannot cover this allocation; nil when it can.
    public func refusal(accountID: Account.ID, period: TaxQuarter) -> (code: String, message: String)? {
        if self.accountID != accountID {
            return ("other_customer", "The allocation is another customer's.")
        }
        if isReversal || isReversed {
            return ("allocation_reversed", "The allocation was reversed; only live allocations take a 2307.")
        }
        if withheld <= 0 {
            return ("no_withholding", "Nothing was withheld on this allocation.")
        }
        if isCovered {
            return ("already_covered", "Another certificate already covers this allocation.")
        }
        if TaxQuarter(containing: allocatedOn) != period {
            return ("outside_period", "The allocation is dated \(allocatedOn.iso8601String), outside \(period).")
        }
        return nil
    }
}

/// One row of the pending-certificates report: what a customer withheld in one quarter (by allocation date) on
/// live allocations no certificate covers yet.
public struct PendingCertificate: Sendable, Hashable {
    public var accountID: Account.ID
    public var accountName: String
    public var quarter: TaxQuarter
    /// Σ of the withholding still waiting for its 2307.
    public var amount: Money
    public var allocationCount: Int

    public init(accountID: Account.ID, accountName: String, quarter: TaxQuarter, amount: Money, allocationCount: Int) {
        self.accountID = accountID
        self.accountName = accountName
        self.quarter = quarter
        self.amount = amount
        self.allocationCount = allocationCount
    }
}

/// The collection receipt issued for a payment (DOMAIN.md §1: a supplementary document in its own gapless series,
/// not valid for claim of input tax); once per payment, never changed.
public struct CollectionReceipt: Sendable, Hashable {
    public var paymentID: Payment.ID
    public var companyID: Company.ID
    public var number: String
    public var sequence: Int64
    public var issuedOn: CalendarDate
    public var issuedBy: User.ID?
    public var issuedAt: Date

    public init(
        paymentID: Payment.ID, companyID: Company.ID, number: String, sequence: Int64, issuedOn: CalendarDate,
        issuedBy: User.ID?, issuedAt: Date
    ) {
        self.paymentID = paymentID
        self.companyID = companyID
        self.number = number
        self.sequence = sequence
        self.issuedOn = issuedOn
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
    }

    /// The legend every collection receipt bears (DOMAIN.md §1).
    public static let legend = InvoiceParty.notValidForInputTaxNotice
}

/// What the printed collection receipt reads: the receipt, the payment, the parties and the invoices it settles.
public struct CollectionReceiptDocument: Sendable {
    /// One invoice the payment settles: its number, the cash applied and what the customer withheld.
    public struct Settled: Sendable, Hashable {
        public var invoiceNumber: String
        public var cash: Money
        public var withheld: Money

        public init(invoiceNumber: String, cash: Money, withheld: Money) {
            self.invoiceNumber = invoiceNumber
            self.cash = cash
            self.withheld = withheld
        }
    }

    public let receipt: CollectionReceipt
    public let payment: Payment
    public let seller: InvoiceParty
    public let payer: InvoiceParty
    /// The live allocations (reversed ones and reversals left out), oldest first.
    public let settled: [Settled]

    public init(
        receipt: CollectionReceipt, payment: Payment, seller: InvoiceParty, payer: InvoiceParty, settled: [Settled]
    ) {
        self.receipt = receipt
        self.payment = payment
        self.seller = seller
        self.payer = payer
        self.settled = settled
    }
}
