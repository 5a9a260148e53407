import Foundation

/// What can be done to an invoice or credit note in its current state; the pages, the API and the services all
/// ask ``Invoice/allowedActions(balance:)``.
public enum InvoiceAction: String, Sendable, Hashable, CaseIterable {
    /// Change the draft's fields and lines.
    case edit
    /// Throw the draft away (an issued document is never deleted).
    case discard
    /// Number, date and freeze the draft.
    case issue
    /// Take back some or all of what is still open with a credit note.
    case credit
}

/// What an invoice refuses to do in its current state.
public enum InvoiceError: ClassifiedError, Equatable, Sendable {
    /// Only a draft changes or is discarded; an issued document is corrected by a credit note.
    case notEditable(number: String?)
    /// A draft is issued once.
    case alreadyIssued(number: String?)
    /// Only an issued invoice (not a draft, not a credit note) is credited.
    case notCreditable

    public var kind: ErrorKind { .conflict }

    public var code: String {
        switch self {
        case .notEditable: "invoice_not_editable"
        case .alreadyIssued: "invoice_already_issued"
        case .notCreditable: "invoice_not_issued"
        }
    }

    public var detail: String {
        switch self {
        case .notEditable(let number):
            "\(number ?? "The invoice") is issued and can no longer change; correct it with a credit note."
        case .alreadyIssued(let number): "Invoice \(number ?? "") is already issued; it cannot be issued twice."
        case .notCreditable: "Only an issued invoice can be credited."
        }
    }
}

extension Invoice {
    /// The actions the document allows: a draft is edited, discarded and issued; an issued invoice is credited
    /// while something is still open on it (`balance`; unknown counts as open); a credit note allows nothing.
    public func allowedActions(balance: InvoiceBalance?) -> Set<InvoiceAction> {
        switch (status, kind) {
        case (.draft, _): [.edit, .discard, .issue]
        case (.issued, .invoice): (balance.map { $0.open.isPositive } ?? true) ? [.credit] : []
        case (.issued, .creditNote): []
        }
    }

    /// Refuses unless the document is a draft whose fields may change (or that may be discarded).
    public func checkEditable() throws(InvoiceError) {
        guard status == .draft else { throw .notEditable(number: number) }
    }

    /// Refuses unless this is an issued invoice, the only kind of document a credit note corrects.
    public func checkCreditable() throws(InvoiceError) {
        guard kind == .invoice, status == .issued else { throw .notCreditable }
    }

    /// draft → issued under `number`, dated `date` at `at`, with the parties as they stand and the figures it
    /// states from now on (`IssuedFigures`). An invoice gets its due date from its terms and the payment reference
    /// customers quote; a credit note neither. The caller has checked the issue requirements.
    public mutating func issue(
        number: AssignedNumber, date: CalendarDate, at: Date, seller: InvoiceParty, buyer: InvoiceParty,
        figures: IssuedFigures
    ) throws(InvoiceError) {
        guard status == .draft else { throw .alreadyIssued(number: self.number) }
        self.number = number.text
        sequence = number.sequence
        status = .issued
        issueDate = date
        if kind == .invoice {
            dueDate = fields.paymentTerms.dueDate(for: date)
            paymentReference = CreditorReference.make(from: number.text)
        }
        self.seller = seller
        self.buyer = buyer
        issuedAt = at
        issued = figures
    }
}
