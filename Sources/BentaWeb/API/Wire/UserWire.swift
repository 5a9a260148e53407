import BentaCore
import Foundation

/// A user as the API returns it (never the password hash).
struct UserResponse: Encodable {
    let id: String
    let email: String
    let name: String
    let role: String
    let language: String
    let isActive: Bool
    let teamIds: [String]?
    /// Only in `/me`: the secret address of the user's calendar feed.
    var calendarFeedUrl: String?

    init(_ user: User, teamIDs: [Team.ID]? = nil) {
        id = user.id.description
        email = user.email.value
        name = user.name
        role = user.role.rawValue
        language = user.language.rawValue
        isActive = user.isActive
        teamIds = teamIDs?.map(\.description)
    }

    /// `team_ids` and `calendar_feed_url` are only in `/me`: elsewhere they are left out, not null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(email, forKey: .email)
        try c.encode(name, forKey: .name)
        try c.encode(role, forKey: .role)
        try c.encode(language, forKey: .language)
        try c.encode(isActive, forKey: .isActive)
        try c.encodeOmittingNil(teamIds, forKey: .teamIds)
        try c.encodeOmittingNil(calendarFeedUrl, forKey: .calendarFeedUrl)
    }

    private enum CodingKeys: String, CodingKey {
        case id, email, name, role, language, isActive, teamIds, calendarFeedUrl
    }
}

/// The company settings as the API returns them.
struct CompanyResponse: Encodable {
    let id: String
    let name: String
    let registeredName: String
    let registeredAddress: String
    let tin: String?
    let isVatRegistered: Bool
    let country: String
    let baseCurrency: String
    let timeZone: String
    let defaultLanguage: String
    let version: Int64

    init(_ company: Company) {
        let s = company.settings
        id = company.id.description
        name = s.name
        registeredName = s.registeredName
        registeredAddress = s.registeredAddress
        tin = s.tin?.formatted
        isVatRegistered = s.isVATRegistered
        country = s.country.rawValue
        baseCurrency = s.baseCurrency.code
        timeZone = s.timeZone.identifier
        defaultLanguage = s.defaultLanguage.rawValue
        version = company.version
    }
}

/// The body of `PATCH /api/v1/company`.
struct CompanyRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "name", "registered_name", "registered_address", "tin", "is_vat_registered", "country", "base_currency",
        "time_zone", "default_language", "version",
    ]
    var name: String?
    var registeredName: String?
    var registeredAddress: String?
    var tin: String??
    var isVatRegistered: Bool?
    var country: String?
    var baseCurrency: String?
    var timeZone: String?
    var defaultLanguage: String?
    var version: Int64?

    private enum CodingKeys: String, CodingKey {
        case name, registeredName, registeredAddress, tin, isVatRegistered, country, baseCurrency, timeZone
        case defaultLanguage, version
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        registeredName = try c.decodeIfPresent(String.self, forKey: .registeredName)
        registeredAddress = try c.decodeIfPresent(String.self, forKey: .registeredAddress)
        tin = try c.patch(String.self, forKey: .tin)
        isVatRegistered = try c.decodeIfPresent(Bool.self, forKey: .isVatRegistered)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        baseCurrency = try c.decodeIfPresent(String.self, forKey: .baseCurrency)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        defaultLanguage = try c.decodeIfPresent(String.self, forKey: .defaultLanguage)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    func apply(to draft: inout CompanySettingsDraft) {
        if let name { draft.name = name }
        if let registeredName { draft.registeredName = registeredName }
        if let registeredAddress { draft.registeredAddress = registeredAddress }
        if let tin { draft.tin = tin ?? "" }
        if let isVatRegistered { draft.isVATRegistered = isVatRegistered }
        if let country { draft.country = country }
        if let baseCurrency { draft.baseCurrency = baseCurrency }
        if let timeZone { draft.timeZone = timeZone }
        if let defaultLanguage { draft.defaultLanguage = defaultLanguage }
    }
}
