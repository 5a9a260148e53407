import BentaCore
import Foundation

/// A contract as `POST /api/v1/contracts`, `PATCH /api/v1/contracts/{id}` and the contract form send it; the
/// value as a decimal string. In JSON an absent member stays as it is (`null` clears the deal, quote, template and
/// billing schedule). The form sends every field, an empty one clearing it; its billing schedule comes as flat
/// `schedule_*` fields and one row of fields a milestone, not as the JSON object (``readFormShapes(_:)``).
struct ContractInput: RecordInput {
    var title: String?
    var accountId: String?
    var signatoryContactId: String?
    var ownerId: String?
    var dealId: String??
    var quoteId: String??
    var templateId: String??
    var language: String?
    var body: String?
    var startDate: String?
    var endDate: String?
    var value: StringOrNumberRefusingFloats?
    var currency: String?
    var paymentTerms: String?
    var billingSchedule: BillingScheduleDraft??
    /// The version the client edited (JSON only: the page reads its hidden field itself).
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, accountId, signatoryContactId, ownerId, dealId, quoteId, templateId, language, body, startDate
        case endDate, value, currency, paymentTerms, billingSchedule, version
    }

    static var jsonOnlyFields: Set<CodingKeys> { [.billingSchedule, .version] }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        signatoryContactId = try c.decodeIfPresent(String.self, forKey: .signatoryContactId)
        ownerId = try c.decodeIfPresent(String.self, forKey: .ownerId)
        dealId = try c.patchID(forKey: .dealId, in: decoder)
        quoteId = try c.patchID(forKey: .quoteId, in: decoder)
        templateId = try c.patchID(forKey: .templateId, in: decoder)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        startDate = try c.decodeIfPresent(String.self, forKey: .startDate)
        endDate = try c.decodeIfPresent(String.self, forKey: .endDate)
        value = try c.decodeIfPresent(StringOrNumberRefusingFloats.self, forKey: .value)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        paymentTerms = try c.decodeIfPresent(String.self, forKey: .paymentTerms)
        billingSchedule = try c.patch(BillingScheduleWire.self, forKey: .billingSchedule).map { $0?.draft }
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// The form's billing schedule: its kind, date, period and amount as `schedule_*` fields, and the milestones
    /// as repeated rows of `milestone_name`, `milestone_date` and `milestone_amount` (a row left wholly empty is
    /// skipped).
    mutating func readFormShapes(_ form: FormData) {
        var schedule = BillingScheduleDraft()
        schedule.kind = form["schedule_kind"]
        schedule.date = form["schedule_date"]
        schedule.from = form["schedule_from"]
        schedule.to = form["schedule_to"]
        schedule.amount = form["schedule_amount"]
        let (names, dates, amounts) = (
            form.all("milestone_name"), form.all("milestone_date"), form.all("milestone_amount")
        )
        schedule.milestones = (0..<max(names.count, dates.count, amounts.count)).compactMap { index in
            func cell(_ values: [String]) -> String {
                index < values.count ? values[index].trimmingCharacters(in: .whitespaces) : ""
            }
            let row = BillingScheduleDraft.MilestoneDraft(
                name: cell(names), date: cell(dates), amount: cell(amounts))
            return row.name.isEmpty && row.date.isEmpty && row.amount.isEmpty ? nil : row
        }
        billingSchedule = .some(schedule)
    }

    /// Writes the fields this input carries into a draft.
    func apply(to draft: inout ContractDraft) {
        if let title { draft.title = title }
        if let accountId { draft.accountID = accountId }
        if let signatoryContactId { draft.signatoryContactID = signatoryContactId }
        if let ownerId { draft.ownerID = ownerId }
        if let dealId { draft.dealID = dealId ?? "" }
        if let quoteId { draft.quoteID = quoteId ?? "" }
        if let templateId { draft.templateID = templateId ?? "" }
        if let language { draft.language = language }
        if let body { draft.bodyTemplate = body }
        if let startDate { draft.startDate = startDate }
        if let endDate { draft.endDate = endDate }
        if let value { draft.value = value.text }
        if let currency { draft.currency = currency }
        if let paymentTerms { draft.paymentTerms = paymentTerms }
        if let billingSchedule { draft.billingSchedule = billingSchedule ?? BillingScheduleDraft() }
    }
}
