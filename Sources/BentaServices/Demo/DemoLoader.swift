import BentaCore
import BentaStore
import Foundation

/// What `benta demo` created, for printing the logins.
public struct DemoSummary: Sendable {
    public var companyID: Company.ID
    public var logins: [(email: String, role: Role)]
    public var accounts: Int
    public var contacts: Int
    /// The demo's bank statement files to import (see `loadStatements`), when a folder was given.
    public var statementFiles: [URL] = []
    public static let password = "benta-demo"
}

/// Loads the demo company of ``DemoDataset`` into an empty database, through the same validation as user input.
public struct DemoLoader: Sendable {
    let services: Services

    public init(services: Services) {
        self.services = services
    }

    /// Whether the database has no company yet (the demo is only loaded into an empty database).
    public func databaseIsEmpty() async throws -> Bool {
        try await services.companies.all().isEmpty
    }

    /// Loads the demo; refuses when the database already has a company. When `statementsFolder` is given, the
    /// demo's bank statement files are written there (one per format, `loadStatements`).
    public func load(accountCount: Int = 150, statementsFolder: URL? = nil) async throws -> DemoSummary {
        guard try await databaseIsEmpty() else {
            throw RecordError.conflict(
                code: "database_not_empty", detail: "The demo is only loaded into an empty database.")
        }
        let data = DemoDataset.make(accountCount: accountCount)
        let settings = CompanySettings(
            name: data.company.name, registeredName: data.company.registeredName,
            registeredAddress: data.company.address, tin: try TaxpayerID(parsing: data.company.tinDigits),
            isVATRegistered: true, country: .PH, baseCurrency: .php,
            timeZone: TimeZone(identifier: "Asia/Manila") ?? .gmt, defaultLanguage: .english)
        let company = try await services.companies.create(settings: settings)
        let people: [(String, String, Role)] = [
            ("admin@demo.test", "Andrea Villanueva", .admin),
            ("head@demo.test", "Ramon Dizon", .head),
            ("manager1@demo.test", "Kristine Bautista", .manager),
            ("manager2@demo.test", "Paolo Mendoza", .manager),
            ("manager3@demo.test", "Liza Magbanua", .manager),
            ("manager4@demo.test", "Jericho Ocampo", .manager),
            ("accountant@demo.test", "Rowena Castillo", .accountant),
        ]
        var users: [User] = []
        for (email, name, role) in people {
            users.append(
                try await services.users.add(
                    companyID: company.id, email: email, name: name, role: role, password: DemoSummary.password))
        }
        let managers = users.filter { $0.role == .manager }
        let luzon = try await services.users.addTeam(
            companyID: company.id, name: "Luzon", members: [managers[0].id, managers[1].id])
        let visMin = try await services.users.addTeam(
            companyID: company.id, name: "Visayas-Mindanao", members: [managers[2].id, managers[3].id])
        let clock = services.clock
        let contactCount = try await services.database.transaction { db in
            var contacts = 0
            for (index, demo) in data.accounts.enumerated() {
                let owner = managers[demo.ownerIndex % managers.count]
                var draft = AccountDraft()
                draft.name = demo.name
                draft.registeredName = demo.registeredName
                draft.tin = demo.tinDigits
                draft.billingAddress = demo.billingAddress
                draft.deliveryAddress = demo.deliveryAddress
                draft.phones = demo.phones
                draft.email = demo.email
                draft.website = demo.website
                draft.industry = demo.industry
                draft.ownerID = owner.id.description
                // Key accounts are shared with the owner's team, so a colleague can cover when the owner is away.
                if demo.tags.contains("key-account") {
                    draft.teamID = (demo.ownerIndex % managers.count < 2 ? luzon.id : visMin.id).description
                }
                draft.tags = demo.tags
                draft.notes = demo.notes
                let now = clock.now().addingTimeInterval(TimeInterval(index) / 1000)
                let account = Account(
                    id: clock.newID(), companyID: company.id, fields: try draft.validated(defaultCountry: .PH),
                    status: demo.isArchived ? .archived : .active, createdAt: now, updatedAt: now, version: 1)
                try await AccountStore(db).insert(account)
                for person in demo.contacts {
                    var contactDraft = ContactDraft()
                    contactDraft.accountID = account.id.description
                    contactDraft.name = person.name
                    contactDraft.position = person.position
                    contactDraft.phones = person.phones
                    contactDraft.emails = person.emails
                    contactDraft.preferredChannel = person.preferredChannel
                    contactDraft.notes = person.notes
                    let contact = Contact(
                        id: clock.newID(), companyID: company.id,
                        fields: try contactDraft.validated(defaultCountry: .PH), status: .active, createdAt: now,
                        updatedAt: now, version: 1)
                    try await ContactStore(db).insert(contact)
                    contacts += 1
                }
            }
            return contacts
        }
        if let admin = users.first(where: { $0.role == .admin }) {
            _ = try await loadProducts(admin: admin)
        }
        _ = try await loadActivities(companyID: company.id, managers: managers)
        _ = try await loadDeals(companyID: company.id, managers: managers)
        _ = try await loadQuotes(managers: managers)
        _ = try await loadContracts(managers: managers)
        _ = try await loadInvoices(companyID: company.id, users: users, managers: managers)
        _ = try await loadPayments(companyID: company.id, users: users)
        let files = try await loadStatements(companyID: company.id, users: users, folder: statementsFolder)
        _ = try await loadCollections(companyID: company.id, managers: managers)
        _ = try await loadPlans(users: users)
        return DemoSummary(
            companyID: company.id, logins: users.map { ($0.email.value, $0.role) }, accounts: data.accounts.count,
            contacts: contactCount, statementFiles: files)
    }
}
