import BentaCore
import BentaServices
import Foundation

// The wire shapes of credit holds (issue 12, collections): dates as YYYY-MM-DD, snake_case keys (the decoder
// converts them; the encoder writes them).

/// `POST /api/v1/accounts/{id}/credit-hold`.
struct CreditHoldPlaceRequest: Decodable {
    static let allowedKeys: Set<String> = ["reason"]
    let reason: String?
}

/// `POST /api/v1/accounts/{id}/credit-hold/release`: the hold's version read (or `If-Match`) and a note.
struct CreditHoldReleaseRequest: Decodable {
    static let allowedKeys: Set<String> = ["version", "note"]
    let version: Int64?
    let note: String?
}

/// `POST /api/v1/accounts/{id}/credit-hold/overrides`.
struct CreditHoldOverrideRequest: Decodable {
    static let allowedKeys: Set<String> = ["reason", "valid_until"]
    let reason: String?
    let validUntil: String?

    /// The draft (an empty day is none); a day that is not YYYY-MM-DD is 422 `invalid_date` on `valid_until`.
    func draft() throws -> CreditHoldOverrideDraft {
        var errors = ValidationErrors()
        let date = errors.day(validUntil, field: "valid_until", message: "Enter the date as YYYY-MM-DD.")
        try errors.throwIfAny()
        return CreditHoldOverrideDraft(reason: reason, validUntil: date)
    }
}

struct CreditHoldResponse: Encodable {
    let id: String
    let accountID: String
    let placedOn: String
    let placedBy: String?
    let dunningStepID: String?
    let reason: String
    let createdAt: Date
    let version: Int64

    init(_ hold: CreditHold) {
        id = hold.id.description
        accountID = hold.accountID.description
        placedOn = hold.placedOn.iso8601String
        placedBy = hold.placedBy?.description
        dunningStepID = hold.dunningStepID
        reason = hold.reason
        createdAt = hold.createdAt
        version = hold.version
    }

    private enum CodingKeys: String, CodingKey {
        case id, accountID = "accountId", placedOn, placedBy, dunningStepID = "dunningStepId", reason, createdAt
        case version
    }
}

struct CreditHoldOverrideResponse: Encodable {
    let id: String
    let holdID: String
    let grantedBy: String
    let reason: String
    let validUntil: String
    let createdAt: Date

    init(_ granted: CreditHoldOverride) {
        id = granted.id.description
        holdID = granted.holdID.description
        grantedBy = granted.grantedBy.description
        reason = granted.reason
        validUntil = granted.validUntil.iso8601String
        createdAt = granted.createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, holdID = "holdId", grantedBy, reason, validUntil, createdAt
    }
}

/// An account's credit-hold state: the open hold or null, the overrides recorded on it, the one valid today.
struct CreditHoldStateResponse: Encodable {
    let accountID: String
    let hold: CreditHoldResponse?
    let overrides: [CreditHoldOverrideResponse]
    let activeOverride: CreditHoldOverrideResponse?

    init(_ state: CreditHoldState) {
        accountID = state.accountID.description
        hold = state.hold.map(CreditHoldResponse.init)
        overrides = state.overrides.map(CreditHoldOverrideResponse.init)
        activeOverride = state.activeOverride.map(CreditHoldOverrideResponse.init)
    }

    private enum CodingKeys: String, CodingKey { case accountID = "accountId", hold, overrides, activeOverride }
}
