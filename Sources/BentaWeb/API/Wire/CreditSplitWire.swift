import BentaCore
import Foundation

/// The body of `PUT /api/v1/deals/{id}/credit-split`: the managers who share the deal's credit and their
/// percentages (numbers or strings such as "60"); an empty list removes the split, so the owner is credited.
struct CreditSplitRequest: Decodable {
    static let allowedKeys: Set<String> = ["shares", "version"]

    struct Share: Decodable {
        let managerId: String?
        let percent: DecimalInput?
    }

    let shares: [Share]?
    /// The split's version read (0: never set), or send `If-Match`; a change made meanwhile answers 412.
    let version: Int64?

    /// The split, nil for an empty list; a missing list is `shares`: "required", a percentage missing or not a
    /// number is `shares[i].percent`: "required" or "invalid", and the split's own checks
    /// (``CreditSplit/init(shares:)``: managers, percentages above 0 that add up to 100) follow.
    func split() throws -> CreditSplit? {
        guard let shares else {
            throw ValidationErrors([
                FieldError(
                    field: "shares", code: "required",
                    message: "List the managers and their percentages, or an empty list to credit the owner.")
            ])
        }
        guard !shares.isEmpty else { return nil }
        var errors = ValidationErrors()
        var parsed: [CreditSplit.Share] = []
        for (index, share) in shares.enumerated() {
            let percent = errors.decimal(share.percent?.text, field: "shares[\(index)].percent", required: true)
            parsed.append(CreditSplit.Share(managerID: share.managerId ?? "", percent: percent ?? 0))
        }
        try errors.throwIfAny()
        return try CreditSplit(shares: parsed)
    }
}

/// A deal's credit split: the managers and their percentages (empty when the owner is credited).
struct CreditSplitResponse: Encodable {
    struct Share: Encodable {
        let managerId: String
        let percent: String
    }

    let dealId: String
    let shares: [Share]
    /// The split's version (0 until first set): a change names it.
    let version: Int64

    init(dealID: Deal.ID, split: CreditSplit?, version: Int64) {
        dealId = dealID.description
        shares = (split?.shares ?? []).map { Share(managerId: $0.managerID, percent: DecimalText.format($0.value)) }
        self.version = version
    }
}
