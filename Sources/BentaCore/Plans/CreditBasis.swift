import Foundation

/// What counts as a manager's sales for the plan and commission: a company setting (DOMAIN.md §4).
///
/// Every basis is net of VAT and of credit notes, and credits the account owner at the time (or the deal's split
/// percentages, ``CreditSplit``). Whatever the basis, the result is a list of ``CreditEvent``s.
public enum CreditBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// Deals won, at their net amount, on the day they are won (source: the deal).
    case booked
    /// Issued invoices at their amount net of VAT, on the issue date, minus credit notes on the day they are issued
    /// (sources: the invoice, the credit note).
    case invoiced
    /// Money received for invoices, net of VAT, on the day it is allocated: cash, and withholding certificates
    /// (BIR Form 2307, government VAT withheld), which count as collected because the customer settled that part of
    /// the invoice with the tax office. Credit notes count on the day they are issued (sources: the payment, the
    /// credit note).
    case collected

    /// The VAT-exclusive part of what settled an invoice: `settled` × net ÷ gross, rounded once half up.
    ///
    /// `settled` is cash plus withholding certificates allocated to the invoice. DOMAIN.md §4: a ₱112,000 invoice
    /// (₱100,000 net) paid ₱56,000 → ₱50,000 collected; paid ₱110,000 cash with a ₱2,000 Form 2307 → ₱100,000.
    /// A zero `invoiceGross` credits nothing. Throws `MoneyError.currencyMismatch` for mixed currencies and
    /// `.overflow` when the result does not fit.
    public static func collectedNet(
        settled: Money, invoiceNet: Money, invoiceGross: Money
    ) throws(MoneyError) -> Money {
        for amount in [invoiceNet, invoiceGross] where amount.currency != settled.currency {
            throw .currencyMismatch(settled.currency, amount.currency)
        }
        guard !invoiceGross.isZero else { return .zero(settled.currency) }
        let exact = Rounding.decimal(settled) * Decimal(invoiceNet.minorUnits) / Decimal(invoiceGross.minorUnits)
        return try Rounding.toMoney(exact, currency: settled.currency)
    }
}
