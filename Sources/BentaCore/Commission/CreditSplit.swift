import Foundation

/// Split credit on a deal: the managers who share it and their percentages, which total exactly 100
/// (DOMAIN.md §4: ₱1.0M split 60/40 → quota credit ₱600k and ₱400k).
///
/// An overlay (a head's override on the team's sales) is not part of the split: it is a separate commission plan,
/// for example a flat 1%, over the full credited amounts.
public struct CreditSplit: Hashable, Sendable, Codable {
    /// One manager's part: their percentage of the credit (`value`), above zero.
    public typealias Share = ManagerShare<Decimal>

    /// The shares, in the order given.
    public let shares: [Share]

    /// Checks and creates a split: at least one manager (`shares`: "required"), no blank or repeated manager
    /// (`shares[i].manager_id`: "required", "duplicate"), percentages above zero (`shares[i].percent`:
    /// "out_of_range") that add up to 100 (`shares`: "not_100").
    public init(shares: [Share]) throws(ValidationErrors) {
        var errors = ValidationErrors()
        Share.checkManagers(shares, listField: "shares", into: &errors)
        for (index, share) in shares.enumerated() where share.value.isNaN || share.value <= 0 || share.value > 100 {
            errors.add(
                field: "shares[\(index)].percent", code: "out_of_range",
                message: "Enter a percentage above 0 and at most 100.")
        }
        if !shares.isEmpty, errors.isEmpty {
            Share.checkHundredPercent(Share.total(of: shares), listField: "shares", into: &errors)
        }
        try errors.throwIfAny()
        self.shares = shares.map { Share(managerID: $0.trimmedManagerID, value: $0.value) }
    }

    /// Each manager's part of `event`, as an event of their own: the amounts add up to the event's exactly (largest
    /// remainder, ties to the manager listed first).
    public func split(_ event: CreditEvent) -> [(managerID: String, event: CreditEvent)] {
        let amounts = Share.allocate(event.amount, among: shares)
        return zip(shares, amounts).map { share, amount in
            var part = event
            part.amount = amount
            return (share.managerID, part)
        }
    }
}
