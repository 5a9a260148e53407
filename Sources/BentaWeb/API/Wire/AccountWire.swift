import BentaCore
import Foundation

/// An account as the API returns it.
struct AccountResponse: Encodable {
    let id: String
    let name: String
    let registeredName: String?
    let tin: String?
    let billingAddress: String?
    let deliveryAddress: String?
    let phones: [PhoneOutput]
    let email: String?
    let website: String?
    let industry: String?
    let ownerId: String
    let ownerName: String?
    let teamId: String?
    let tags: [String]
    let notes: String?
    let country: String
    let isVatRegistered: Bool
    let buyerKind: String
    let status: String
    let createdAt: Date
    let updatedAt: Date
    let version: Int64

    init(_ account: Account, ownerName: String?) {
        let f = account.fields
        id = account.id.description
        name = f.name
        registeredName = f.registeredName
        tin = f.tin?.formatted
        billingAddress = f.billingAddress
        deliveryAddress = f.deliveryAddress
        phones = f.phones.map { PhoneOutput(number: $0.raw, e164: $0.e164, display: $0.display) }
        email = f.email?.value
        website = f.website
        industry = f.industry
        ownerId = f.ownerID.description
        self.ownerName = ownerName
        teamId = f.teamID?.description
        tags = f.tags
        notes = f.notes
        country = f.country.rawValue
        isVatRegistered = f.isVATRegistered
        buyerKind = f.buyerKind.rawValue
        status = account.status.rawValue
        createdAt = account.createdAt
        updatedAt = account.updatedAt
        version = account.version
    }

    // Encoded explicitly so that absent optionals appear as null: clients see every field, every time.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(registeredName, forKey: .registeredName)
        try c.encode(tin, forKey: .tin)
        try c.encode(billingAddress, forKey: .billingAddress)
        try c.encode(deliveryAddress, forKey: .deliveryAddress)
        try c.encode(phones, forKey: .phones)
        try c.encode(email, forKey: .email)
        try c.encode(website, forKey: .website)
        try c.encode(industry, forKey: .industry)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(teamId, forKey: .teamId)
        try c.encode(tags, forKey: .tags)
        try c.encode(notes, forKey: .notes)
        try c.encode(country, forKey: .country)
        try c.encode(isVatRegistered, forKey: .isVatRegistered)
        try c.encode(buyerKind, forKey: .buyerKind)
        try c.encode(status, forKey: .status)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(version, forKey: .version)
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, registeredName, tin, billingAddress, deliveryAddress, phones, email, website, industry
        case ownerId, ownerName, teamId, tags, notes, country, isVatRegistered, buyerKind, status, createdAt, updatedAt
        case version
    }
}

/// The body of `POST /api/v1/accounts` and `PATCH /api/v1/accounts/{id}`: every field optional; in a PATCH an
/// absent field stays as it is and `null` clears it.
struct AccountRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "name", "registered_name", "tin", "billing_address", "delivery_address", "phones", "email", "website",
        "industry", "owner_id", "team_id", "tags", "notes", "country", "is_vat_registered", "buyer_kind", "version",
    ]

    var name: String??
    var registeredName: String??
    var tin: String??
    var billingAddress: String??
    var deliveryAddress: String??
    var phones: [PhoneInput]??
    var email: String??
    var website: String??
    var industry: String??
    var ownerId: String??
    var teamId: String??
    var tags: [String]??
    var notes: String??
    var country: String??
    var isVatRegistered: Bool??
    var buyerKind: String??
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case name, registeredName, tin, billingAddress, deliveryAddress, phones, email, website, industry, ownerId
        case teamId, tags, notes, country, isVatRegistered, buyerKind, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.patch(String.self, forKey: .name)
        registeredName = try c.patch(String.self, forKey: .registeredName)
        tin = try c.patch(String.self, forKey: .tin)
        billingAddress = try c.patch(String.self, forKey: .billingAddress)
        deliveryAddress = try c.patch(String.self, forKey: .deliveryAddress)
        phones = try c.patch([PhoneInput].self, forKey: .phones)
        email = try c.patch(String.self, forKey: .email)
        website = try c.patch(String.self, forKey: .website)
        industry = try c.patch(String.self, forKey: .industry)
        ownerId = try c.patch(String.self, forKey: .ownerId)
        teamId = try c.patch(String.self, forKey: .teamId)
        tags = try c.patch([String].self, forKey: .tags)
        notes = try c.patch(String.self, forKey: .notes)
        country = try c.patch(String.self, forKey: .country)
        isVatRegistered = try c.patch(Bool.self, forKey: .isVatRegistered)
        buyerKind = try c.patch(String.self, forKey: .buyerKind)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Writes the fields this request carries into a draft.
    func apply(to draft: inout AccountDraft) {
        if let name { draft.name = name ?? "" }
        if let registeredName { draft.registeredName = registeredName ?? "" }
        if let tin { draft.tin = tin ?? "" }
        if let billingAddress { draft.billingAddress = billingAddress ?? "" }
        if let deliveryAddress { draft.deliveryAddress = deliveryAddress ?? "" }
        if let phones { draft.phones = (phones ?? []).map(\.number) }
        if let email { draft.email = email ?? "" }
        if let website { draft.website = website ?? "" }
        if let industry { draft.industry = industry ?? "" }
        if let ownerId { draft.ownerID = ownerId ?? "" }
        if let teamId { draft.teamID = teamId ?? "" }
        if let tags { draft.tags = tags ?? [] }
        if let notes { draft.notes = notes ?? "" }
        // `null` puts back the defaults: the company's country, not VAT-registered, a business.
        if let country { draft.country = country ?? "" }
        if let isVatRegistered { draft.isVATRegistered = isVatRegistered ?? false }
        if let buyerKind { draft.buyerKind = buyerKind ?? "" }
    }
}
