import BentaCore
import Foundation

/// An account as the API's `POST /api/v1/accounts` and `PATCH /api/v1/accounts/{id}` and the account form send
/// it. In JSON every member is optional: in a PATCH an absent member stays as it is and `null` clears it. The form
/// sends every field (an empty one clears it, an unticked VAT box is false), phones one per line or repeated, tags
/// as one comma-separated text.
struct AccountInput: RecordInput {
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
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, registeredName, tin, billingAddress, deliveryAddress, phones, email, website, industry, ownerId
        case teamId, tags, notes, country, isVatRegistered, buyerKind, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.version] }
    static var formLists: [CodingKeys: FormList] { [.tags: .commas] }

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
        ownerId = try c.patchID(forKey: .ownerId, in: decoder)
        teamId = try c.patchID(forKey: .teamId, in: decoder)
        tags = try c.patch([String].self, forKey: .tags)
        notes = try c.patch(String.self, forKey: .notes)
        country = try c.patch(String.self, forKey: .country)
        isVatRegistered = try c.patch(Bool.self, forKey: .isVatRegistered)
        buyerKind = try c.patch(String.self, forKey: .buyerKind)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Writes the fields this input carries into a draft.
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
