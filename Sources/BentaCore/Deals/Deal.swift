import Foundation

/// An opportunity: what a manager expects to sell to an account, by when, and how likely it is.
public struct Deal: Sendable, Hashable {
    public typealias ID = Identifier<Deal>

    public var id: ID
    public var companyID: Company.ID
    public var fields: DealFields
    public var pipelineID: Pipeline.ID
    public var stageID: Pipeline.Stage.ID
    public var status: DealStatus
    public var lostReason: String?
    public var closedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, fields: DealFields, pipelineID: Pipeline.ID, stageID: Pipeline.Stage.ID,
        status: DealStatus, lostReason: String? = nil, closedAt: Date? = nil, createdAt: Date, updatedAt: Date,
        version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.pipelineID = pipelineID
        self.stageID = stageID
        self.status = status
        self.lostReason = lostReason
        self.closedAt = closedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The probability in force: the deal's own, else its stage's default.
    public func probability(in pipeline: Pipeline) -> Int {
        fields.probability ?? pipeline.stage(stageID)?.probability ?? 0
    }

    /// The forecast category in force: the deal's own, else its stage's default.
    public func forecastCategory(in pipeline: Pipeline) -> ForecastCategory {
        fields.forecastCategory ?? pipeline.stage(stageID)?.forecastCategory ?? .pipeline
    }
}

/// The editable content of a deal.
public struct DealFields: Sendable, Hashable {
    public var accountID: Account.ID
    public var contactIDs: [Contact.ID]
    public var ownerID: User.ID
    public var title: String
    public var amount: Money
    public var expectedClose: CalendarDate
    /// Overrides the stage's probability (0…100) when set.
    public var probability: Int?
    /// Overrides the stage's forecast category when set.
    public var forecastCategory: ForecastCategory?
    public var sourceLeadID: Lead.ID?
    public var nextStep: String?
    public var notes: String?
    /// What is being sold; when there are lines, `amount` is their total without VAT.
    public var lines: [LineItem]
    /// Whether the lines' unit prices include VAT.
    public var pricesIncludeTax: Bool

    public init(
        accountID: Account.ID, contactIDs: [Contact.ID] = [], ownerID: User.ID, title: String, amount: Money,
        expectedClose: CalendarDate, probability: Int? = nil, forecastCategory: ForecastCategory? = nil,
        sourceLeadID: Lead.ID? = nil, nextStep: String? = nil, notes: String? = nil, lines: [LineItem] = [],
        pricesIncludeTax: Bool = false
    ) {
        self.accountID = accountID
        self.contactIDs = contactIDs
        self.ownerID = ownerID
        self.title = title
        self.amount = amount
        self.expectedClose = expectedClose
        self.probability = probability
        self.forecastCategory = forecastCategory
        self.sourceLeadID = sourceLeadID
        self.nextStep = nextStep
        self.notes = notes
        self.lines = lines
        self.pricesIncludeTax = pricesIncludeTax
    }
}

/// A deal as typed or sent, before validation.
public struct DealDraft: Sendable, Hashable {
    public var accountID = ""
    public var contactIDs: [String] = []
    public var ownerID = ""
    public var title = ""
    public var amount = ""
    public var currency = ""
    public var expectedClose = ""
    public var probability = ""
    public var forecastCategory = ""
    public var sourceLeadID = ""
    public var nextStep = ""
    public var notes = ""
    /// New lines replacing the deal's; nil keeps the lines it has.
    public var lines: [LineDraft]?
    /// A new price mode for the lines; nil keeps the deal's.
    public var pricesIncludeTax: Bool?

    public init() {}

    public init(_ fields: DealFields) {
        accountID = fields.accountID.description
        contactIDs = fields.contactIDs.map(\.description)
        ownerID = fields.ownerID.description
        title = fields.title
        amount = fields.amount.decimalString
        currency = fields.amount.currency.code
        expectedClose = fields.expectedClose.iso8601String
        probability = fields.probability.map(String.init) ?? ""
        forecastCategory = fields.forecastCategory?.rawValue ?? ""
        sourceLeadID = fields.sourceLeadID?.description ?? ""
        nextStep = fields.nextStep ?? ""
        notes = fields.notes ?? ""
    }

    /// Checks every field; `defaultCurrency` applies when the draft names none.
    public func validated(defaultCurrency: Currency) throws(ValidationErrors) -> DealFields {
        var errors = ValidationErrors()
        let account = Account.ID(string: accountID.trimmingCharacters(in: .whitespaces))
        if account == nil { errors.add(field: "account_id", code: "required", message: "Choose the account.") }
        var contacts: [Contact.ID] = []
        for text in contactIDs where !text.isEmpty {
            if let id = Contact.ID(string: text) {
                contacts.append(id)
            } else {
                errors.add(field: "contact_ids", code: "invalid_id", message: "Choose contacts from the list.")
            }
        }
        let owner = User.ID(string: ownerID.trimmingCharacters(in: .whitespaces))
        if owner == nil { errors.add(field: "owner_id", code: "required", message: "Choose the owner.") }
        let title = Validate.requiredText(title, field: "title", maxLength: 200, into: &errors)
        let currencyCode = currency.trimmingCharacters(in: .whitespaces).uppercased()
        let money = currencyCode.isEmpty ? defaultCurrency : Currency(code: currencyCode)
        if money == nil {
            errors.add(field: "currency", code: "invalid_currency", message: "Use a currency code such as PHP.")
        }
        var amountValue: Money?
        if let money {
            let text = amount.trimmingCharacters(in: .whitespaces)
            do {
                let parsed = try Money(decimalString: text.isEmpty ? "0" : text, currency: money)
                if parsed.isNegative {
                    errors.add(field: "amount", code: "negative", message: "The amount cannot be negative.")
                } else {
                    amountValue = parsed
                }
            } catch {
                errors.add(
                    field: "amount", code: "invalid_amount",
                    message: "Enter an amount such as 125000.50 (at most \(money.minorUnitDigits) decimals, no commas)."
                )
            }
        }
        let close = CalendarDate(iso8601: expectedClose.trimmingCharacters(in: .whitespaces))
        if close == nil {
            errors.add(
                field: "expected_close", code: "invalid_date", message: "Enter the expected close date as YYYY-MM-DD.")
        }
        var probabilityValue: Int?
        if !probability.trimmingCharacters(in: .whitespaces).isEmpty {
            probabilityValue = Int(probability.trimmingCharacters(in: .whitespaces))
            if probabilityValue == nil || !(0...100).contains(probabilityValue ?? -1) {
                errors.add(field: "probability", code: "out_of_range", message: "Enter a probability from 0 to 100.")
            }
        }
        var category: ForecastCategory?
        if !forecastCategory.isEmpty {
            category = ForecastCategory(rawValue: forecastCategory)
            if category == nil {
                errors.add(field: "forecast_category", code: "invalid_choice", message: "Choose a forecast category.")
            }
        }
        var lead: Lead.ID?
        if !sourceLeadID.isEmpty {
            lead = Lead.ID(string: sourceLeadID)
            if lead == nil { errors.add(field: "source_lead_id", code: "invalid_id", message: "Choose a lead.") }
        }
        let nextStep = Validate.optionalText(nextStep, field: "next_step", maxLength: 300, into: &errors)
        let notes = Validate.optionalText(notes, field: "notes", maxLength: 10_000, into: &errors)
        try errors.throwIfAny()
        guard let account, let owner, let title, let amountValue, let close else { throw errors }
        return DealFields(
            accountID: account, contactIDs: contacts, ownerID: owner, title: title, amount: amountValue,
            expectedClose: close, probability: probabilityValue, forecastCategory: category, sourceLeadID: lead,
            nextStep: nextStep, notes: notes)
    }
}
