import BentaCore
import BentaServices
import Foundation

/// A timeline entry as the API returns it.
struct ActivityResponse: Encodable {
    let activity: Activity
    let userName: String?

    func encode(to encoder: any Encoder) throws {
        let a = activity
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(a.id.description, forKey: .id)
        try c.encode(a.kind.rawValue, forKey: .kind)
        try c.encode(a.direction?.rawValue, forKey: .direction)
        try c.encode(a.subject, forKey: .subject)
        try c.encode(a.body, forKey: .body)
        try c.encode(a.occurredAt, forKey: .occurredAt)
        try c.encode(a.durationSeconds, forKey: .durationSeconds)
        try c.encode(a.outcome, forKey: .outcome)
        try c.encode(a.phone, forKey: .phone)
        try c.encode(a.accountID?.description, forKey: .accountId)
        try c.encode(a.contactID?.description, forKey: .contactId)
        try c.encode(a.leadID?.description, forKey: .leadId)
        try c.encode(a.userID?.description, forKey: .userId)
        try c.encode(userName, forKey: .userName)
        try c.encode(a.messageID?.description, forKey: .messageId)
    }

    private enum Keys: String, CodingKey {
        case id, kind, direction, subject, body, occurredAt, durationSeconds, outcome, phone, accountId, contactId
        case leadId, userId, userName, messageId
    }
}

/// `POST /api/v1/activities`: log a call, note, letter or email by hand.
struct ActivityRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "kind", "direction", "subject", "body", "phone", "duration_minutes", "outcome", "occurred_at", "account_id",
        "contact_id", "lead_id", "next_step", "next_step_due",
    ]
    var kind: String?
    var direction: String?
    var subject: String?
    var body: String?
    var phone: String?
    var durationMinutes: StringOrNumber?
    var outcome: String?
    var occurredAt: String?
    var accountId: String?
    var contactId: String?
    var leadId: String?
    var nextStep: String?
    var nextStepDue: String?

    func draft() throws -> ActivityDraft {
        var errors = ValidationErrors()
        var draft = ActivityDraft()
        draft.kind = kind ?? ""
        draft.direction = direction ?? ""
        draft.subject = subject ?? ""
        draft.body = body ?? ""
        draft.phone = phone ?? ""
        draft.durationMinutes = durationMinutes?.text ?? ""
        draft.outcome = outcome ?? ""
        draft.accountID = accountId ?? ""
        draft.contactID = contactId ?? ""
        draft.leadID = leadId ?? ""
        draft.nextStep = nextStep ?? ""
        draft.occurredAt = errors.instant(
            occurredAt, field: "occurred_at", message: "Use an ISO 8601 time such as 2026-12-03T06:00:00Z.")
        draft.nextStepDue = errors.instant(nextStepDue, field: "next_step_due", message: "Use an ISO 8601 time.")
        try errors.throwIfAny()
        return draft
    }
}

/// `POST /api/v1/calls/inbound`, the shape a PBX or cloud phone webhook sends.
struct InboundCallRequest: Decodable {
    static let allowedKeys: Set<String> = ["from", "to", "call_id"]
    var from: String
    var to: String?
    var callId: String?
}
