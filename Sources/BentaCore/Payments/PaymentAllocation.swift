import Foundation

/// Part of a payment applied to one invoice, with what the customer withheld on it; or the reversal of such an
/// allocation (same invoice and payment, every amount negated, pointing at the original). Never edited or deleted.
///
/// The invoice is settled by `cash + withheld`: an invoice of ₱112,000 paid ₱110,000 with 2% EWT on ₱100,000 has one
/// allocation of cash ₱110,000 and a withholding line of ₱2,000.
public struct PaymentAllocation: Sendable, Hashable {
    public typealias ID = Identifier<PaymentAllocation>

    public var id: ID
    public var companyID: Company.ID
    public var paymentID: Payment.ID
    public var invoiceID: Invoice.ID
    public var accountID: Account.ID
    /// The cash taken from the payment (negative on a reversal).
    public var cash: Money
    /// What the customer withheld (negated on a reversal).
    public var withholdings: [WithholdingLine]
    public var allocatedOn: CalendarDate
    /// Set on a reversal: the allocation it undoes.
    public var reversesID: ID?
    public var createdBy: User.ID?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, paymentID: Payment.ID, invoiceID: Invoice.ID, accountID: Account.ID,
        cash: Money, withholdings: [WithholdingLine], allocatedOn: CalendarDate, reversesID: ID?,
        createdBy: User.ID?, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.paymentID = paymentID
        self.invoiceID = invoiceID
        self.accountID = accountID
        self.cash = cash
        self.withholdings = withholdings
        self.allocatedOn = allocatedOn
        self.reversesID = reversesID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Σ of the withholding lines, in the allocation's currency.
    public var withheld: Money {
        Money(minorUnits: withholdings.reduce(0) { $0 + $1.amount.minorUnits }, currency: cash.currency)
    }

    /// What the allocation takes off the invoice's open amount: cash + withheld.
    public var settled: Money { Money(minorUnits: cash.minorUnits + withheld.minorUnits, currency: cash.currency) }

    /// The reversing allocation: every amount negated, pointing at this one.
    public func reversal(id: ID, on date: CalendarDate, by user: User.ID?, at now: Date) -> PaymentAllocation {
        PaymentAllocation(
            id: id, companyID: companyID, paymentID: paymentID, invoiceID: invoiceID, accountID: accountID,
            cash: Money(minorUnits: -cash.minorUnits, currency: cash.currency),
            withholdings: withholdings.map {
                WithholdingLine(
                    kind: $0.kind, taxCode: $0.taxCode, ratePercent: $0.ratePercent,
                    base: Money(minorUnits: -$0.base.minorUnits, currency: $0.base.currency),
                    amount: Money(minorUnits: -$0.amount.minorUnits, currency: $0.amount.currency))
            }, allocatedOn: date, reversesID: self.id, createdBy: user, createdAt: now)
    }
}

/// The rules an allocation must meet; checked by the service inside the transaction, against amounts it read there.
public enum AllocationRules {
    /// Why an allocation is refused.
    public enum Refusal: Error, Sendable, Hashable {
        case notPositive
        case currencyMismatch(invoice: Currency, payment: Currency)
        case otherCustomer
        case notAnIssuedInvoice
        case exceedsOpenAmount(open: Money)
        case exceedsUnallocated(unallocated: Money)
        case withholdingNotPositive
    }

    /// Checks one allocation of `cash` + `withheld` to an invoice that is still `open`, from a payment with
    /// `unallocated` left; the same customer and currency.
    public static func check(
        cash: Money, withheld: Money, open: Money, unallocated: Money, sameCustomer: Bool, issuedInvoice: Bool
    ) throws(Refusal) {
        guard issuedInvoice else { throw .notAnIssuedInvoice }
        guard sameCustomer else { throw .otherCustomer }
        guard cash.currency == open.currency else {
            throw .currencyMismatch(invoice: open.currency, payment: cash.currency)
        }
        guard cash.minorUnits >= 0, cash.minorUnits + withheld.minorUnits > 0 else { throw .notPositive }
        guard withheld.minorUnits >= 0 else { throw .withholdingNotPositive }
        guard cash.minorUnits + withheld.minorUnits <= open.minorUnits else { throw .exceedsOpenAmount(open: open) }
        guard cash.minorUnits <= unallocated.minorUnits else { throw .exceedsUnallocated(unallocated: unallocated) }
    }

    /// The VAT-exclusive part of settling `settled` of an invoice whose total is `total` with `tax` VAT:
    /// settled × (total − tax) / total, rounded half up (the whole base when the whole invoice is settled).
    public static func vatExclusiveBase(settling settled: Money, total: Money, tax: Money) throws(MoneyError) -> Money {
        guard total.minorUnits != 0 else { return .zero(total.currency) }
        if settled.minorUnits == total.minorUnits {
            return try total.subtracting(tax)
        }
        let exact = Decimal(settled.minorUnits) * Decimal(total.minorUnits - tax.minorUnits) / Decimal(total.minorUnits)
        let minor = Rounding.roundHalfUp(exact, scale: 0)
        return Money(minorUnits: NSDecimalNumber(decimal: minor).int64Value, currency: total.currency)
    }

    /// The withholding on paying an open invoice in full under `profile`: the cash that settles it is
    /// open − Σ withholding. Returns (cash, lines).
    public static func fullSettlement(
        open: Money, total: Money, tax: Money, profile: WithholdingProfile
    ) throws(MoneyError) -> (cash: Money, withholdings: [WithholdingLine]) {
        let base = try vatExclusiveBase(settling: open, total: total, tax: tax)
        let lines = try profile.lines(base: base)
        let withheld = lines.reduce(0) { $0 + $1.amount.minorUnits }
        return (Money(minorUnits: open.minorUnits - withheld, currency: open.currency), lines)
    }

    /// The withholding that goes with `cash` under `profile`: when `cash` is what settles the whole open amount net
    /// of the profile's rates, the full settlement's lines; otherwise the lines on the part `cash` settles,
    /// S = cash / (1 − Σ rate × (total − tax) / total), so that cash + withholding = S.
    public static func withholdings(
        forCash cash: Money, open: Money, total: Money, tax: Money, profile: WithholdingProfile
    ) throws(MoneyError) -> [WithholdingLine] {
        guard !profile.rates.isEmpty, cash.minorUnits > 0, total.minorUnits > 0 else { return [] }
        let full = try fullSettlement(open: open, total: total, tax: tax, profile: profile)
        if cash.minorUnits >= full.cash.minorUnits { return full.withholdings }
        let rateSum = profile.rates.reduce(Decimal(0)) { $0 + $1.ratePercent } / 100
        let share = rateSum * Decimal(total.minorUnits - tax.minorUnits) / Decimal(total.minorUnits)
        guard share < 1 else { return [] }
        let settled = Rounding.roundHalfUp(Decimal(cash.minorUnits) / (1 - share), scale: 0)
        let settledMoney = Money(minorUnits: NSDecimalNumber(decimal: settled).int64Value, currency: cash.currency)
        let base = try vatExclusiveBase(settling: settledMoney, total: total, tax: tax)
        return try profile.lines(base: base)
    }
}
