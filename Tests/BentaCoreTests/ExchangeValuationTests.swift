import BentaCore
import Foundation
import Testing

/// The ledger's base-currency values (issue 12, exchange differences): what a valued allocation posts, and the
/// entries `JournalEntry` refuses.
@Suite(.timeLimit(.minutes(20))) struct ExchangeValuationTests {
    static func usd(_ text: String) throws -> Money { try Money(decimalString: text, currency: .usd) }
    static func php(_ text: String) throws -> Money { try Money(decimalString: text, currency: .php) }
    static let customer = Account.ID(UUID())

    static func allocation(cash: String, withheld: [WithholdingLine] = []) throws -> PaymentAllocation {
        PaymentAllocation(
            id: .init(UUID()), companyID: .init(UUID()), paymentID: .init(UUID()), invoiceID: .init(UUID()),
            accountID: customer, cash: try usd(cash), withholdings: withheld,
            allocatedOn: CalendarDate(iso8601: "2026-12-01")!, reversesID: nil, createdBy: nil, createdAt: Date())
    }

    static func valuation(
        booked: String, received: String, receivableLeft: String, creditLeft: String, clears: Bool, takesRest: Bool
    ) throws -> AllocationValuation {
        AllocationValuation(
            booked: try #require(ExchangeValuation(currency: .usd, base: .php, rate: Decimal(string: booked))),
            received: try #require(ExchangeValuation(currency: .usd, base: .php, rate: Decimal(string: received))),
            receivableLeft: try php(receivableLeft), creditLeft: try php(creditLeft), clearsInvoice: clears,
            takesRestOfPayment: takesRest)
    }

    /// US$560 of a US$1,120 invoice booked at 56.00, from a payment converted at 57.25: credit ₱32,060.00 out,
    /// receivable ₱31,360.00 cleared, ₱700.00 gain (a credit) on the exchange difference; the withholding is valued
    /// at the booked rate and moves no difference.
    @Test func aPartialAllocationPostsTheGainOnItsPart() throws {
        let plain = try Posting.allocation(
            Self.allocation(cash: "560"),
            valuedAt: Self.valuation(
                booked: "56", received: "57.25", receivableLeft: "62720", creditLeft: "64120", clears: false,
                takesRest: false))
        #expect(plain.map(\.account) == [.customerCredit, .receivables, .exchangeDifference])
        #expect(plain.map(\.amount) == [try Self.usd("560"), try Self.usd("-560"), .zero(.usd)])
        #expect(plain.map(\.base) == [try Self.php("32060"), try Self.php("-31360"), try Self.php("-700")])
        let withheld = try Posting.allocation(
            Self.allocation(
                cash: "540",
                withheld: [
                    WithholdingLine(
                        kind: .expanded, taxCode: "WC160", ratePercent: 2, base: try Self.usd("1000"),
                        amount: try Self.usd("20"))
                ]),
            valuedAt: Self.valuation(
                booked: "56", received: "57.25", receivableLeft: "62720", creditLeft: "64120", clears: false,
                takesRest: false))
        // 540 × 57.25 = 30,915.00 credit; 20 × 56 = 1,120.00 withheld; 560 × 56 = 31,360.00 cleared.
        #expect(
            withheld.map(\.base) == [
                try Self.php("30915"), try Self.php("1120"), try Self.php("-31360"), try Self.php("-675"),
            ])
        _ = try JournalEntry(
            id: .init(UUID()), companyID: .init(UUID()), date: CalendarDate(iso8601: "2026-12-01")!,
            source: .allocation, sourceID: "a", lines: withheld)
    }

    /// The part that settles the invoice clears exactly what is left of it, and the part that takes the rest of
    /// the payment exactly what is left of the credit; the rounding residue lands on the exchange difference.
    @Test func theLastPartClearsWhatIsLeft() throws {
        let lines = try Posting.allocation(
            Self.allocation(cash: "373.35"),
            valuedAt: Self.valuation(
                booked: "56.1234", received: "56.1234", receivableLeft: "20953.79", creditLeft: "20953.78",
                clears: true, takesRest: true))
        #expect(lines.map(\.base) == [try Self.php("20953.78"), try Self.php("-20953.79"), try Self.php("0.01")])
    }

    /// A valued entry must value every line in one currency and balance there as well as per document currency;
    /// an exchange-difference line is kept although its document amount is zero; reversing negates both.
    @Test func entriesBalanceInTheBaseCurrencyToo() throws {
        func entry(_ lines: [JournalLine]) throws(LedgerError) -> JournalEntry {
            try JournalEntry(
                id: .init(UUID()), companyID: .init(UUID()), date: CalendarDate(iso8601: "2026-12-01")!,
                source: .allocation, sourceID: "a", lines: lines)
        }
        let credit = JournalLine(account: .customerCredit, amount: try Self.usd("10"), base: try Self.php("572.50"))
        let receivable = JournalLine(account: .receivables, amount: try Self.usd("-10"), base: try Self.php("-560"))
        #expect(throws: LedgerError.unbalanced(["PHP": 1250])) { try entry([credit, receivable]) }
        #expect(throws: LedgerError.partlyValued) {
            try entry([credit, JournalLine(account: .receivables, amount: try Self.usd("-10"))])
        }
        let difference = JournalLine(account: .exchangeDifference, amount: .zero(.usd), base: try Self.php("-12.50"))
        let made = try entry([credit, receivable, difference])
        #expect(made.lines.count == 3)
        let reversed = try entry(Posting.reversal(of: made.lines))
        #expect(reversed.lines.map(\.base) == [try Self.php("-572.50"), try Self.php("560"), try Self.php("12.50")])
        #expect(ExchangeValuation(currency: .php, base: .php, rate: 56) == nil)
        #expect(ExchangeValuation(currency: .usd, base: .php, rate: 0) == nil)
        #expect(ExchangeValuation(currency: .usd, base: .php, rate: nil) == nil)
    }
}
