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
