import Foundation

/// A customer or prospect company that managers sell to.
public struct Account: Sendable, Hashable {
    public typealias ID = Identifier<Account>

    public var id: ID
    public var companyID: Company.ID
    public var fields: AccountFields
    public var status: RecordStatus
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, fields: AccountFields, status: RecordStatus, createdAt: Date,
        updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.companyID = companyID
        self.fields = fields
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// Whether a record is in everyday use or put away; archived records stay readable and can come back.
public enum RecordStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case archived
}

/// Who an account buys as, which decides what its invoices must carry (DOMAIN.md §1): a business (a company or a
/// registered trader, whose TIN and address go on every invoice) or an individual consumer (a walk-in or retail
/// buyer, for whom the name is enough).
public enum BuyerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case business
    case individual
}

/// The validated, editable content of an account.
public struct AccountFields: Sendable, Hashable {
    public var name: String
    public var registeredName: String?
    public var tin: TaxpayerID?
    public var billingAddress: String?
    public var deliveryAddress: String?
    public var phones: [PhoneEntry]
    public var email: EmailAddress?
    public var website: String?
    public var industry: String?
    public var ownerID: User.ID
    public var teamID: Team.ID?
    public var tags: [String]
    public var notes: String?
    /// Where the buyer is established; a buyer outside the seller's country is foreign (an export sale).
    public var country: CountryCode
    /// Whether the buyer is registered for VAT in its country (it claims the invoice's VAT as input tax).
    public var isVATRegistered: Bool
    public var buyerKind: BuyerKind

    /// `country` defaults to the Philippines, the country of a new company; callers that know the company pass its
    /// country.
    public init(
        name: String, registeredName: String? = nil, tin: TaxpayerID? = nil, billingAddress: String? = nil,
        deliveryAddress: String? = nil, phones: [PhoneEntry] = [], email: EmailAddress? = nil, website: String? = nil,
        industry: String? = nil, ownerID: User.ID, teamID: Team.ID? = nil, tags: [String] = [], notes: String? = nil,
        country: CountryCode = .PH, isVATRegistered: Bool = false, buyerKind: BuyerKind = .business
    ) {
        self.name = name
        self.registeredName = registeredName
        self.tin = tin
        self.billingAddress = billingAddress
        self.deliveryAddress = deliveryAddress
        self.phones = phones
        self.email = email
        self.website = website
        self.industry = industry
        self.ownerID = ownerID
        self.teamID = teamID
        self.tags = tags
        self.notes = notes
        self.country = country
        self.isVATRegistered = isVATRegistered
        self.buyerKind = buyerKind
    }
}

/// An account as typed in a form or sent in JSON: plain strings, before validation.
public struct AccountDraft: Sendable, Hashable {
    public var name: String = ""
    public var registeredName: String = ""
    public var tin: String = ""
    public var billingAddress: String = ""
    public var deliveryAddress: String = ""
    public var phones: [String] = []
    public var email: String = ""
    public var website: String = ""
    public var industry: String = ""
    public var ownerID: String = ""
    public var teamID: String = ""
    public var tags: [String] = []
    public var notes: String = ""
    /// A two-letter ISO 3166 code; empty means the company's country.
    public var country: String = ""
    public var isVATRegistered: Bool = false
    /// `business` or `individual`; empty means `business`.
    public var buyerKind: String = ""

    public init() {}

    /// The draft of an existing account, used to apply a partial update and validate the result as a whole.
    public init(_ fields: AccountFields) {
        name = fields.name
        registeredName = fields.registeredName ?? ""
        tin = fields.tin?.formatted ?? ""
        billingAddress = fields.billingAddress ?? ""
        deliveryAddress = fields.deliveryAddress ?? ""
        phones = fields.phones.map(\.raw)
        email = fields.email?.value ?? ""
        website = fields.website ?? ""
        industry = fields.industry ?? ""
        ownerID = fields.ownerID.description
        teamID = fields.teamID?.description ?? ""
        tags = fields.tags
        notes = fields.notes ?? ""
        country = fields.country.rawValue
        isVATRegistered = fields.isVATRegistered
        buyerKind = fields.buyerKind.rawValue
    }

    /// Checks every field; returns the typed fields or every problem at once, keyed by snake_case field name.
    /// `defaultCountry` (the company's) is the account's country when none is given.
    public func validated(defaultCountry: CountryCode) throws(ValidationErrors) -> AccountFields {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        let registeredName = Validate.optionalText(
            registeredName, field: "registered_name", maxLength: 200, into: &errors)
        var tin: TaxpayerID?
        if !self.tin.trimmingCharacters(in: .whitespaces).isEmpty {
            do { tin = try TaxpayerID(parsing: self.tin) } catch {
                errors.add(
                    field: "tin", code: "invalid_tin",
                    message: "Enter a TIN of 9, 12 or 14 digits, e.g. 123-456-789-00000.")
            }
        }
        let billing = Validate.optionalText(billingAddress, field: "billing_address", maxLength: 500, into: &errors)
        let delivery = Validate.optionalText(
            deliveryAddress, field: "delivery_address", maxLength: 500, into: &errors)
        let phones = Validate.phones(phones, field: "phones", defaultCountry: defaultCountry, into: &errors)
        var email: EmailAddress?
        if !self.email.trimmingCharacters(in: .whitespaces).isEmpty {
            do { email = try EmailAddress(parsing: self.email) } catch {
                errors.add(
                    field: "email", code: "invalid_email", message: "Enter an email address such as info@example.ph.")
            }
        }
        let website = Validate.website(website, field: "website", into: &errors)
        let industry = Validate.optionalText(industry, field: "industry", maxLength: 100, into: &errors)
        let owner = Identifier<User>(string: ownerID.trimmingCharacters(in: .whitespaces))
        if owner == nil {
            errors.add(field: "owner_id", code: "required", message: "Choose the manager who owns this account.")
        }
        var team: Team.ID?
        if !teamID.trimmingCharacters(in: .whitespaces).isEmpty {
            team = Identifier<Team>(string: teamID.trimmingCharacters(in: .whitespaces))
            if team == nil { errors.add(field: "team_id", code: "invalid_id", message: "Choose a team from the list.") }
        }
        let tags = Validate.tags(tags, field: "tags", into: &errors)
        let notes = Validate.optionalText(notes, field: "notes", maxLength: 10_000, into: &errors)
        let countryText = country.trimmingCharacters(in: .whitespaces).uppercased()
        let country = countryText.isEmpty ? defaultCountry : CountryCode(rawValue: countryText)
        if country == nil {
            errors.add(
                field: "country", code: "invalid_country",
                message: "Choose a country from the list (a two-letter code such as PH or US).")
        }
        let kindText = buyerKind.trimmingCharacters(in: .whitespaces).lowercased()
        let buyerKind = kindText.isEmpty ? .business : BuyerKind(rawValue: kindText)
        if buyerKind == nil {
            errors.add(
                field: "buyer_kind", code: "invalid_choice",
                message: "Choose business or individual (a consumer).")
        }
        try errors.throwIfAny()
        guard let name, let owner, let country, let buyerKind else { throw errors }
        return AccountFields(
            name: name, registeredName: registeredName, tin: tin, billingAddress: billing,
            deliveryAddress: delivery, phones: phones, email: email, website: website, industry: industry,
            ownerID: owner, teamID: team, tags: tags, notes: notes, country: country,
            isVATRegistered: isVATRegistered, buyerKind: buyerKind)
    }
}

extension Validate {
    /// Tags are short lowercase labels; duplicates are dropped.
    public static func tags(_ inputs: [String], field: String, into errors: inout ValidationErrors) -> [String] {
        var result: [String] = []
        for input in inputs {
            let tag = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if tag.isEmpty { continue }
            if tag.count > 40 || tag.contains(where: { $0.isNewline || $0 == "," }) {
                errors.add(field: field, code: "invalid_tag", message: "Tags have at most 40 characters and no commas.")
                return []
            }
            if !result.contains(tag) { result.append(tag) }
        }
        if result.count > 20 {
            errors.add(field: field, code: "too_many", message: "An account has at most 20 tags.")
            return []
        }
        return result
    }

    /// A website is an http(s) address; a bare domain gets `https://` in front.
    public static func website(_ input: String, field: String, into errors: inout ValidationErrors) -> String? {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        let withScheme =
            trimmed.lowercased().hasPrefix("http://") || trimmed.lowercased().hasPrefix("https://")
            ? trimmed : "https://\(trimmed)"
        guard withScheme.count <= 300, let url = URL(string: withScheme), let host = url.host, host.contains("."),
            !withScheme.contains(where: { $0.isWhitespace })
        else {
            errors.add(field: field, code: "invalid_url", message: "Enter a web address such as https://example.ph.")
            return nil
        }
        return withScheme
    }
}
