import BentaCore
import Foundation

/// A contract as the API shows it: money as decimal strings, dates as `YYYY-MM-DD`.
struct ContractResponse: Encodable {
    let contract: Contract
    let parties: ContractParties?
    let today: CalendarDate

    func encode(to encoder: any Encoder) throws {
        let f = contract.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(contract.id.description, forKey: .id)
        try c.encode(contract.number, forKey: .number)
        try c.encode(contract.status.rawValue, forKey: .status)
        try c.encode(contract.displayStatus(today: today).rawValue, forKey: .displayStatus)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.accountID.description, forKey: .accountId)
        try c.encode(f.signatoryContactID.description, forKey: .signatoryContactId)
        try c.encode(f.ownerID.description, forKey: .ownerId)
        try c.encode(f.dealID?.description, forKey: .dealId)
        try c.encode(f.quoteID, forKey: .quoteId)
        try c.encode(f.templateID?.description, forKey: .templateId)
        try c.encode(f.language.rawValue, forKey: .language)
        try c.encode(f.bodyTemplate, forKey: .body)
        try c.encode(parties.map { contract.body(parties: $0) }, forKey: .renderedBody)
        try c.encode(f.startDate.iso8601String, forKey: .startDate)
        try c.encode(f.endDate.iso8601String, forKey: .endDate)
        try c.encode(f.value.decimalString, forKey: .value)
        try c.encode(f.value.currency.code, forKey: .currency)
        try c.encode(contract.effectiveEndDate.iso8601String, forKey: .effectiveEndDate)
        try c.encode(contract.effectiveValue.decimalString, forKey: .effectiveValue)
        try c.encode(f.paymentTerms.code, forKey: .paymentTerms)
        try c.encode(f.billingSchedule.map(BillingScheduleWire.init), forKey: .billingSchedule)
        try c.encode(
            f.billingSchedule.map { $0.entries().map(BillingEntryWire.init) } ?? [], forKey: .billingEntries)
        try c.encode(contract.issueDate?.iso8601String, forKey: .issueDate)
        try c.encode(contract.signedDate?.iso8601String, forKey: .signedDate)
        try c.encode(contract.terminatedDate?.iso8601String, forKey: .terminatedDate)
        try c.encode(contract.terminationReason, forKey: .terminationReason)
        try c.encode(contract.renewalTaskID?.description, forKey: .renewalTaskId)
        try c.encode(contract.hasSignedCopy, forKey: .hasSignedCopy)
        try c.encode(parties.map(PartiesWire.init), forKey: .parties)
        try c.encode(contract.createdAt, forKey: .createdAt)
        try c.encode(contract.updatedAt, forKey: .updatedAt)
        try c.encode(contract.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, number, status, displayStatus, title, accountId, signatoryContactId, ownerId, dealId, quoteId
        case templateId, language, body, renderedBody, startDate, endDate, value, currency, effectiveEndDate
        case effectiveValue, paymentTerms, billingSchedule, billingEntries, issueDate, signedDate, terminatedDate
        case terminationReason, renewalTaskId, hasSignedCopy, parties, createdAt, updatedAt, version
    }
}

struct PartiesWire: Encodable {
    let sellerName: String
    let sellerAddress: String
    let sellerTin: String?
    let buyerName: String
    let buyerAddress: String
    let buyerTin: String?
    let signatoryName: String

    init(_ parties: ContractParties) {
        sellerName = parties.sellerName
        sellerAddress = parties.sellerAddress
        sellerTin = parties.sellerTIN
        buyerName = parties.buyerName
        buyerAddress = parties.buyerAddress
        buyerTin = parties.buyerTIN
        signatoryName = parties.signatoryName
    }
}

struct BillingEntryWire: Encodable {
    let date: String
    let amount: String
    let description: String

    init(_ entry: BillingEntry) {
        date = entry.date.iso8601String
        amount = entry.amount.decimalString
        description = entry.description
    }
}

/// `{"kind": "one_off", "date", "amount"}`, `{"kind": "monthly"|"quarterly", "from", "to", "amount"}` or
/// `{"kind": "milestones", "milestones": [{"name", "date", "amount"}]}`.
struct BillingScheduleWire: Codable {
    struct MilestoneWire: Codable {
        var name: String?
        var date: String?
        var amount: StringOrNumberRefusingFloats?
    }

    var kind: String?
    var date: String?
    var from: String?
    var to: String?
    var amount: StringOrNumberRefusingFloats?
    var milestones: [MilestoneWire]?

    init(_ schedule: BillingSchedule) {
        let draft = BillingScheduleDraft(schedule)
        kind = draft.kind
        switch schedule {
        case .oneOff:
            date = draft.date
            amount = .init(text: draft.amount)
        case .recurring:
            from = draft.from
            to = draft.to
            amount = .init(text: draft.amount)
        case .milestones:
            milestones = draft.milestones.map { .init(name: $0.name, date: $0.date, amount: .init(text: $0.amount)) }
        }
    }

    var draft: BillingScheduleDraft {
        var draft = BillingScheduleDraft()
        draft.kind = kind ?? ""
        draft.date = date ?? ""
        draft.from = from ?? ""
        draft.to = to ?? ""
        draft.amount = amount?.text ?? ""
        draft.milestones = (milestones ?? []).map {
            .init(name: $0.name ?? "", date: $0.date ?? "", amount: $0.amount?.text ?? "")
        }
        return draft
    }

    /// Only the members of the schedule's kind are written; the others are left out, not null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOmittingNil(kind, forKey: .kind)
        try c.encodeOmittingNil(date, forKey: .date)
        try c.encodeOmittingNil(from, forKey: .from)
        try c.encodeOmittingNil(to, forKey: .to)
        try c.encodeOmittingNil(amount, forKey: .amount)
        try c.encodeOmittingNil(milestones, forKey: .milestones)
    }

    private enum CodingKeys: String, CodingKey { case kind, date, from, to, amount, milestones }
}

/// The optional body of the lifecycle actions (`send`, `sign`, `activate`, `terminate`).
struct ContractActionRequest: Decodable {
    static let allowedKeys: Set<String> = ["version", "reason"]
    var version: Int64?
    var reason: String?
}

struct AmendmentRequest: Decodable {
    static let allowedKeys: Set<String> = ["title", "body", "effective_date", "new_end_date", "new_value"]
    var title: String?
    var body: String?
    var effectiveDate: String?
    var newEndDate: String?
    var newValue: StringOrNumberRefusingFloats?

    var draft: AmendmentDraft {
        var draft = AmendmentDraft()
        draft.title = title ?? ""
        draft.body = body ?? ""
        draft.effectiveDate = effectiveDate ?? ""
        draft.newEndDate = newEndDate ?? ""
        draft.newValue = newValue?.text ?? ""
        return draft
    }
}

struct AmendmentResponse: Encodable {
    let amendment: ContractAmendment

    func encode(to encoder: any Encoder) throws {
        let a = amendment
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(a.id.description, forKey: .id)
        try c.encode(a.contractID.description, forKey: .contractId)
        try c.encode(a.number, forKey: .number)
        try c.encode(a.status.rawValue, forKey: .status)
        try c.encode(a.title, forKey: .title)
        try c.encode(a.body, forKey: .body)
        try c.encode(a.effectiveDate.iso8601String, forKey: .effectiveDate)
        try c.encode(a.newEndDate?.iso8601String, forKey: .newEndDate)
        try c.encode(a.newValue?.decimalString, forKey: .newValue)
        try c.encode(a.issueDate?.iso8601String, forKey: .issueDate)
        try c.encode(a.signedDate?.iso8601String, forKey: .signedDate)
        try c.encode(a.createdAt, forKey: .createdAt)
        try c.encode(a.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, contractId, number, status, title, body, effectiveDate, newEndDate, newValue, issueDate, signedDate
        case createdAt, version
    }
}

struct ContractTemplateRequest: Decodable {
    static let allowedKeys: Set<String> = ["name", "language", "body", "version"]
    var name: String?
    var language: String?
    var body: String?
    var version: Int64?
}

struct ContractTemplateResponse: Encodable {
    let template: ContractTemplate

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(template.id.description, forKey: .id)
        try c.encode(template.name, forKey: .name)
        try c.encode(template.language.rawValue, forKey: .language)
        try c.encode(template.body, forKey: .body)
        try c.encode(template.isBuiltIn, forKey: .isBuiltIn)
        try c.encode(ContractTemplateText.names(in: template.body), forKey: .placeholders)
        try c.encode(template.updatedAt, forKey: .updatedAt)
        try c.encode(template.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, name, language, body, isBuiltIn, placeholders, updatedAt, version
    }
}

/// The company's contract settings.
struct ContractSettingsWire: Codable {
    static let allowedKeys: Set<String> = ["renewal_notice_days", "version"]
    var renewalNoticeDays: Int
    /// The settings' version (0 until saved); in a request the version read, or send `If-Match`.
    var version: Int64?
}
