import BentaCore
import Foundation

/// An account as the API returns it.
struct AccountResponse: WireWritable {
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
        phones = f.phones.map(PhoneOutput.init)
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

    func writeMembers(to object: inout WireObject) throws {
        try object.string("id", id)
        try object.string("name", name)
        try object.string("registered_name", registeredName)
        try object.string("tin", tin)
        try object.string("billing_address", billingAddress)
        try object.string("delivery_address", deliveryAddress)
        try object.array("phones", phones)
        try object.string("email", email)
        try object.string("website", website)
        try object.string("industry", industry)
        try object.string("owner_id", ownerId)
        try object.string("owner_name", ownerName)
        try object.string("team_id", teamId)
        try object.strings("tags", tags)
        try object.string("notes", notes)
        try object.string("country", country)
        try object.bool("is_vat_registered", isVatRegistered)
        try object.string("buyer_kind", buyerKind)
        try object.string("status", status)
        try object.date("created_at", createdAt)
        try object.date("updated_at", updatedAt)
        try object.integer("version", version)
    }
}
