import Foundation

/// The seller: the company that uses Benta, with the settings that make it local (currency, tax, language).
public struct Company: Sendable, Hashable {
    public typealias ID = Identifier<Company>

    public var id: ID
    public var settings: CompanySettings
    /// Which work each role does in this company (``DutySettings/standard`` until an admin changes it).
    public var duties: DutySettings
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: ID, settings: CompanySettings, duties: DutySettings = .standard, createdAt: Date, updatedAt: Date,
        version: Int64
    ) {
        self.id = id
        self.settings = settings
        self.duties = duties
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// The settings an admin edits: identity, tax registration and locale of the company.
public struct CompanySettings: Sendable, Hashable {
    public var name: String
    public var registeredName: String
    public var registeredAddress: String
    public var tin: TaxpayerID?
    public var isVATRegistered: Bool
    public var country: CountryCode
    public var baseCurrency: Currency
    public var timeZone: TimeZone
    public var defaultLanguage: LanguageCode

    public init(
        name: String, registeredName: String, registeredAddress: String, tin: TaxpayerID?, isVATRegistered: Bool,
        country: CountryCode, baseCurrency: Currency, timeZone: TimeZone, defaultLanguage: LanguageCode
    ) {
        self.name = name
        self.registeredName = registeredName
        self.registeredAddress = registeredAddress
        self.tin = tin
        self.isVATRegistered = isVATRegistered
        self.country = country
        self.baseCurrency = baseCurrency
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
    }

    /// Settings for a new company before the admin fills them in: Philippine defaults, as for the first users.
    public static func initial(name: String) -> CompanySettings {
        CompanySettings(
            name: name, registeredName: name, registeredAddress: "", tin: nil, isVATRegistered: true,
            country: .PH, baseCurrency: .php, timeZone: TimeZone(identifier: "Asia/Manila") ?? .gmt,
            defaultLanguage: .english)
    }
}

/// Raw company settings as typed in a form or sent in JSON, before validation.
public struct CompanySettingsDraft: Sendable, Hashable {
    public var name: String
    public var registeredName: String
    public var registeredAddress: String
    public var tin: String
    public var isVATRegistered: Bool
    public var country: String
    public var baseCurrency: String
    public var timeZone: String
    public var defaultLanguage: String

    public init(
        name: String, registeredName: String, registeredAddress: String, tin: String, isVATRegistered: Bool,
        country: String, baseCurrency: String, timeZone: String, defaultLanguage: String
    ) {
        self.name = name
        self.registeredName = registeredName
        self.registeredAddress = registeredAddress
        self.tin = tin
        self.isVATRegistered = isVATRegistered
        self.country = country
        self.baseCurrency = baseCurrency
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
    }

    public init(_ settings: CompanySettings) {
        self.init(
            name: settings.name, registeredName: settings.registeredName,
            registeredAddress: settings.registeredAddress, tin: settings.tin?.formatted ?? "",
            isVATRegistered: settings.isVATRegistered, country: settings.country.rawValue,
            baseCurrency: settings.baseCurrency.code, timeZone: settings.timeZone.identifier,
            defaultLanguage: settings.defaultLanguage.rawValue)
    }

    /// Checks every field and returns typed settings, or all the problems at once.
    public func validated() throws(ValidationErrors) -> CompanySettings {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: 200, into: &errors)
        let registeredName = Validate.requiredText(
            registeredName, field: "registered_name", maxLength: 200, into: &errors)
        let address = Validate.optionalText(
            registeredAddress, field: "registered_address", maxLength: 500, into: &errors)
        var tin: TaxpayerID?
        if !self.tin.trimmingCharacters(in: .whitespaces).isEmpty {
            do { tin = try TaxpayerID(parsing: self.tin) } catch {
                errors.add(field: "tin", code: "invalid_tin", message: "Enter a TIN of 9, 12 or 14 digits.")
            }
        }
        let country = CountryCode(rawValue: self.country.uppercased())
        if country == nil {
            errors.add(field: "country", code: "invalid_country", message: "Choose a supported country.")
        }
        let currency = Currency(code: baseCurrency.uppercased())
        if currency == nil {
            errors.add(field: "base_currency", code: "invalid_currency", message: "Choose a supported currency.")
        }
        let zone = TimeZone(identifier: timeZone)
        if zone == nil {
            errors.add(field: "time_zone", code: "invalid_time_zone", message: "Enter a time zone such as Asia/Manila.")
        }
        let language = LanguageCode(rawValue: defaultLanguage)
        if language == nil {
            errors.add(field: "default_language", code: "invalid_language", message: "Choose English or Filipino.")
        }
        try errors.throwIfAny()
        guard let name, let registeredName, let country, let currency, let zone, let language else {
            throw errors
        }
        return CompanySettings(
            name: name, registeredName: registeredName, registeredAddress: address ?? "", tin: tin,
            isVATRegistered: isVATRegistered, country: country, baseCurrency: currency, timeZone: zone,
            defaultLanguage: language)
    }
}
