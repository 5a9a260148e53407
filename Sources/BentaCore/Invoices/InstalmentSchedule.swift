import Foundation

/// One part of what an issued invoice asks to be paid, and when: frozen at issue (stored in
/// `invoice_instalments`), so the invoice ages by each part's own due date whatever later changes to its terms or
/// to the rounding code.
public struct InvoiceInstalment: Sendable, Hashable {
    /// The part's position, 1 for the first; the parts of an invoice are numbered 1…n without gaps.
    public var sequence: Int
    public var dueDate: CalendarDate
    public var amount: Money

    public init(sequence: Int, dueDate: CalendarDate, amount: Money) {
        self.sequence = sequence
        self.dueDate = dueDate
        self.amount = amount
    }
}

/// The instalments an invoice is issued with, and how what is settled on it (credit notes, cash, withholding) is
/// applied to them: oldest first.
public enum InstalmentSchedule {
    /// The instalments of an invoice of `total` dated `invoiceDate`: one part (the due date, the whole total) for
    /// simple terms; one per instalment for instalment terms, dated the instalment's days after `invoiceDate`.
    ///
    /// Each part is the total × its percent rounded through `Rounding` (whole minor units), shared out by
    /// `Rounding.allocate` so the parts add up to `total` exactly: the same split the issued invoice prints
    /// (`PaymentTerms.schedule`), so what is aged is what the customer was asked to pay.
    public static func split(total: Money, terms: PaymentTerms, invoiceDate: CalendarDate) -> [InvoiceInstalment] {
        terms.schedule(total: total, invoiceDate: invoiceDate).enumerated().map { index, part in
            InvoiceInstalment(sequence: index + 1, dueDate: part.date, amount: part.amount)
        }
    }

    /// What is still open of each instalment once `settled` (credit notes + cash + withholding) is applied to them
    /// oldest first, in the instalments' order.
    ///
    /// The parts add up to Σ amounts − `settled` exactly: should more be settled than the instalments ask (never in
    /// a consistent ledger), the last part carries the negative rest; should `settled` be negative, the first part
    /// carries it. The receivables aging (`ReceivablesStore.aging`) applies the same rule in SQL.
    public static func openParts(of instalments: [InvoiceInstalment], settled: Int64) -> [Int64] {
        var before: Int64 = 0
        return instalments.enumerated().map { index, instalment in
            let through = before + instalment.amount.minorUnits
            let isFirst = index == 0
            let isLast = index == instalments.count - 1
            let openThrough = isLast ? through - settled : max(through - settled, 0)
            let openBefore = isFirst ? 0 : max(before - settled, 0)
            before = through
            return openThrough - openBefore
        }
    }

    /// The due date of the oldest instalment with something still open after `settled`; nil when nothing is open.
    public static func nextOpenDueDate(of instalments: [InvoiceInstalment], settled: Int64) -> CalendarDate? {
        zip(instalments, openParts(of: instalments, settled: settled)).first { $0.1 > 0 }?.0.dueDate
    }
}
