import Foundation

/// Split credit on a deal: the managers who share it and their percentages, which total exactly 100
/// (DOMAIN.md §4: ₱1.0M split 60/40 → quota credit ₱600k and ₱400k).
///
/// An overlay (a head's override on the team's sales) is not part of the split: it is a separate commission plan,
/// for example a flat 1%, over the full credited amounts.
public struct CreditSplit: Hashable, Sendable, Codable {
    /// One manager's part.
    public struct Share: Hashable, Sendable, Codable {
        /// The manager's user id.
        public var managerID: String
        /// The manager's percentage of the credit, above zero.
        public var percent: Decimal

        /// Creates a share.
        public init(managerID: String, percent: Decimal) {
            self.managerID = managerID
            self.percent = percent
        }

        enum CodingKeys: String, CodingKey {
            case managerID = "manager_id"
            case percent
        }
    }

    /// The shares, in the order given.
    public let shares: [Share]

    /// Checks and creates a split: at least one manager (`shares`: "required"), no blank or repeated manager
    /// (`shares[i].manager_id`: "required", "duplicate"), percentages above zero (`shares[i].percent`:
    /// "out_of_range") that add up to 100 (`shares`: "not_100").
    public init(shares: [Share]) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if shares.isEmpty {
            errors.add(field: "shares", code: "required", message: "Choose at least one manager.")
        }
        var seen = Set<String>()
        for (index, share) in shares.enumerated() {
            let prefix = "shares[\(index)]."
            let id = share.managerID.trimmingCharacters(in: .whitespacesAndNewlines)
            if id.isEmpty {
                errors.add(field: prefix + "manager_id", code: "required", message: "Choose a manager.")
            } else if !seen.insert(id).inserted {
                errors.add(field: prefix + "manager_id", code: "duplicate", message: "This manager is listed twice.")
            }
            if share.percent.isNaN || share.percent <= 0 || share.percent > 100 {
                errors.add(
                    field: prefix + "percent", code: "out_of_range",
                    message: "Enter a percentage above 0 and at most 100.")
            }
        }
        let total = shares.map(\.percent).reduce(Decimal(0), +)
        if !shares.isEmpty, errors.isEmpty, total != 100 {
            errors.add(
                field: "shares", code: "not_100",
                message: "The percentages add up to \(total)%; they must add up to 100%.")
        }
        try errors.throwIfAny()
        self.shares = shares.map {
            Share(managerID: $0.managerID.trimmingCharacters(in: .whitespacesAndNewlines), percent: $0.percent)
        }
    }

    /// Each manager's part of `event`, as an event of their own: the amounts add up to the event's exactly (largest
    /// remainder, ties to the manager listed first).
    public func split(_ event: CreditEvent) -> [(managerID: String, event: CreditEvent)] {
        let amounts = Rounding.allocate(event.amount, weights: shares.map(\.percent))
        return zip(shares, amounts).map { share, amount in
            var part = event
            part.amount = amount
            return (share.managerID, part)
        }
    }
}
