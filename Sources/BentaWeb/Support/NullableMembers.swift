import Foundation

/// A JSON request body that names the members the OpenAPI document lets be `null`. Swift's decoding reads `null` as
/// absent, so `"to": null` would pass where the document says a string: ``JSONBody`` refuses `null` for every other
/// member of such a body (400 `malformed_json`, "field 'to' may not be null"), before anything is read or changed.
/// `NullableMembersTests` holds each body against its operations' schemas.
protocol NullableMembers {
    /// The members that may be `null` (each with its meaning: cleared, removed, none).
    static var nullableKeys: Set<String> { get }
}

extension DunningRunRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension SendBody: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension DocumentSendRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension PipelineRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension SMTPSettingsRequest: NullableMembers {
    /// `null` (like `""`) removes the stored password.
    static var nullableKeys: Set<String> { ["password"] }
}

extension InvoiceSettingsWire.Input: NullableMembers {
    /// `null` clears the BIR acknowledgement.
    static var nullableKeys: Set<String> { ["acknowledgement_number", "acknowledgement_date"] }
}

extension DutySettingsWire.Input: NullableMembers {
    /// `null` clears the discount limit or the collector.
    static var nullableKeys: Set<String> { ["discount_limit_percent", "collector_id"] }
}

extension UnmatchLineRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension CollectionCallCreateRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension ConfirmLineRequest: NullableMembers {
    static var nullableKeys: Set<String> { [] }
}

extension CodingUserInfoKey {
    /// Set by ``JSONBody``'s decoder: the body is JSON, where an id member is a UUID or `null`, never `""` (a form's
    /// empty field is how a page says "none").
    static let jsonBody = CodingUserInfoKey(rawValue: "benta.jsonBody")!
}
