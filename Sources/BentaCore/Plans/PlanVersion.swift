import Foundation

/// One version of a plan (a company plan, a split, a commission plan): what it said, from when, who made it and
/// why.
///
/// Plans are never edited in place: a change is a new version with the next number. Reports pick the version in
/// force at an instant with ``inForce(at:among:)``, so they can show the plan as it stood on any date.
public struct PlanVersion<Content: Hashable & Sendable>: Hashable, Sendable {
    /// The longest reason accepted.
    public static var maximumReasonLength: Int { 1000 }

    /// 1 for the first version, then one more per change.
    public let number: Int
    /// The instant from which this version is in force.
    public let effectiveAt: Date
    /// The user id of who made the version.
    public let authorID: String
    /// Why the plan changed ("Q3 rent increase"); required.
    public let reason: String
    /// What the plan says in this version.
    public let content: Content

    /// Checks and creates a version: a number of 1 or more (`number`: "out_of_range"), an author (`author_id`:
    /// "required") and a reason (`reason`: "required", "too_long").
    public init(
        number: Int, effectiveAt: Date, authorID: String, reason: String, content: Content
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if number < 1 {
            errors.add(field: "number", code: "out_of_range", message: "Version numbers start at 1.")
        }
        let author = Validate.requiredText(authorID, field: "author_id", maxLength: 64, into: &errors)
        let cleanReason = Validate.requiredText(
            reason, field: "reason", maxLength: Self.maximumReasonLength, into: &errors)
        try errors.throwIfAny()
        self.number = number
        self.effectiveAt = effectiveAt
        self.authorID = author ?? authorID
        self.reason = cleanReason ?? reason
        self.content = content
    }

    /// The version in force at `instant`: of those effective at or before it, the latest to take effect (the
    /// higher number on a tie); nil when none was in force yet. The list may be in any order.
    public static func inForce(at instant: Date, among versions: [PlanVersion]) -> PlanVersion? {
        latest(of: versions.filter { $0.effectiveAt <= instant })
    }

    /// The version in force at the end of `date` in `timeZone` (the company's): what a report "as of" that day
    /// shows. Nil when none was in force by then.
    public static func inForce(
        on date: CalendarDate, timeZone: TimeZone, among versions: [PlanVersion]
    ) -> PlanVersion? {
        guard let nextMidnight = date.adding(days: 1).startInstant(in: timeZone) else { return nil }
        return latest(of: versions.filter { $0.effectiveAt < nextMidnight })
    }

    /// The number the next version gets: one more than the highest so far (1 for the first).
    public static func nextNumber(after versions: [PlanVersion]) -> Int {
        (versions.map(\.number).max() ?? 0) + 1
    }

    private static func latest(of versions: [PlanVersion]) -> PlanVersion? {
        versions.max { lhs, rhs in
            lhs.effectiveAt != rhs.effectiveAt ? lhs.effectiveAt < rhs.effectiveAt : lhs.number < rhs.number
        }
    }

    enum CodingKeys: String, CodingKey {
        case number
        case effectiveAt = "effective_at"
        case authorID = "author_id"
        case reason
        case content
    }
}

extension PlanVersion: Codable where Content: Codable {}
