import Foundation

/// A rule that sends leads with a matching field to one manager (e.g. province "Cebu" → manager3).
public struct RoutingRule: Sendable, Hashable {
    public typealias ID = Identifier<RoutingRule>

    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case province
        case industry
        case source
    }

    public var id: ID
    public var position: Int
    public var field: Field
    /// Compared case- and accent-insensitively with the lead's value.
    public var value: String
    public var assigneeID: User.ID

    public init(id: ID, position: Int, field: Field, value: String, assigneeID: User.ID) {
        self.id = id
        self.position = position
        self.field = field
        self.value = value
        self.assigneeID = assigneeID
    }
}

/// How Benta picks the owner of a new lead, in order:
/// 1. a lead from a known phone or email goes to the owner of that contact's account;
/// 2. the first rule (by position) whose field matches, if its manager is active;
/// 3. round-robin among the active managers, continuing after the last one who got a lead.
public enum LeadRouting {
    public enum Reason: String, Sendable, Hashable {
        case knownContact = "known_contact"
        case rule
        case roundRobin = "round_robin"
    }

    /// The owner for a new lead, or nil when the company has no active manager at all.
    public static func owner(
        for fields: (source: LeadSource, province: String?, industry: String?), knownContactOwner: User.ID?,
        rules: [RoutingRule], activeManagers: [User.ID], lastRoundRobin: User.ID?
    ) -> (owner: User.ID, reason: Reason)? {
        if let knownContactOwner { return (knownContactOwner, .knownContact) }
        for rule in rules.sorted(by: { $0.position < $1.position }) where activeManagers.contains(rule.assigneeID) {
            let candidate: String? =
                switch rule.field {
                case .province: fields.province
                case .industry: fields.industry
                case .source: fields.source.rawValue
                }
            if let candidate, matches(candidate, rule.value) { return (rule.assigneeID, .rule) }
        }
        let managers = activeManagers.sorted()
        guard !managers.isEmpty else { return nil }
        guard let last = lastRoundRobin, let index = managers.firstIndex(of: last) else {
            return (managers[0], .roundRobin)
        }
        return (managers[(index + 1) % managers.count], .roundRobin)
    }

    static func matches(_ a: String, _ b: String) -> Bool {
        normalize(a) == normalize(b)
    }

    static func normalize(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
