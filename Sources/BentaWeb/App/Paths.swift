import BentaCore
import Foundation

/// Every path of Benta, used both to register routes and to build links, so a link cannot drift from its route.
enum Paths {
    // Platform
    static let health = "/health"
    static let ready = "/ready"
    static let openAPI = "/openapi.json"
    static let stylesheet = "/static/app.css"

    // Pages
    static let home = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let accounts = "/accounts"
    static let newAccount = "/accounts/new"
    static let accountsExport = "/accounts/export.csv"
    static func account(_ id: Account.ID) -> String { "/accounts/\(id)" }
    static func editAccount(_ id: Account.ID) -> String { "/accounts/\(id)/edit" }
    static func archiveAccount(_ id: Account.ID) -> String { "/accounts/\(id)/archive" }
    static func unarchiveAccount(_ id: Account.ID) -> String { "/accounts/\(id)/unarchive" }
    static let contacts = "/contacts"
    static let newContact = "/contacts/new"
    static let contactsExport = "/contacts/export.csv"
    static func contact(_ id: Contact.ID) -> String { "/contacts/\(id)" }
    static func editContact(_ id: Contact.ID) -> String { "/contacts/\(id)/edit" }
    static func archiveContact(_ id: Contact.ID) -> String { "/contacts/\(id)/archive" }
    static func unarchiveContact(_ id: Contact.ID) -> String { "/contacts/\(id)/unarchive" }
    static let companySettings = "/settings/company"
    static let users = "/settings/users"
    static func user(_ id: User.ID) -> String { "/settings/users/\(id)" }
    static let teams = "/settings/teams"
    static let profile = "/profile"
    static let profileLanguage = "/profile/language"
    static let profileTokens = "/profile/tokens"
    static func revokeToken(_ id: String) -> String { "/profile/tokens/\(id)/revoke" }
    static let language = "/language"

    // API
    static let apiPrefix = "/api/v1"
}
