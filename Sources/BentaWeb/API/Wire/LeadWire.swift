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
        try c.encode(f.phone.map { PhoneOutput(number: $0.raw, e164: $0.e164, display: $0.display) }, forKey: .phone)
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

/// The body of `POST /api/v1/leads` and `PATCH /api/v1/leads/{id}`.
struct LeadRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "person_name", "company_name", "phone", "email", "source", "interest", "province", "industry", "owner_id",
        "version",
    ]
    var personName: String??
    var companyName: String??
    var phone: String??
    var email: String??
    var source: String??
    var interest: String??
    var province: String??
    var industry: String??
    var ownerId: String??
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case personName, companyName, phone, email, source, interest, province, industry, ownerId, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        personName = try c.patch(String.self, forKey: .personName)
        companyName = try c.patch(String.self, forKey: .companyName)
        phone = try c.patch(String.self, forKey: .phone)
        email = try c.patch(String.self, forKey: .email)
        source = try c.patch(String.self, forKey: .source)
        interest = try c.patch(String.self, forKey: .interest)
        province = try c.patch(String.self, forKey: .province)
        industry = try c.patch(String.self, forKey: .industry)
        ownerId = try c.patch(String.self, forKey: .ownerId)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    func apply(to draft: inout LeadDraft) {
        if let personName { draft.personName = personName ?? "" }
        if let companyName { draft.companyName = companyName ?? "" }
        if let phone { draft.phone = phone ?? "" }
        if let email { draft.email = email ?? "" }
        if let source { draft.source = source ?? "" }
        if let interest { draft.interest = interest ?? "" }
        if let province { draft.province = province ?? "" }
        if let industry { draft.industry = industry ?? "" }
        if let ownerId { draft.ownerID = ownerId ?? "" }
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

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(lead, forKey: .lead)
        try c.encode(account, forKey: .account)
        try c.encode(contact, forKey: .contact)
        try c.encode(joinedExistingAccount, forKey: .joinedExistingAccount)
        try c.encode(deal, forKey: .deal)
    }

    private enum Keys: String, CodingKey { case lead, account, contact, joinedExistingAccount, deal }
}
