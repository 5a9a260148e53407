import Foundation

/// A legal sales document: an invoice, or a credit note that corrects one. A draft has no number and may change
/// or be discarded; issuing numbers it from its gapless series and freezes it with the parties as they were.
public struct Invoice: Sendable, Hashable {
    public typealias ID = Identifier<Invoice>

    public var id: ID
    public var companyID: Company.ID
    public var kind: InvoiceKind
    /// The issuing branch ("" for the main office); each branch has its own series.
    public var branch: String
    public var accountID: Account.ID
    public var ownerID: User.ID
    public var fields: InvoiceFields
    public var status: InvoiceStatus
    /// The printed number, assigned at issue.
    public var number: String?
    /// The number's position in its series (gapless per company, kind and branch), assigned at issue.
    public var sequence: Int64?
    /// The ISO 11649 reference customers quote when they pay, made from the number at issue.
    public var paymentReference: String?
    /// The date of the sale printed on the invoice (set at issue).
    public var issueDate: CalendarDate?
    /// From the payment terms and the issue date.
    public var dueDate: CalendarDate?
    /// The seller and buyer as printed at issue; later edits to the company or account do not change them.
    public var seller: InvoiceParty?
    public var buyer: InvoiceParty?
    /// For a credit note: the invoice it corrects.
    public var correctsInvoiceID: ID?
    /// Where the invoice came from.
    public var dealID: Deal.ID?
    public var contractID: String?
    public var createdBy: User.ID?
    public var issuedAt: Date?
    /// What the document states, frozen at issue; nil for a draft.
    public var issued: IssuedFigures?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, kind: InvoiceKind = .invoice, branch: String = "", accountID: Account.ID,
        ownerID: User.ID, fields: InvoiceFields, status: InvoiceStatus = .draft, number: String? = nil,
        sequence: Int64? = nil,
        paymentReference: String? = nil, issueDate: CalendarDate? = nil, dueDate: CalendarDate? = nil,
        seller: InvoiceParty? = nil, buyer: InvoiceParty? = nil, correctsInvoiceID: ID? = nil, dealID: Deal.ID? = nil,
        contractID: String? = nil, createdBy: User.ID? = nil, issuedAt: Date? = nil, issued: IssuedFigures? = nil,
        createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.issued = issued
        self.id = id
        self.companyID = companyID
        self.kind = kind
        self.branch = branch
        self.accountID = accountID
        self.ownerID = ownerID
        self.fields = fields
        self.status = status
        self.number = number
        self.sequence = sequence
        self.paymentReference = paymentReference
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.seller = seller
        self.buyer = buyer
        self.correctsInvoiceID = correctsInvoiceID
        self.dealID = dealID
        self.contractID = contractID
        self.createdBy = createdBy
        self.issuedAt = issuedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The totals: as frozen at issue for an issued document, else computed by the EN 16931 method (the one
    /// rounding module).
    public func totals() throws -> DocumentTotals {
        if let issued { return issued.totals }
        return try DocumentTotals.compute(
            lines: fields.lines.map(\.line), allowancesAndCharges: fields.adjustments,
            pricesIncludeTax: fields.pricesIncludeTax, fixedTaxAmounts: fields.fixedTaxAmounts,
            currency: fields.currency)
    }
}

/// An invoice or a credit note; each has its own number series.
public enum InvoiceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case invoice
    case creditNote = "credit_note"

    public var documentType: DocumentType {
        switch self {
        case .invoice: .invoice
        case .creditNote: .creditNote
        }
    }
}

/// The stored lifecycle; paid, partly paid, overdue and cancelled are derived from the balance (see `InvoiceBalance`).
public enum InvoiceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case issued
}

/// What a reader sees: the stored status refined by the balance and the due date.
public enum InvoiceDisplayStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case issued
    case partiallyPaid = "partially_paid"
    case paid
    case overdue
    /// Fully credited: cancelled by credit notes (the number stays in the register).
    case cancelled
}

/// The editable content of a draft.
public struct InvoiceFields: Sendable, Hashable {
    /// The buyer's billing contact the invoice is sent to.
    public var contactID: Contact.ID?
    public var currency: Currency
    public var pricesIncludeTax: Bool
    public var paymentTerms: PaymentTerms
    public var lines: [LineItem]
    /// Document-level discounts or charges, each with its own tax category.
    public var adjustments: [DocumentAllowanceCharge]
    /// For a foreign currency: units of the base currency per unit of the invoice currency, and its date.
    public var exchangeRate: Decimal?
    public var exchangeRateDate: CalendarDate?
    /// A note printed on the invoice.
    public var notes: String?
    /// For a credit note: why (returned goods, price correction, cancellation).
    public var reason: String?
    /// For a credit note that takes the last of a group: the VAT it states (see `FixedTaxAmount`); empty otherwise.
    public var fixedTaxAmounts: [FixedTaxAmount]

    public init(
        contactID: Contact.ID? = nil, currency: Currency, pricesIncludeTax: Bool = false,
        paymentTerms: PaymentTerms = .net(days: 30), lines: [LineItem] = [],
        adjustments: [DocumentAllowanceCharge] = [],
        exchangeRate: Decimal? = nil, exchangeRateDate: CalendarDate? = nil, notes: String? = nil,
        reason: String? = nil, fixedTaxAmounts: [FixedTaxAmount] = []
    ) {
        self.fixedTaxAmounts = fixedTaxAmounts
        self.contactID = contactID
        self.currency = currency
        self.pricesIncludeTax = pricesIncludeTax
        self.paymentTerms = paymentTerms
        self.lines = lines
        self.adjustments = adjustments
        self.exchangeRate = exchangeRate
        self.exchangeRateDate = exchangeRateDate
        self.notes = notes
        self.reason = reason
    }
}

/// A party as printed on an issued invoice.
public struct InvoiceParty: Sendable, Hashable, Codable {
    public var name: String
    public var address: String
    /// The TIN as printed ("123-456-789-00000"); nil when the party has none.
    public var tin: String?
    public var isVATRegistered: Bool
    /// The two-letter country code.
    public var country: String
    public var contactName: String?
    public var email: String?
    /// For a buyer: a business or an individual consumer; nil for the seller and for buyers frozen before accounts
    /// had a kind (they were businesses).
    public var buyerKind: BuyerKind?

    public init(
        name: String, address: String, tin: String?, isVATRegistered: Bool, country: String,
        contactName: String? = nil, email: String? = nil, buyerKind: BuyerKind? = nil
    ) {
        self.buyerKind = buyerKind
        self.name = name
        self.address = address
        self.tin = tin
        self.isVATRegistered = isVATRegistered
        self.country = country
        self.contactName = contactName
        self.email = email
    }
}

/// The open amount of an issued invoice: total − credit notes − payments; never stored, always computed from the
/// documents. With the invoice's instalments (frozen at issue), what is settled is applied to them oldest first, so
/// overdue is decided by the oldest instalment still open.
public struct InvoiceBalance: Sendable, Hashable {
    public let total: Money
    public let credited: Money
    /// Cash and withholding allocated to it (reversals subtracted).
    public let paid: Money
    /// The part of `paid` the customer withheld (EWT, VAT withheld), settled by its BIR Form 2307.
    public let withheld: Money
    /// total − credited − paid; never below zero (an allocation never exceeds it; what a customer pays beyond it
    /// stays on the payment as the customer's credit).
    public let open: Money
    /// "2307 pending": a live allocation to it carries withholding that no BIR Form 2307 covers yet.
    public let certificatePending: Bool
    /// The instalments it was issued with, in order (one for simple terms); empty when not known (a draft, a credit
    /// note), and then the invoice's due date decides overdue.
    public let instalments: [InvoiceInstalment]

    /// Throws when the amounts are in different currencies or the open amount does not fit (never silently the
    /// total).
    public init(
        total: Money, credited: Money, paid: Money, withheld: Money? = nil, certificatePending: Bool = false,
        instalments: [InvoiceInstalment] = []
    ) throws(MoneyError) {
        self.total = total
        self.credited = credited
        self.paid = paid
        self.withheld = withheld ?? .zero(total.currency)
        self.open = try total.subtracting(credited).subtracting(paid)
        self.certificatePending = certificatePending
        self.instalments = instalments
    }

    /// What is still open of each instalment, in order: credit notes and payments applied oldest first.
    public var instalmentOpenParts: [Money] {
        let settled = total.minorUnits - open.minorUnits
        return InstalmentSchedule.openParts(of: instalments, settled: settled).map {
            Money(minorUnits: $0, currency: total.currency)
        }
    }

    /// When the invoice is next due: the oldest instalment with something still open, else (no instalments known)
    /// the invoice's due date while anything is open; nil when nothing is open.
    public func nextDueDate(of invoice: Invoice) -> CalendarDate? {
        guard open.minorUnits > 0 else { return nil }
        guard !instalments.isEmpty else { return invoice.dueDate }
        return InstalmentSchedule.nextOpenDueDate(of: instalments, settled: total.minorUnits - open.minorUnits)
    }

    /// The status a reader sees on `today`: one word; `flags(of:today:)` gives every fact that holds.
    public func status(of invoice: Invoice, today: CalendarDate) -> InvoiceDisplayStatus {
        guard invoice.status == .issued else { return .draft }
        if invoice.kind == .creditNote { return .issued }
        if !credited.isZero && open.minorUnits <= 0 && paid.isZero { return .cancelled }
        if open.minorUnits <= 0 { return .paid }
        if let due = nextDueDate(of: invoice), due < today { return .overdue }
        return paid.isZero ? .issued : .partiallyPaid
    }

    /// Every fact that holds for an issued invoice on `today`, in `InvoiceStatusFlag` order: overdue (by its oldest
    /// open instalment), partly paid, partly credited, 2307 pending. None for a draft or a credit note. A paid
    /// invoice is never more than paid: what a customer pays beyond the open amount stays on the payment as credit.
    public func flags(of invoice: Invoice, today: CalendarDate) -> [InvoiceStatusFlag] {
        guard invoice.status == .issued, invoice.kind == .invoice else { return [] }
        var flags: [InvoiceStatusFlag] = []
        let isOpen = open.minorUnits > 0
        if isOpen, let due = nextDueDate(of: invoice), due < today { flags.append(.overdue) }
        if isOpen && paid.minorUnits > 0 { flags.append(.partiallyPaid) }
        if credited.minorUnits > 0 && credited.minorUnits < total.minorUnits { flags.append(.credited) }
        if certificatePending { flags.append(.withholdingPending) }
        return flags.sorted()
    }
}
