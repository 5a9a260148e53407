import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PaymentMatcherTests {
    static let paidOn = CalendarDate(year: 2026, month: 5, day: 15)!

    func pesos(_ value: Int64) -> Money { Money(minorUnits: value * 100, currency: .php) }
    func centavos(_ value: Int64) -> Money { Money(minorUnits: value, currency: .php) }

    func invoice(
        _ id: String, number: String? = nil, customer: String = "cust-tala", name: String = "Tala Foods Corp.",
        open: Money, base: Money? = nil, dueInDays: Int = 0, accounts: [String] = [], rates: [Decimal] = [],
        reference: String? = nil
    ) -> MatchCandidate {
        MatchCandidate(
            invoiceID: id, invoiceNumber: number ?? "INV-2026-\(id)", customerID: customer, customerName: name,
            currency: open.currency, openAmount: open, openVATExclusiveBase: base ?? open,
            dueDate: Self.paidOn.adding(days: dueInDays), creditorReference: reference, payerAccounts: accounts,
            usualWithholdingRates: rates)
    }

    func line(_ amount: Money, text: String = "", name: String = "", account: String = "") -> MatchLine {
        MatchLine(
            amount: amount, date: Self.paidOn, remittanceText: text, counterpartyName: name,
            counterpartyAccount: account)
    }

    func match(_ line: MatchLine, _ candidates: [MatchCandidate]) -> MatchResult {
        PaymentMatcher.match(line, in: MatchIndex(candidates: candidates))
    }

    @Test func anInvoiceNumberInTheTextWithTheExactAmountIsConfirmed() throws {
        let candidates = [
            invoice("000123", open: pesos(112_000)),
            invoice("000124", customer: "cust-other", name: "Bayanihan Hardware", open: pesos(112_000), dueInDays: -5),
        ]
        let result = match(line(pesos(112_000), text: "PAYMENT FOR INV-2026-000123 THANK YOU"), candidates)
        let best = try #require(result.best)
        #expect(best.invoiceIDs == ["000123"])
        #expect(best.reasons.contains(.referenceInText("INV-2026-000123")) && best.reasons.contains(.exactOpenAmount))
        #expect(best.score >= 90)
        #expect(best.allocations == [MatchAllocation(invoiceID: "000123", cash: pesos(112_000), withheld: .zero(.php))])
        #expect(best.unallocated == .zero(.php) && best.withholding == nil)
        #expect(result.proposals[1].invoiceIDs == ["000124"] && result.proposals[1].score == 33)
        #expect(result.autoConfirm())
    }

    /// The number is compared as letters and digits only, any case; its digits alone (at least 8) also count, a
    /// shorter fragment such as the bare sequence "000123" does not.
    @Test(arguments: [
        ("inv2026000123", true), ("Inv 2026-000123", true), ("ref: 2026-000123", true), ("2026 000123", true),
        ("SI#INV/2026/000123.", true), ("000123", false), ("INV-2026-0001234", false), ("INV-2025-000123", false),
    ])
    func invoiceNumbersAreFoundWrittenInOtherWays(text: String, isFound: Bool) {
        let candidates = [invoice("000123", open: pesos(112_000))]
        let result = match(line(pesos(5_000), text: text), candidates)
        #expect((result.best?.invoiceIDs == ["000123"]) == isFound)
        if isFound {
            // A part payment: the whole line goes to the invoice, and nothing is assumed withheld.
            #expect(result.best?.allocations.first?.cash == pesos(5_000))
        }
    }

    @Test func theWholeNumberScoresAboveItsDigitsAlone() throws {
        let candidates = [
            invoice("a", number: "SI-2026-000555", open: pesos(1_000)),
            invoice("b", number: "SVC-2026-000555", customer: "cust-2", name: "Other Co", open: pesos(2_000)),
        ]
        let result = match(line(pesos(700), text: "SVC 2026 000555"), candidates)
        #expect(result.proposals.map(\.invoiceIDs) == [["b"], ["a"]])
        #expect(result.proposals[0].score > result.proposals[1].score)
    }

    @Test func anRFReferenceInTheTextIsFoundAsPrintedOrCompact() throws {
        let reference = "RF18539007547034"
        #expect(CreditorReference.isValid(reference))
        let candidates = [invoice("000123", open: pesos(1_500), reference: reference)]
        for text in ["RF18 5390 0754 7034", "rf18539007547034/payment"] {
            let best = try #require(match(line(pesos(1_500), text: text), candidates).best)
            #expect(best.reasons.contains(.creditorReference))
            #expect(best.score >= 95)
        }
    }

    @Test func twoPercentEWTOnP112000IsMatchedAtP110000() throws {
        let candidates = [invoice("svc", open: pesos(112_000), base: pesos(100_000), rates: [2])]
        let result = match(line(pesos(110_000), name: "TALA FOODS CORPORATION"), candidates)
        let best = try #require(result.best)
        #expect(best.invoiceIDs == ["svc"])
        #expect(best.reasons.contains(.openAmountNetOfWithholding([2])))
        #expect(best.withholding == MatchWithholding(rates: [2], amount: pesos(2_000)))
        #expect(best.allocations == [MatchAllocation(invoiceID: "svc", cash: pesos(110_000), withheld: pesos(2_000))])
        #expect(best.reasons.contains(.nameSimilar))
    }

    @Test func aStandardRateIsTriedEvenWhenTheCustomerUsuallyWithholdsNothing() throws {
        let usual = try #require(
            match(line(pesos(110_000)), [invoice("x", open: pesos(112_000), base: pesos(100_000), rates: [2])]).best)
        let unusual = try #require(
            match(line(pesos(110_000)), [invoice("x", open: pesos(112_000), base: pesos(100_000))]).best)
        #expect(unusual.reasons.contains(.openAmountNetOfWithholding([2])))
        #expect(usual.score > unusual.score)
    }

    @Test func governmentFivePercentVATPlusOnePercentEWTIsMatchedAtP106000() throws {
        let candidates = [
            invoice(
                "gov", customer: "cust-lgu", name: "City of Naga", open: pesos(112_000), base: pesos(100_000),
                rates: [5, 1])
        ]
        let best = try #require(match(line(pesos(106_000)), candidates).best)
        #expect(best.reasons.contains(.openAmountNetOfWithholding([5, 1])))
        #expect(best.withholding == MatchWithholding(rates: [5, 1], amount: pesos(6_000)))
        #expect(best.allocations.first?.cash == pesos(106_000))
    }

    @Test func withholdingIsRoundedPerRateToTheCentavo() throws {
        // Base ₱33,333.33: 2% = 666.6666 → 666.67; gross 37,333.33 − 666.67 = 36,666.66.
        let candidates = [invoice("odd", open: centavos(3_733_333), base: centavos(3_333_333), rates: [2])]
        let best = try #require(match(line(centavos(3_666_666)), candidates).best)
        #expect(best.withholding?.amount == centavos(66_667))
        #expect(match(line(centavos(3_666_667)), candidates).best == nil)
        // 5% + 1% are two withholding lines, each rounded: 1,666.67 + 333.33 = 2,000.00.
        let government = [invoice("g", open: centavos(3_733_333), base: centavos(3_333_333), rates: [5, 1])]
        #expect(match(line(centavos(3_533_333)), government).best?.withholding?.amount == centavos(200_000))
    }

    @Test func twoInvoicesOfOneCustomerSummingToTheLineAreProposedTogether() throws {
        let account = "0012-3456-7890"
        let candidates = [
            invoice("a", open: pesos(30_000), dueInDays: -40, accounts: [account]),
            invoice("b", open: pesos(45_000), dueInDays: -30, accounts: [account]),
            invoice("c", open: pesos(20_000), dueInDays: -20, accounts: [account]),
            invoice("d", open: pesos(70_000), dueInDays: -10, accounts: [account]),
            invoice("z", customer: "cust-other", name: "Other", open: centavos(6_500_001)),
        ]
        let best = try #require(match(line(pesos(65_000), account: "001234567890"), candidates).best)
        #expect(best.invoiceIDs == ["b", "c"])
        #expect(best.reasons.contains(.severalInvoicesSum(2)) && best.reasons.contains(.knownPayerAccount))
        #expect(best.allocations.map(\.cash) == [pesos(45_000), pesos(20_000)])
        #expect(best.unallocated == .zero(.php))
    }

    @Test func severalInvoicesMayAllBeNetOfTheCustomersUsualRate() throws {
        let candidates = [
            invoice("a", open: pesos(56_000), base: pesos(50_000), dueInDays: -20, rates: [2]),
            invoice("b", open: pesos(33_600), base: pesos(30_000), dueInDays: -10, rates: [2]),
        ]
        let best = try #require(match(line(pesos(88_000), text: "INV-2026-a"), candidates).best)
        #expect(best.invoiceIDs == ["a", "b"])
        #expect(best.withholding == MatchWithholding(rates: [2], amount: pesos(1_600)))
        #expect(best.allocations.map(\.withheld) == [pesos(1_000), pesos(600)])
        #expect(best.reasons.contains(.openAmountNetOfWithholding([2])))
    }

    @Test func ofSeveralFittingSetsTheOldestInvoicesComeFirstAndNothingIsConfirmed() throws {
        let account = "ACCT-1"
        let amounts: [Int64] = [10_000, 20_000, 15_000, 15_000, 10_000]
        let candidates = amounts.enumerated().map { offset, amount in
            invoice("i\(offset)", open: pesos(amount), dueInDays: -50 + offset * 10, accounts: [account])
        }
        let result = match(line(pesos(30_000), account: account), candidates)
        #expect(result.best?.invoiceIDs == ["i0", "i1"])
        #expect(result.proposals.prefix(3).map(\.invoiceIDs) == [["i0", "i1"], ["i1", "i4"], ["i2", "i3"]])
        #expect(!result.autoConfirm(threshold: 10))
    }

    @Test func twoInvoicesOfTheSameAmountWithoutReferenceAreLeftForReview() throws {
        let candidates = [
            invoice("a", open: pesos(25_000), dueInDays: -3, accounts: ["ACCT-1"]),
            invoice("b", open: pesos(25_000), dueInDays: -3, accounts: ["ACCT-1"]),
        ]
        let result = match(line(pesos(25_000), name: "Tala Foods", account: "ACCT-1"), candidates)
        #expect(result.proposals.count == 2)
        #expect(result.proposals[0].score == result.proposals[1].score)
        #expect(!result.autoConfirm())
        #expect(!result.autoConfirm(threshold: 0, margin: 1))
    }

    @Test func anotherCustomersInvoiceOfTheSameAmountRanksBelowTheKnownPayer() throws {
        let candidates = [
            invoice("other", customer: "cust-other", name: "Bayanihan Hardware", open: pesos(48_500), dueInDays: -1),
            invoice("mine", open: pesos(48_500), dueInDays: -60, accounts: ["PH12 3456 7890"]),
        ]
        let result = match(line(pesos(48_500), account: "ph1234567890"), candidates)
        #expect(result.proposals.map(\.invoiceIDs) == [["mine"], ["other"]])
        #expect(result.proposals[0].reasons == [.exactOpenAmount, .knownPayerAccount])
        #expect(result.proposals[1].reasons == [.exactOpenAmount, .dateNearDue(1)])
        #expect(!result.autoConfirm())
    }

    @Test func invoicesInAnotherCurrencyAreNeverProposed() {
        let dollars = Money(minorUnits: 11_200_000, currency: .usd)
        let candidates = [invoice("usd", open: dollars)]
        #expect(match(line(pesos(112_000), text: "INV-2026-usd"), candidates).proposals.isEmpty)
    }

    @Test func autoConfirmNeedsAScoreAboveTheThresholdAndAClearLead() {
        func result(_ scores: [Int]) -> MatchResult {
            MatchResult(
                proposals: scores.map {
                    MatchProposal(
                        customerID: "c", allocations: [], withholding: nil, unallocated: .zero(.php), score: $0,
                        reasons: [])
                })
        }
        #expect(result([95]).autoConfirm(threshold: 80))
        #expect(!result([80]).autoConfirm(threshold: 80))
        #expect(result([95, 80]).autoConfirm(threshold: 80, margin: 15))
        #expect(!result([95, 81]).autoConfirm(threshold: 80, margin: 15))
        #expect(!result([]).autoConfirm())
    }

    @Test func theSubsetSearchIsBounded() {
        // 25 amounts with no solution: the step limit ends the search.
        let amounts = Array(repeating: Int64(3), count: 25)
        #expect(
            SubsetSum.search(amounts: amounts, target: 100, maximumSize: 5, maximumSteps: 500, maximumSolutions: 3)
                .isEmpty)
        #expect(
            SubsetSum.search(
                amounts: [5, 7, 9, 2], target: 9, maximumSize: 5, maximumSteps: 1_000, maximumSolutions: 3)
                == [[1, 3]])
        #expect(
            SubsetSum.search(
                amounts: [1, 1, 1, 1, 1, 1], target: 6, maximumSize: 5, maximumSteps: 10_000,
                maximumSolutions: 3
            ).isEmpty)
        // Only the 20 oldest invoices of a customer are searched: a pair among newer ones is not found.
        var candidates = (0..<20).map { invoice("old\($0)", open: pesos(1_000), dueInDays: -100 + $0, accounts: ["A"]) }
        candidates += [
            invoice("new1", open: pesos(700), dueInDays: 1, accounts: ["A"]),
            invoice("new2", open: pesos(800), dueInDays: 2, accounts: ["A"]),
        ]
        let result = match(line(pesos(1_500), account: "A"), candidates)
        #expect(result.proposals.isEmpty)
    }

    @Test func theIndexHandsALineOnlyItsFewCandidates() {
        var candidates: [MatchCandidate] = []
        for customer in 0..<500 {
            for number in 0..<4 {
                candidates.append(
                    invoice(
                        "c\(customer)n\(number)", number: "SI-\(100_000 + customer * 10 + number)",
                        customer: "cust\(customer)", name: "Customer \(customer) Trading",
                        open: pesos(Int64(1_000 + customer * 10 + number)),
                        accounts: ["ACC\(customer)"]))
            }
        }
        let index = MatchIndex(candidates: candidates)
        let line = line(pesos(1_000 + 70 * 10 + 2), text: "SI-100433", account: "ACC9")
        let found = Set(index.candidates(for: line).map(\.invoiceID))
        // The invoices of the customer the text names (searched for several summing to the line), the one of
        // that amount, and the invoices of the customer who paid from that account: 9 of 2,000.
        #expect(found == ["c43n0", "c43n1", "c43n2", "c43n3", "c70n2", "c9n0", "c9n1", "c9n2", "c9n3"])
    }

    @Test func tenThousandLinesAgainstTenThousandInvoicesMatchThroughTheIndex() {
        var candidates: [MatchCandidate] = []
        var lines: [MatchLine] = []
        for item in 0..<10_000 {
            let customer = item / 5
            candidates.append(
                invoice(
                    "id\(item)", number: "INV-2026-\(String(100_000 + item))", customer: "cust\(customer)",
                    name: "Customer \(customer)", open: centavos(Int64(1_000_000 + item * 7)),
                    base: centavos(Int64(900_000 + item * 6)), dueInDays: -(item % 60), accounts: ["ACC\(customer)"],
                    rates: item % 3 == 0 ? [2] : []))
            lines.append(
                line(
                    centavos(Int64(1_000_000 + item * 7)), text: "INV 2026 \(100_000 + item)", account: "ACC\(customer)"
                ))
        }
        let index = MatchIndex(candidates: candidates)
        var confirmed = 0
        for (item, line) in lines.enumerated() {
            let result = PaymentMatcher.match(line, in: index)
            if result.autoConfirm(), result.best?.invoiceIDs == ["id\(item)"] { confirmed += 1 }
        }
        // Every line finds its own invoice among 10,000 through the index (the speed is the benchmark's to show).
        #expect(confirmed == 10_000)
    }
}
