import BentaCore
import Foundation

/// A lead as `POST /api/v1/leads`, `PATCH /api/v1/leads/{id}` and the lead form send it. In JSON an absent member
/// stays as it is and `null` clears it; the form sends every field, an empty one clearing it.
struct LeadInput: RecordInput {
    var personName: String??
    var companyName: String??
    var phone: String??
    var email: String??
    var source: String??
    var interest: String??
    var province: String??
    var industry: String??
    var ownerId: String??
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case personName, companyName, phone, email, source, interest, province, industry, ownerId, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.version] }

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
        ownerId = try c.patchID(forKey: .ownerId, in: decoder)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Writes the fields this input carries into a draft.
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
