/// Someone taking part in a calendar event: written as `ORGANIZER` or `ATTENDEE` when they have an email address.
///
/// RFC 5545 identifies a participant by a `mailto:` URI, so a person without an email address cannot be an
/// `ATTENDEE`. Such people are listed by name on a "Kasama:" line of the event's `DESCRIPTION` instead, so calendar
/// apps still show who will be there.
public struct CalendarPerson: Sendable, Hashable {
    /// The display name (`CN`).
    public var name: String
    /// The email address; nil or blank means the person is only named in the description.
    public var email: String?
    /// The participation role (`ROLE`); ignored for the organizer.
    public var role: Role
    /// The reply status (`PARTSTAT`); ignored for the organizer.
    public var participationStatus: ParticipationStatus

    /// Creates a participant; by default a required attendee who has not replied.
    public init(
        name: String, email: String?, role: Role = .required, participationStatus: ParticipationStatus = .needsAction
    ) {
        self.name = name
        self.email = email
        self.role = role
        self.participationStatus = participationStatus
    }

    /// The RFC 5545 participation role.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case chair = "CHAIR"
        case required = "REQ-PARTICIPANT"
        case optional = "OPT-PARTICIPANT"
        case nonParticipant = "NON-PARTICIPANT"
    }

    /// The RFC 5545 participation status of an event attendee.
    public enum ParticipationStatus: String, Sendable, Hashable, CaseIterable {
        case needsAction = "NEEDS-ACTION"
        case accepted = "ACCEPTED"
        case declined = "DECLINED"
        case tentative = "TENTATIVE"
        case delegated = "DELEGATED"
    }

    /// The trimmed email address, or nil when there is none to write.
    var usableEmail: String? {
        guard let email else { return nil }
        let trimmed = String(email.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 })
        return trimmed.isEmpty ? nil : trimmed
    }
}
