import BentaCore
import Foundation

/// A deal as `POST /api/v1/deals`, `PATCH /api/v1/deals/{id}` and the deal form send it; money as a decimal
/// string. In JSON an absent member stays as it is (`null` clears the optional ones). The form sends its fields
/// (an empty one clearing it; the contacts as repeated `contact_ids`, each as sent); the source lead, pipeline,
/// lines and price mode come only in JSON: the page keeps its lines in their own editor and never chose these.
struct DealInput: RecordInput {
    var title: String?
    var accountId: String?
    var contactIds: [String]?
    var ownerId: String?
    var amount: StringOrNumberRefusingFloats?
    var currency: String?
    var expectedClose: String?
    var probability: StringOrNumber??
    var forecastCategory: String??
    var sourceLeadId: String??
    var nextStep: String??
    var notes: String??
    /// The pipeline a new deal starts in (JSON only; read by the create itself, not written into the draft).
    var pipelineId: String??
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?
    var lines: [LineRequest]?
    var pricesIncludeTax: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, accountId, contactIds, ownerId, amount, currency, expectedClose, probability, forecastCategory
        case sourceLeadId, nextStep, notes, pipelineId, version, lines, pricesIncludeTax
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.sourceLeadId, .pipelineId, .version, .lines, .pricesIncludeTax] }
    static var formLists: [CodingKeys: FormList] { [.contactIds: .repeated] }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        contactIds = try c.decodeIfPresent([String].self, forKey: .contactIds)
        ownerId = try c.decodeIfPresent(String.self, forKey: .ownerId)
        amount = try c.decodeIfPresent(StringOrNumberRefusingFloats.self, forKey: .amount)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        expectedClose = try c.decodeIfPresent(String.self, forKey: .expectedClose)
        probability = try c.patch(StringOrNumber.self, forKey: .probability)
        forecastCategory = try c.patch(String.self, forKey: .forecastCategory)
        sourceLeadId = try c.patch(String.self, forKey: .sourceLeadId)
        nextStep = try c.patch(String.self, forKey: .nextStep)
        notes = try c.patch(String.self, forKey: .notes)
        pipelineId = try c.patchID(forKey: .pipelineId, in: decoder)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
        lines = try c.decodeIfPresent([LineRequest].self, forKey: .lines)
        pricesIncludeTax = try c.decodeIfPresent(Bool.self, forKey: .pricesIncludeTax)
    }

    /// Writes the fields this input carries into a draft.
    func apply(to draft: inout DealDraft) {
        if let title { draft.title = title }
        if let accountId { draft.accountID = accountId }
        if let contactIds { draft.contactIDs = contactIds }
        if let ownerId { draft.ownerID = ownerId }
        if let amount { draft.amount = amount.text }
        if let currency { draft.currency = currency }
        if let expectedClose { draft.expectedClose = expectedClose }
        if let probability { draft.probability = probability?.text ?? "" }
        if let forecastCategory { draft.forecastCategory = forecastCategory ?? "" }
        if let sourceLeadId { draft.sourceLeadID = sourceLeadId ?? "" }
        if let nextStep { draft.nextStep = nextStep ?? "" }
        if let notes { draft.notes = notes ?? "" }
        if let lines { draft.lines = lines.map(\.draft) }
        if let pricesIncludeTax { draft.pricesIncludeTax = pricesIncludeTax }
    }
}
