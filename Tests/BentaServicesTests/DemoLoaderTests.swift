import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import Testing

@Suite struct DemoLoaderTests {
    @Test(arguments: TestEngine.available)
    func demoLoadsOnceWithEveryRoleAndSpreadsAccountsOverManagers(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let services = Services(
                database: database, settings: ServiceSettings(bcryptCost: 4), logger: Logger(label: "test"))
            let loader = DemoLoader(services: services)
            #expect(try await loader.databaseIsEmpty())
            let summary = try await loader.load()
            #expect(summary.accounts == 150)
            #expect(summary.contacts >= 150 && summary.contacts <= 450)
            #expect(
                summary.logins.map(\.email) == [
                    "admin@demo.test", "head@demo.test", "manager1@demo.test", "manager2@demo.test",
                    "manager3@demo.test", "manager4@demo.test", "accountant@demo.test",
                ])
            let company = try await services.companies.company(summary.companyID)
            #expect(company.settings.baseCurrency == .php)
            #expect(company.settings.timeZone.identifier == "Asia/Manila")
            #expect(company.settings.tin?.formatted == "009-123-456-00000")
            let users = try await services.users.all(companyID: summary.companyID)
            let head = try #require(users.first { $0.role == .head })
            var counts: [User.ID: Int] = [:]
            var cursor: String?
            repeat {
                let page = try await services.accounts.list(
                    viewer: head.viewer, filter: AccountFilter(status: nil),
                    page: PageRequest(limit: 200, cursor: cursor))
                for account in page.items { counts[account.fields.ownerID, default: 0] += 1 }
                cursor = page.nextCursor
            } while cursor != nil
            // 150 customers plus the accounts that converted demo leads became.
            #expect(counts.values.reduce(0, +) == 156)
            #expect(counts.count == 4)
            #expect(counts.values.allSatisfy { $0 >= 30 && $0 <= 47 })
            // Leads in every status and source.
            let leads = try await services.leads.list(
                viewer: head.viewer, filter: LeadFilter(statuses: LeadStatus.allCases), page: PageRequest(limit: 200))
            #expect(Set(leads.items.map(\.status)) == Set(LeadStatus.allCases))
            #expect(Set(leads.items.map(\.fields.source)) == Set(LeadSource.allCases))
            // Every manager has a lived-in day: meetings and open tasks, some overdue.
            for manager in users.filter({ $0.role == .manager }) {
                let tasks = try await services.tasks.list(
                    viewer: manager.viewer, filter: TaskFilter(assigneeID: manager.id))
                #expect(tasks.count >= 5)
                #expect(tasks.contains { $0.dueAt < services.clock.now() })
                let meetings = try await services.meetings.list(
                    viewer: manager.viewer, from: services.clock.now().addingTimeInterval(-14 * 86400),
                    to: services.clock.now().addingTimeInterval(14 * 86400), involving: manager.id)
                #expect(meetings.count >= 5)
            }
            // Deals in every stage for every manager, some won and some lost.
            for manager in users.filter({ $0.role == .manager }) {
                let deals = try await services.deals.list(
                    viewer: manager.viewer, filter: DealFilter(ownerID: manager.id, status: nil),
                    page: PageRequest(limit: 200))
                let pipeline = try #require(try await services.deals.pipelines(viewer: manager.viewer).first)
                #expect(Set(deals.items.map(\.stageID)) == Set(pipeline.stages.map(\.id)))
                #expect(deals.items.contains { $0.status == .won } && deals.items.contains { $0.status == .lost })
            }
            // A catalogue in every tax category, with one product retired.
            let admin = try #require(users.first { $0.role == .admin })
            let catalogue = try await services.products.list(
                viewer: admin.viewer, filter: ProductFilter(isActive: nil), page: PageRequest(limit: 200)
            ).items
            #expect(catalogue.count >= 10)
            #expect(Set(catalogue.map(\.fields.taxCategory)) == Set(TaxCategory.allCases))
            #expect(catalogue.contains { !$0.fields.isActive } && catalogue.contains { $0.fields.priceIncludesTax })
            // Quotes in every state for every manager, from deals priced with catalogue lines.
            for manager in users.filter({ $0.role == .manager }) {
                let today = try await services.quotes.today(viewer: manager.viewer)
                let quotes = try await services.quotes.list(
                    viewer: manager.viewer, filter: QuoteFilter(ownerID: manager.id), page: PageRequest(limit: 200)
                ).items
                #expect(Set(quotes.map { $0.displayStatus(today: today) }) == Set(QuoteDisplayStatus.allCases))
                #expect(quotes.allSatisfy { !$0.fields.lines.isEmpty && ($0.status == .draft) == ($0.number == nil) })
            }
            // Contracts in every status for every manager, each with a billing schedule.
            for manager in users.filter({ $0.role == .manager }) {
                let contracts = try await services.contracts.list(
                    viewer: manager.viewer, filter: ContractFilter(ownerID: manager.id), page: PageRequest(limit: 200)
                ).items
                #expect(Set(contracts.map(\.status)) == Set(ContractStatus.allCases))
                #expect(contracts.allSatisfy { $0.fields.billingSchedule != nil })
                #expect(contracts.contains { $0.renewalTaskID != nil && $0.effectiveValue != $0.fields.value })
            }
            // Every demo login works with the documented password.
            _ = try await services.auth.login(
                email: "manager1@demo.test", password: DemoSummary.password, ip: "127.0.0.1", userAgent: "",
                replacing: nil)
            await #expect(throws: RecordError.self) { _ = try await loader.load() }
        }
    }
}
