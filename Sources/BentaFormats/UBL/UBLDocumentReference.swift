import BentaCore

/// A reference to an earlier document: the invoice a credit note corrects (EN 16931 BG-3, BT-25 and BT-26).
public struct UBLDocumentReference: Sendable, Hashable {
    /// The referenced document's number (BT-25).
    public var number: String
    /// The referenced document's issue date (BT-26).
    public var issueDate: CalendarDate?

    /// Creates a reference.
    public init(number: String, issueDate: CalendarDate? = nil) {
        self.number = number
        self.issueDate = issueDate
    }
}
