import BentaCore

/// A UBL 2.1 Invoice or CreditNote following Peppol BIS Billing 3.0 (and so EN 16931), as plain data.
///
/// The invoicing code supplies the parties and references and gets the amounts from `UBLAmounts`; `xml()` writes
/// the document. The writer does not check the business rules: the tests run its output through the UBL XSD and
/// the EN 16931 Schematron.
public struct UBLDocument: Sendable, Hashable {
    /// Which UBL document to write.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A commercial invoice (UBL `Invoice`, type code 380).
        case invoice
        /// A credit note (UBL `CreditNote`, type code 381).
        case creditNote

        /// The UNTDID 1001 document type code (BT-3).
        public var typeCode: String {
            switch self {
            case .invoice: "380"
            case .creditNote: "381"
            }
        }
    }

    /// The Peppol BIS Billing 3.0 specification identifier (BT-24).
    public static let customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    /// The Peppol BIS Billing 3.0 business process (BT-23).
    public static let profileID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

    /// Invoice or credit note.
    public var kind: Kind
    /// The document number (BT-1).
    public var number: String
    /// The issue date (BT-2).
    public var issueDate: CalendarDate
    /// The payment due date (BT-9); on a credit note it is written in the payment instructions (so only when
    /// `paymentMeans` is set), as UBL's CreditNote has no due date of its own.
    public var dueDate: CalendarDate?
    /// A free-text note on the whole document (BT-22).
    public var note: String?
    /// The document currency (BT-5).
    public var currency: Currency
    /// The buyer's reference (BT-10), for example a cost centre or the name of the person who ordered.
    public var buyerReference: String?
    /// The buyer's purchase order number (BT-13).
    public var orderReference: String?
    /// The invoice a credit note (or corrected invoice) refers to (BG-3).
    public var precedingInvoice: UBLDocumentReference?
    /// The seller (BG-4).
    public var seller: UBLParty
    /// The buyer (BG-7).
    public var buyer: UBLParty
    /// How to pay (BG-16), including the structured payment reference (BT-83).
    public var paymentMeans: UBLPaymentMeans?
    /// The payment terms in words (BT-20), for example "Net 30 days".
    public var paymentTerms: String?
    /// Lines, allowances, charges, VAT breakdown and totals.
    public var amounts: UBLAmounts

    /// Creates a document; optional references and payment details can be set afterwards.
    public init(
        kind: Kind, number: String, issueDate: CalendarDate, dueDate: CalendarDate? = nil, currency: Currency,
        seller: UBLParty, buyer: UBLParty, amounts: UBLAmounts, buyerReference: String? = nil,
        orderReference: String? = nil, precedingInvoice: UBLDocumentReference? = nil,
        paymentMeans: UBLPaymentMeans? = nil, paymentTerms: String? = nil, note: String? = nil
    ) {
        self.kind = kind
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.note = note
        self.currency = currency
        self.buyerReference = buyerReference
        self.orderReference = orderReference
        self.precedingInvoice = precedingInvoice
        self.seller = seller
        self.buyer = buyer
        self.paymentMeans = paymentMeans
        self.paymentTerms = paymentTerms
        self.amounts = amounts
    }
}
