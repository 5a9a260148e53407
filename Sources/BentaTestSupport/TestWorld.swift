import BentaCore
import BentaServices
import BentaStore
import Foundation
import Logging

/// A clock tests can move; every service of a ``TestWorld`` reads it.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_796_000_000)) {
        current = start
    }

    /// Every reading is one millisecond after the previous one, like a real clock, so records made one after
    /// the other in a test have distinct, ordered times.
    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(0.001)
        return current
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    public var appClock: AppClock { AppClock(now: { self.now }) }
}

/// A small company with one user per role and a few accounts, on a fresh database.
///
/// manager1 and manager3 share the team "North"; manager2 is alone. Each manager owns two accounts with a contact.
public struct TestWorld: Sendable {
    public static let password = "correct horse battery"

    public let services: Services
    public let clock: TestClock
    public let company: Company
    public let admin: User
    public let head: User
    public let manager1: User
    public let manager2: User
    public let manager3: User
    public let accountant: User
    public let north: Team
    /// manager1's accounts: "Tala Foods" (shared with North) and "Bituin Hardware".
    public let manager1Accounts: [Account]
    /// manager2's accounts: "Dagat Logistics" and "Perlas Pharmacy".
    public let manager2Accounts: [Account]
    public let manager1Contact: Contact
    public let manager2Contact: Contact

    public static func make(
        database: any AppDatabase, settings: ServiceSettings = ServiceSettings(bcryptCost: 4, appliesLoginDelays: false)
    ) async throws -> TestWorld {
        let clock = TestClock()
        var logger = Logger(label: "benta-test")
        logger.logLevel = .critical
        let services = Services(database: database, clock: clock.appClock, settings: settings, logger: logger)
        let company = try await services.companies.create(
            settings: CompanySettings(
                name: "Bituin Office Solutions", registeredName: "Bituin Office Solutions Inc.",
                registeredAddress: "6767 Ayala Avenue, Makati City", tin: try TaxpayerID(parsing: "009123456"),
                isVATRegistered: true, country: .PH, baseCurrency: .php,
                timeZone: TimeZone(identifier: "Asia/Manila") ?? .gmt, defaultLanguage: .english))
        func user(_ email: String, _ name: String, _ role: Role) async throws -> User {
            try await services.users.add(
                companyID: company.id, email: email, name: name, role: role, password: password)
        }
        let admin = try await user("admin@test.ph", "Andrea Admin", .admin)
        let head = try await user("head@test.ph", "Ramon Head", .head)
        let manager1 = try await user("manager1@test.ph", "Kristine Uno", .manager)
        let manager2 = try await user("manager2@test.ph", "Paolo Dos", .manager)
        let manager3 = try await user("manager3@test.ph", "Liza Tres", .manager)
        let accountant = try await user("accountant@test.ph", "Rowena Accountant", .accountant)
        let north = try await services.users.addTeam(
            companyID: company.id, name: "North", members: [manager1.id, manager3.id])

        func account(
            _ owner: User, _ name: String, phone: String, tin: String, team: Team? = nil
        ) async throws
            -> Account
        {
            var draft = AccountDraft()
            draft.name = name
            draft.registeredName = "\(name) Corp."
            draft.tin = tin
            draft.phones = [phone]
            draft.email = "info@\(name.lowercased().replacingOccurrences(of: " ", with: "")).ph"
            draft.teamID = team?.id.description ?? ""
            draft.tags = ["test"]
            return try await services.accounts.create(draft, viewer: owner.viewer)
        }
        func contact(_ owner: User, _ account: Account, _ name: String, phone: String) async throws -> Contact {
            var draft = ContactDraft()
            draft.accountID = account.id.description
            draft.name = name
            draft.phones = [phone]
            draft.emails = ["\(name.split(separator: " ")[0].lowercased())@example.ph"]
            return try await services.contacts.create(draft, viewer: owner.viewer)
        }
        let tala = try await account(manager1, "Tala Foods", phone: "0917 111 0001", tin: "111222333", team: north)
        let bituin = try await account(manager1, "Bituin Hardware", phone: "02 8111 0002", tin: "111222444")
        let dagat = try await account(manager2, "Dagat Logistics", phone: "0918 222 0001", tin: "222333444")
        let perlas = try await account(manager2, "Perlas Pharmacy", phone: "(032) 222 0002", tin: "222333555")
        let maria = try await contact(manager1, tala, "Maria Santos", phone: "0917 555 0101")
        let jose = try await contact(manager2, dagat, "Jose Reyes", phone: "0918 555 0202")
        return TestWorld(
            services: services, clock: clock, company: company, admin: admin, head: head, manager1: manager1,
            manager2: manager2, manager3: manager3, accountant: accountant, north: north,
            manager1Accounts: [tala, bituin], manager2Accounts: [dagat, perlas], manager1Contact: maria,
            manager2Contact: jose)
    }
}
