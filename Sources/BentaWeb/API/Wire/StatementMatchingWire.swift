import BentaCore
import BentaServices
import Foundation

struct UnmatchLineRequest: Decodable {
    static let allowedKeys: Set<String> = ["reason"]
    let reason: String?
}

/// A line's proposals, best first.
struct LineCandidatesResponse: Encodable {
    let found: PaymentService.LineCandidates

    init(_ found: PaymentService.LineCandidates) {
        self.found = found
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(found.line.id.description, forKey: .lineId)
        try c.encode(found.line.status.rawValue, forKey: .lineStatus)
        try c.encode(
            found.proposals.map { ProposalResponse(proposal: $0, numbers: found.invoiceNumbers) }, forKey: .proposals)
    }

    private enum Keys: String, CodingKey { case lineId, lineStatus, proposals }
}

struct ProposalResponse: Encodable {
    let proposal: MatchProposal
    let numbers: [String: String]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(proposal.customerID, forKey: .customerId)
        try c.encode(proposal.score, forKey: .score)
        try c.encode(proposal.unallocated.decimalString, forKey: .unallocated)
        try c.encode(
            proposal.allocations.map {
                Allocation(
                    invoiceId: $0.invoiceID, invoiceNumber: numbers[$0.invoiceID] ?? "", cash: $0.cash.decimalString,
                    withheld: $0.withheld.decimalString)
            }, forKey: .allocations)
        try c.encode(
            proposal.withholding.map {
                Withholding(rates: $0.rates.map { "\($0)" }, amount: $0.amount.decimalString)
            }, forKey: .withholding)
        try c.encode(proposal.reasons.map(Reason.init), forKey: .reasons)
    }

    private enum Keys: String, CodingKey { case customerId, score, unallocated, allocations, withholding, reasons }

    struct Allocation: Encodable {
        let invoiceId: String
        let invoiceNumber: String
        let cash: String
        let withheld: String
    }

    struct Withholding: Encodable {
        let rates: [String]
        let amount: String
    }

    /// A reason as a stable code and its value (an invoice number, rates such as "5+1", a count of invoices, a
    /// number of days), or null.
    struct Reason: Encodable {
        let code: String
        let value: String?

        init(_ reason: MatchReason) {
            switch reason {
            case .referenceInText(let number): (code, value) = ("reference_in_text", number)
            case .creditorReference: (code, value) = ("creditor_reference", nil)
            case .knownPayerAccount: (code, value) = ("known_payer_account", nil)
            case .exactOpenAmount: (code, value) = ("exact_open_amount", nil)
            case .openAmountNetOfWithholding(let rates):
                (code, value) = ("net_of_withholding", rates.map { "\($0)" }.joined(separator: "+"))
            case .nextInstalment: (code, value) = ("next_instalment", nil)
            case .severalInvoicesSum(let count): (code, value) = ("several_invoices", "\(count)")
            case .dateNearDue(let days): (code, value) = ("date_near_due", "\(days)")
            case .nameSimilar: (code, value) = ("name_similar", nil)
            case .payerName: (code, value) = ("payer_name", nil)
            }
        }
    }
}
