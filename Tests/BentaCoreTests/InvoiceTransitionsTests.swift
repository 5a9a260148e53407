import BentaCore
import Foundation
import Testing

/// The life cycle of invoices and credit notes lives in the core: what each state allows, and the issue
/// transition that numbers, dates and freezes a draft (issue 9).
@Suite(.timeLimit(.minutes(20))) struct InvoiceTransitionsTests {
    static func figures(_ invoice: Invoice) throws -> IssuedFigures {
        try IssuedFigures.freezing(invoice, settings: InvoiceSettings(title: "Service Invoice"), baseCurrency: .php)
    }

    static func balance(open: Int64) throws -> InvoiceBalance {
        try InvoiceBalance(
            total: Money(minorUnits: 11200, currency: .php), credited: Money(minorUnits: 11200 - open, currency: .php),
            paid: .zero(.php))
    }

    @Test func aDraftIsEditedDiscardedAndIssuedAnIssuedInvoiceIsCreditedWhileSomethingIsOpen() throws {
        var invoice = InvoiceRulesTests.invoice()
        #expect(invoice.allowedActions(balance: nil) == [.edit, .discard, .issue])
        try invoice.checkEditable()
        try invoice.issue(
            number: AssignedNumber(sequence: 7, text: "SI-000007"), date: CalendarDate(iso8601: "2026-12-06")!,
            at: Date(timeIntervalSince1970: 1), seller: InvoiceRulesTests.seller, buyer: InvoiceRulesTests.seller,
            figures: try Self.figures(invoice))
        #expect(invoice.status == .issued && invoice.number == "SI-000007" && invoice.sequence == 7)
        #expect(invoice.dueDate?.iso8601String == "2027-01-05")
        #expect(invoice.paymentReference != nil)
        #expect(invoice.issued?.title == "Service Invoice")
        #expect(invoice.allowedActions(balance: try Self.balance(open: 1)) == [.credit])
        #expect(invoice.allowedActions(balance: try Self.balance(open: 0)).isEmpty)
        #expect(throws: InvoiceError.notEditable(number: "SI-000007")) { try invoice.checkEditable() }
        try invoice.checkCreditable()
        let figures = try Self.figures(invoice)
        #expect(throws: InvoiceError.alreadyIssued(number: "SI-000007")) {
            try invoice.issue(
                number: AssignedNumber(sequence: 8, text: "SI-000008"), date: CalendarDate(iso8601: "2026-12-07")!,
                at: Date(), seller: InvoiceRulesTests.seller, buyer: InvoiceRulesTests.seller, figures: figures)
        }
        #expect(invoice.number == "SI-000007")
    }

    @Test func aCreditNoteHasNoDueDateNoReferenceAndAllowsNothingOnceIssued() throws {
        var note = InvoiceRulesTests.invoice()
        note.kind = .creditNote
        #expect(throws: InvoiceError.notCreditable) { try note.checkCreditable() }
        try note.issue(
            number: AssignedNumber(sequence: 1, text: "CN-000001"), date: CalendarDate(iso8601: "2026-12-06")!,
            at: Date(), seller: InvoiceRulesTests.seller, buyer: InvoiceRulesTests.seller,
            figures: try Self.figures(note))
        #expect(note.dueDate == nil && note.paymentReference == nil)
        #expect(note.issued?.title == "Credit Note")
        #expect(note.allowedActions(balance: nil).isEmpty)
        #expect(throws: InvoiceError.notCreditable) { try note.checkCreditable() }
        #expect(InvoiceError.notCreditable.code == "invoice_not_issued")
    }
}
