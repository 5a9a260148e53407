import Foundation

/// One amount credited to a manager: the source document, its date, and how much it counts (net of VAT).
///
/// The credit basis decides which documents become events (``CreditBasis``). Credit notes and clawbacks carry
/// negative amounts. Sources are plain string ids, so commission stays decoupled from the stores.
public struct CreditEvent: Hashable, Sendable, Codable {
    /// The kind of document an event comes from.
    public enum SourceKind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A deal won (booked basis).
        case deal
        /// An issued invoice (invoiced basis).
        case invoice
        /// Cash or a withholding certificate allocated to an invoice (collected basis).
        case payment
        /// A credit note: a negative amount on every basis.
        case creditNote = "credit_note"
        /// Commission taken back (negative) or re-released (positive) under the plan's ``ClawbackRule``; it does
        /// not count toward the month's sales.
        case clawback
    }

    /// The kind of source document.
    public var sourceKind: SourceKind
    /// The source document's id.
    public var sourceID: String
    /// The day the amount is credited.
    public var date: CalendarDate
    /// The amount credited, net of VAT; negative for a credit note or a clawback.
    public var amount: Money
    /// The product the amount is for, when the plan pays per-product rates.
    public var productID: String?
    /// The product's name as it stood when the event was read, for the explanation; nil without a product.
    public var productName: String?
    /// True when the sale is to a new customer, for the plan's new-customer rate.
    public var isNewCustomer: Bool

    /// Creates an event.
    public init(
        sourceKind: SourceKind, sourceID: String, date: CalendarDate, amount: Money, productID: String? = nil,
        isNewCustomer: Bool = false
    ) {
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.date = date
        self.amount = amount
        self.productID = productID
        self.isNewCustomer = isNewCustomer
    }

    enum CodingKeys: String, CodingKey {
        case sourceKind = "source_kind"
        case sourceID = "source_id"
        case date
        case amount
        case productID = "product_id"
        case productName = "product_name"
        case isNewCustomer = "is_new_customer"
    }
}
