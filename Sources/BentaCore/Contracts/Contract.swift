import Foundation

/// An agreement to sell: parties, period, value, payment terms, billing schedule and the text, numbered when sent.
///
/// Once sent it is frozen; once signed, changes are ``ContractAmendment``s. The amendments signed so far are
/// folded into ``effectiveEndDate`` and ``effectiveValue`` (stored beside the original terms, which never change).
public struct Contract: Sendable, Hashable {
    public typealias ID = Identifier<Contract>

    public var id: ID
    public var companyID: Company.ID
    public var fields: ContractFields
    public var status: ContractStatus
    public var number: String?
    public var sequence: Int64?
    public var issueDate: CalendarDate?
    public var signedDate: CalendarDate?
    /// The text as sent, placeholders filled; nil for a draft (whose text is filled when shown).
    public var renderedBody: String?
    /// The parties as they were when the contract was sent; nil for a draft.
    public var parties: ContractParties?
    public var effectiveEndDate: CalendarDate
    public var effectiveValue: Money
    public var terminationReason: String?
    public var terminatedDate: CalendarDate?
    public var renewalTaskID: TaskItem.ID?
    public var hasSignedCopy: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, fields: ContractFields, status: ContractStatus, number: String? = nil,
        sequence: Int64? = nil, issueDate: CalendarDate? = nil, signedDate: CalendarDate? = nil,
        renderedBody: String? = nil, parties: ContractParties? = nil, effectiveEndDate: CalendarDate? = nil,
        effectiveValue: Money? = nil, terminationReason: String? = nil, terminatedDate: CalendarDate? = nil,
        renewalTaskID: TaskItem.ID? = nil, hasSignedCopy: Bool = false, createdAt: Date, updatedAt: Date,
        version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.status = status
        self.number = number
        self.sequence = sequence
        self.issueDate = issueDate
        self.signedDate = signedDate
        self.renderedBody = renderedBody
        self.parties = parties
        self.effectiveEndDate = effectiveEndDate ?? fields.endDate
        self.effectiveValue = effectiveValue ?? fields.value
        self.terminationReason = terminationReason
        self.terminatedDate = terminatedDate
        self.renewalTaskID = renewalTaskID
        self.hasSignedCopy = hasSignedCopy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The status to show on `today`: an active contract past its (effective) end date is expired, even before
    /// the daily sweep has recorded it.
    public func displayStatus(today: CalendarDate) -> ContractStatus {
        status == .active && effectiveEndDate < today ? .expired : status
    }

    /// The values the template placeholders take.
    public func placeholderValues(parties: ContractParties) -> [String: String] {
        let f = fields
        return [
            "contract_number": number ?? "(draft)", "title": f.title, "seller_name": parties.sellerName,
            "seller_address": parties.sellerAddress, "seller_tin": parties.sellerTIN ?? "",
            "buyer_name": parties.buyerName, "buyer_address": parties.buyerAddress,
            "buyer_tin": parties.buyerTIN ?? "", "signatory_name": parties.signatoryName,
            "start_date": f.startDate.iso8601String, "end_date": f.endDate.iso8601String,
            "value": "\(f.value.currency.code) \(MoneyFormatter().formatPlain(f.value))",
            "currency": f.value.currency.code, "payment_terms": f.paymentTerms.description,
            "billing_schedule": f.billingSchedule.map { schedule in
                schedule.entries().map {
                    "\($0.date.iso8601String) \($0.description): \($0.amount.currency.code) "
                        + MoneyFormatter().formatPlain($0.amount)
                }.joined(separator: "\n")
            } ?? "",
        ]
    }

    /// The contract text with its placeholders filled from `parties` and the contract's own data.
    public func body(parties: ContractParties) -> String {
        renderedBody ?? ContractTemplateText.fill(fields.bodyTemplate, values: placeholderValues(parties: parties))
    }
}

/// Where a contract is in its life.
public enum ContractStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case sent
    case signed
    case active
    case expired
    case terminated
}

/// Where an amendment is in its life.
public enum AmendmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case sent
    case signed
}

/// Seller and buyer as printed on the contract.
public struct ContractParties: Sendable, Hashable, Codable {
    public var sellerName: String
    public var sellerAddress: String
    public var sellerTIN: String?
    public var buyerName: String
    public var buyerAddress: String
    public var buyerTIN: String?
    public var signatoryName: String

    public init(
        sellerName: String, sellerAddress: String, sellerTIN: String?, buyerName: String, buyerAddress: String,
        buyerTIN: String?, signatoryName: String
    ) {
        self.sellerName = sellerName
        self.sellerAddress = sellerAddress
        self.sellerTIN = sellerTIN
        self.buyerName = buyerName
        self.buyerAddress = buyerAddress
        self.buyerTIN = buyerTIN
        self.signatoryName = signatoryName
    }
}

/// The editable content of a contract (a draft's).
public struct ContractFields: Sendable, Hashable {
    public var accountID: Account.ID
    public var signatoryContactID: Contact.ID
    public var ownerID: User.ID
    public var dealID: Deal.ID?
    /// The accepted quote the contract came from, if any (an identifier of the `quotes` table).
    public var quoteID: String?
    public var templateID: ContractTemplate.ID?
    public var language: LanguageCode
    public var title: String
    /// The text with `{{placeholders}}`, filled when shown and frozen when sent.
    public var bodyTemplate: String
    public var startDate: CalendarDate
    /// The last day of the contract (included).
    public var endDate: CalendarDate
    public var value: Money
    public var paymentTerms: PaymentTerms
    public var billingSchedule: BillingSchedule?

    public init(
        accountID: Account.ID, signatoryContactID: Contact.ID, ownerID: User.ID, dealID: Deal.ID? = nil,
        quoteID: String? = nil, templateID: ContractTemplate.ID? = nil, language: LanguageCode = .english,
        title: String, bodyTemplate: String, startDate: CalendarDate, endDate: CalendarDate, value: Money,
        paymentTerms: PaymentTerms, billingSchedule: BillingSchedule? = nil
    ) {
        self.accountID = accountID
        self.signatoryContactID = signatoryContactID
        self.ownerID = ownerID
        self.dealID = dealID
        self.quoteID = quoteID
        self.templateID = templateID
        self.language = language
        self.title = title
        self.bodyTemplate = bodyTemplate
        self.startDate = startDate
        self.endDate = endDate
        self.value = value
        self.paymentTerms = paymentTerms
        self.billingSchedule = billingSchedule
    }
}

/// A contract as typed or sent, before validation.
public struct ContractDraft: Sendable, Hashable {
    public var accountID = ""
    public var signatoryContactID = ""
    public var ownerID = ""
    public var dealID = ""
    public var quoteID = ""
    public var templateID = ""
    public var language = ""
    public var title = ""
    /// Empty = take the chosen template's text.
    public var bodyTemplate = ""
    public var startDate = ""
    public var endDate = ""
    public var value = ""
    public var currency = ""
    public var paymentTerms = ""
    public var billingSchedule = BillingScheduleDraft()

    public init() {}

    public init(_ fields: ContractFields) {
        accountID = fields.accountID.description
        signatoryContactID = fields.signatoryContactID.description
        ownerID = fields.ownerID.description
        dealID = fields.dealID?.description ?? ""
        quoteID = fields.quoteID ?? ""
        templateID = fields.templateID?.description ?? ""
        language = fields.language.rawValue
        title = fields.title
        bodyTemplate = fields.bodyTemplate
        startDate = fields.startDate.iso8601String
        endDate = fields.endDate.iso8601String
        value = fields.value.decimalString
        currency = fields.value.currency.code
        paymentTerms = fields.paymentTerms.code
        billingSchedule = BillingScheduleDraft(fields.billingSchedule)
    }

    /// Checks every field, the period (end after start) and the schedule against period and value.
    public func validated(defaultCurrency: Currency) throws(ValidationErrors) -> ContractFields {
        var errors = ValidationErrors()
        func id<Tag>(_ text: String, _ field: String, required: Bool, _ message: String) -> Identifier<Tag>? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if required { errors.add(field: field, code: "required", message: message) }
                return nil
            }
            guard let value = Identifier<Tag>(string: trimmed) else {
                errors.add(field: field, code: "invalid_id", message: message)
                return nil
            }
            return value
        }
        let account: Account.ID? = id(accountID, "account_id", required: true, "Choose the buyer account.")
        let signatory: Contact.ID? = id(
            signatoryContactID, "signatory_contact_id", required: true, "Choose the signatory contact.")
        let owner: User.ID? = id(ownerID, "owner_id", required: true, "Choose the owner.")
        let deal: Deal.ID? = id(dealID, "deal_id", required: false, "Choose a deal of this account.")
        let quote: Identifier<ContractDraft>? = id(
            quoteID, "quote_id", required: false, "Choose a quote of this account.")
        let template: ContractTemplate.ID? = id(templateID, "template_id", required: false, "Choose a template.")
        var languageValue = LanguageCode.english
        if !language.isEmpty {
            if let parsed = LanguageCode(rawValue: language) {
                languageValue = parsed
            } else {
                errors.add(field: "language", code: "invalid_choice", message: "Choose en or fil.")
            }
        }
        let title = Validate.requiredText(title, field: "title", maxLength: 200, into: &errors)
        let body = Validate.requiredText(bodyTemplate, field: "body", maxLength: 100_000, into: &errors)
        let start = CalendarDate(iso8601: startDate.trimmingCharacters(in: .whitespaces))
        if start == nil {
            errors.add(field: "start_date", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
        }
        let end = CalendarDate(iso8601: endDate.trimmingCharacters(in: .whitespaces))
        if end == nil { errors.add(field: "end_date", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.") }
        if let start, let end, end <= start {
            errors.add(
                field: "end_date", code: "end_before_start", message: "The end date must be after the start date.")
        }
        let code = currency.trimmingCharacters(in: .whitespaces).uppercased()
        let money = code.isEmpty ? defaultCurrency : Currency(code: code)
        if money == nil {
            errors.add(field: "currency", code: "invalid_currency", message: "Use a currency code such as PHP.")
        }
        var amount: Money?
        if let money {
            do {
                let text = value.trimmingCharacters(in: .whitespaces)
                let parsed = try Money(decimalString: text.isEmpty ? "0" : text, currency: money)
                if parsed.isNegative {
                    errors.add(field: "value", code: "negative", message: "The value cannot be negative.")
                } else {
                    amount = parsed
                }
            } catch {
                errors.add(
                    field: "value", code: "invalid_amount",
                    message: "Enter an amount such as 125000.50 (at most \(money.minorUnitDigits) decimals, no commas)."
                )
            }
        }
        let terms =
            paymentTerms.trimmingCharacters(in: .whitespaces).isEmpty
            ? PaymentTerms.net(days: 30)
            : PaymentTerms.parse(
                paymentTerms, field: "payment_terms", code: "invalid_payment_terms",
                message: "Use due_on_receipt, net_N or eom_N (N from 0 to 365 days).", into: &errors)
        var schedule: BillingSchedule?
        if let money {
            do { schedule = try billingSchedule.validated(currency: money) } catch { errors.merge(error) }
        }
        if let schedule, let start, let end, let amount, end > start {
            do { try schedule.validate(start: start, end: end, value: amount) } catch { errors.merge(error) }
        }
        if let body {
            do { try ContractTemplateText.validate(body) } catch { errors.merge(error) }
        }
        try errors.throwIfAny()
        guard let account, let signatory, let owner, let title, let body, let start, let end, let amount, let terms
        else { throw errors }
        return ContractFields(
            accountID: account, signatoryContactID: signatory, ownerID: owner, dealID: deal,
            quoteID: quote?.description, templateID: template, language: languageValue, title: title,
            bodyTemplate: body, startDate: start, endDate: end, value: amount, paymentTerms: terms,
            billingSchedule: schedule)
    }
}

/// A change to a signed contract: its own numbered document, with its own text, effective date and optionally a
/// new end date and value, which apply to the contract once the amendment is signed.
public struct ContractAmendment: Sendable, Hashable {
    public typealias ID = Identifier<ContractAmendment>

    public var id: ID
    public var companyID: Company.ID
    public var contractID: Contract.ID
    public var status: AmendmentStatus
    public var number: String?
    public var sequence: Int64?
    public var title: String
    public var body: String
    public var effectiveDate: CalendarDate
    public var newEndDate: CalendarDate?
    public var newValue: Money?
    public var issueDate: CalendarDate?
    public var signedDate: CalendarDate?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, contractID: Contract.ID, status: AmendmentStatus, number: String? = nil,
        sequence: Int64? = nil, title: String, body: String, effectiveDate: CalendarDate,
        newEndDate: CalendarDate? = nil, newValue: Money? = nil, issueDate: CalendarDate? = nil,
        signedDate: CalendarDate? = nil, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.contractID = contractID
        self.status = status
        self.number = number
        self.sequence = sequence
        self.title = title
        self.body = body
        self.effectiveDate = effectiveDate
        self.newEndDate = newEndDate
        self.newValue = newValue
        self.issueDate = issueDate
        self.signedDate = signedDate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// An amendment as typed or sent, before validation.
public struct AmendmentDraft: Sendable, Hashable {
    public var title = ""
    public var body = ""
    public var effectiveDate = ""
    public var newEndDate = ""
    public var newValue = ""

    public init() {}

    /// Checks the fields against the contract they amend: effective on or after its start, a new end date after
    /// the effective date, a value not negative and in the contract's currency.
    public func validated(
        for contract: Contract
    ) throws(ValidationErrors) -> (
        title: String, body: String, effective: CalendarDate, end: CalendarDate?, value: Money?
    ) {
        var errors = ValidationErrors()
        let title = Validate.requiredText(title, field: "title", maxLength: 200, into: &errors)
        let body = Validate.requiredText(body, field: "body", maxLength: 100_000, into: &errors)
        let effective = CalendarDate(iso8601: effectiveDate.trimmingCharacters(in: .whitespaces))
        if effective == nil {
            errors.add(field: "effective_date", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
        } else if let effective, effective < contract.fields.startDate {
            errors.add(
                field: "effective_date", code: "before_contract_start",
                message: "The amendment cannot take effect before the contract starts.")
        }
        var end: CalendarDate?
        let endText = newEndDate.trimmingCharacters(in: .whitespaces)
        if !endText.isEmpty {
            end = CalendarDate(iso8601: endText)
            if end == nil {
                errors.add(field: "new_end_date", code: "invalid_date", message: "Enter the date as YYYY-MM-DD.")
            } else if let end, end <= contract.fields.startDate || (effective.map { end < $0 } ?? false) {
                errors.add(
                    field: "new_end_date", code: "end_before_start",
                    message: "The new end date must be after the start and effective dates.")
            }
        }
        var value: Money?
        let valueText = newValue.trimmingCharacters(in: .whitespaces)
        if !valueText.isEmpty {
            do {
                let parsed = try Money(decimalString: valueText, currency: contract.fields.value.currency)
                if parsed.isNegative {
                    errors.add(field: "new_value", code: "negative", message: "The value cannot be negative.")
                } else {
                    value = parsed
                }
            } catch {
                errors.add(field: "new_value", code: "invalid_amount", message: "Enter an amount such as 125000.50.")
            }
        }
        try errors.throwIfAny()
        guard let title, let body, let effective else { throw errors }
        return (title, body, effective, end, value)
    }
}

/// A contract text an admin keeps: a name, a language and a body with `{{placeholders}}`.
public struct ContractTemplate: Sendable, Hashable {
    public typealias ID = Identifier<ContractTemplate>

    public var id: ID
    public var companyID: Company.ID
    public var name: String
    public var language: LanguageCode
    public var body: String
    public var isBuiltIn: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, name: String, language: LanguageCode, body: String, isBuiltIn: Bool,
        createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.name = name
        self.language = language
        self.body = body
        self.isBuiltIn = isBuiltIn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Validates an admin's name, language and body (known placeholders only).
    public static func validate(
        name: String, language: String, body: String
    ) throws(ValidationErrors) -> (name: String, language: LanguageCode, body: String) {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        let parsed = LanguageCode(rawValue: language.trimmingCharacters(in: .whitespaces))
        if parsed == nil { errors.add(field: "language", code: "invalid_choice", message: "Choose en or fil.") }
        let text = Validate.requiredText(body, field: "body", maxLength: 100_000, into: &errors)
        if let text {
            do { try ContractTemplateText.validate(text) } catch { errors.merge(error) }
        }
        try errors.throwIfAny()
        guard let name, let parsed, let text else { throw errors }
        return (name, parsed, text)
    }

    /// The two texts every company starts with, English and Filipino.
    public static let builtInDefaults: [(name: String, language: LanguageCode, body: String)] = [
        (
            "Standard service agreement", .english,
            """
            SERVICE AGREEMENT No. {{contract_number}}

            This agreement is made between {{seller_name}}, with address at {{seller_address}} (TIN {{seller_tin}}), \
            the SELLER, and {{buyer_name}}, with address at {{buyer_address}} (TIN {{buyer_tin}}), the BUYER, \
            represented by {{signatory_name}}.

            1. Subject. {{title}}.
            2. Term. This agreement runs from {{start_date}} to {{end_date}}, both days included.
            3. Contract value. {{value}}, exclusive of taxes unless stated otherwise.
            4. Payment terms. {{payment_terms}} from the date of each invoice.
            5. Billing schedule.
            {{billing_schedule}}
            6. Changes. Any change to this agreement is made by a written, signed amendment.
            """
        ),
        (
            "Karaniwang kasunduan sa serbisyo", .filipino,
            """
            KASUNDUAN SA SERBISYO Blg. {{contract_number}}

            Ang kasunduang ito ay ginawa sa pagitan ng {{seller_name}}, na may tanggapan sa {{seller_address}} \
            (TIN {{seller_tin}}), ang NAGBEBENTA, at ng {{buyer_name}}, na may tanggapan sa {{buyer_address}} \
            (TIN {{buyer_tin}}), ang BUMIBILI, na kinakatawan ni {{signatory_name}}.

            1. Paksa. {{title}}.
            2. Panahon. Ang kasunduang ito ay may bisa mula {{start_date}} hanggang {{end_date}}, kasama ang \
            una at huling araw.
            3. Halaga ng kontrata. {{value}}, hindi kasama ang buwis maliban kung nakasaad.
            4. Mga tuntunin ng pagbabayad. {{payment_terms}} mula sa petsa ng bawat invoice.
            5. Iskedyul ng paniningil.
            {{billing_schedule}}
            6. Mga pagbabago. Anumang pagbabago sa kasunduang ito ay gagawin sa isang nakasulat at pinirmahang \
            susog (amendment).
            """
        ),
    ]
}
