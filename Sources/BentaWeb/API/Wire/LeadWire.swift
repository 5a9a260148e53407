import BentaCore
import Foundation

/// A lead as the API returns it.
struct LeadResponse: Encodable {
    let lead: Lead
    let ownerName: String?

    func encode(to encoder: any Encoder) throws {
        let f = lead.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(lead.id.description, forKey: .id)
        try c.encode(f.personName, forKey: .personName)
        try c.encode(f.companyName, forKey: .companyName)
        try c.encode(lead.displayName, forKey: .displayName)
        try c.encode(f.phone.map(PhoneOutput.init), forKey: .phone)
        try c.encode(f.email?.value, forKey: .email)
        try c.encode(f.source.rawValue, forKey: .source)
        try c.encode(f.interest, forKey: .interest)
        try c.encode(f.province, forKey: .province)
        try c.encode(f.industry, forKey: .industry)
        try c.encode(f.ownerID.description, forKey: .ownerId)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(lead.status.rawValue, forKey: .status)
        try c.encode(lead.disqualifyReason, forKey: .disqualifyReason)
        try c.encode(lead.convertedAccountID?.description, forKey: .convertedAccountId)
        try c.encode(lead.convertedContactID?.description, forKey: .convertedContactId)
        try c.encode(lead.convertedAt, forKey: .convertedAt)
        try c.encode(lead.createdAt, forKey: .createdAt)
        try c.encode(lead.updatedAt, forKey: .updatedAt)
        try c.encode(lead.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, personName, companyName, displayName, phone, email, source, interest, province, industry, ownerId
        case ownerName, status, disqualifyReason, convertedAccountId, convertedContactId, convertedAt, createdAt
        case updatedAt, version
    }
}

/// `POST /api/v1/leads/{id}/status`.
struct LeadStatusRequest: Decodable {
    static let allowedKeys: Set<String> = ["status", "reason", "version"]
    var status: String
    var reason: String?
    var version: Int64?
}

/// `POST /api/v1/leads/{id}/convert`.
struct LeadConvertRequest: Decodable {
    static let allowedKeys: Set<String> = ["account_id", "account_name", "deal_title", "version"]
    var accountId: String?
    var accountName: String?
    /// Opens a deal with this title along with the account.
    var dealTitle: String?
    var version: Int64?
}

/// What a conversion made.
struct LeadConversionResponse: Encodable {
    let lead: LeadResponse
    let account: AccountResponse
    let contact: ContactResponse?
    let joinedExistingAccount: Bool
    let deal: DealResponse?
}
