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
    static let leads = "/leads"
    static let newLead = "/leads/new"
    static let leadsExport = "/leads/export.csv"
    static func lead(_ id: Lead.ID) -> String { "/leads/\(id)" }
    static func editLead(_ id: Lead.ID) -> String { "/leads/\(id)/edit" }
    static func leadStatus(_ id: Lead.ID) -> String { "/leads/\(id)/status" }
    static func convertLead(_ id: Lead.ID) -> String { "/leads/\(id)/convert" }
    static let myDay = "/my-day"
    static let activities = "/activities"
    static let tasks = "/tasks"
    static func completeTask(_ id: TaskItem.ID) -> String { "/tasks/\(id)/complete" }
    static func reopenTask(_ id: TaskItem.ID) -> String { "/tasks/\(id)/reopen" }
    static let meetings = "/meetings"
    static let newMeeting = "/meetings/new"
    static func meeting(_ id: Meeting.ID) -> String { "/meetings/\(id)" }
    static let routing = "/settings/routing"
    static func deleteRule(_ id: RoutingRule.ID) -> String { "/settings/routing/\(id)/delete" }
    static let profileCalendar = "/profile/calendar"
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
