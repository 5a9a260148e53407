import Foundation

/// A fact about an issued invoice that holds beside the others: an invoice can be partly paid and overdue at once,
/// and wait for a BIR Form 2307 too. `InvoiceBalance.flags(of:today:)` gives them in the order of the cases.
public enum InvoiceStatusFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Its oldest instalment with something still open is past its due date.
    case overdue
    /// Something is paid (cash or withholding) and something is still open.
    case partiallyPaid = "partially_paid"
    /// Credit notes took back part, not all, of it.
    case credited
    /// "2307 pending": a live allocation to it carries withholding that no BIR Form 2307 covers yet.
    case withholdingPending = "withholding_pending"

    /// The order of the cases: the most urgent fact first.
    public static func < (lhs: InvoiceStatusFlag, rhs: InvoiceStatusFlag) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .overdue: 0
        case .partiallyPaid: 1
        case .credited: 2
        case .withholdingPending: 3
        }
    }
}
