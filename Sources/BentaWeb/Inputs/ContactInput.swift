import BentaCore
import Foundation

/// A contact as `POST /api/v1/contacts`, `PATCH /api/v1/contacts/{id}` and the contact form send it. In JSON an
/// absent member stays as it is and `null` clears it; the form sends every field (an empty one clears it), phones
/// and e-mail addresses one per line or repeated.
struct ContactInput: RecordInput {
    var accountId: String??
    var name: String??
    var position: String??
    var phones: [PhoneInput]??
    var emails: [String]??
    var preferredChannel: String??
    var notes: String??
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accountId, name, position, phones, emails, preferredChannel, notes, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.version] }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.patchID(forKey: .accountId, in: decoder)
        name = try c.patch(String.self, forKey: .name)
        position = try c.patch(String.self, forKey: .position)
        phones = try c.patch([PhoneInput].self, forKey: .phones)
        emails = try c.patch([String].self, forKey: .emails)
        preferredChannel = try c.patch(String.self, forKey: .preferredChannel)
        notes = try c.patch(String.self, forKey: .notes)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// Writes the fields this input carries into a draft.
    func apply(to draft: inout ContactDraft) {
        if let accountId { draft.accountID = accountId ?? "" }
        if let name { draft.name = name ?? "" }
        if let position { draft.position = position ?? "" }
        if let phones { draft.phones = (phones ?? []).map(\.number) }
        if let emails { draft.emails = emails ?? [] }
        if let preferredChannel { draft.preferredChannel = preferredChannel ?? "" }
        if let notes { draft.notes = notes ?? "" }
    }
}
