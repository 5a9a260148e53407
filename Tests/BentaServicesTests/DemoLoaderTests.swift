import BentaCore
import BentaFormats
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import Testing

@Suite(.timeLimit(.minutes(20))) struct DemoLoaderTests {
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
            // A year of invoices for every manager: issued in ten or more months, some overdue, credit notes.
            let today = try await services.invoices.today(companyID: summary.companyID)
            for manager in users.filter({ $0.role == .manager }) {
                let invoices = try await services.invoices.list(
                    viewer: head.viewer, filter: InvoiceFilter(kind: .invoice, ownerID: manager.id, status: .issued),
                    page: PageRequest(limit: 200)
                ).items
                let months = Set(invoices.compactMap { $0.issueDate.map { $0.year * 12 + $0.month } })
                #expect(months.count >= 10)
                #expect(invoices.contains { $0.contractID != nil } && invoices.contains { $0.dealID != nil })
                let balances = try await services.invoices.balances(of: invoices)
                let statuses = invoices.compactMap { invoice in balances[invoice.id]?.status(of: invoice, today: today)
                }
                #expect(statuses.filter { $0 == .overdue }.count >= 3)
                #expect(statuses.contains(.issued))
                let notes = try await services.invoices.list(
                    viewer: head.viewer, filter: InvoiceFilter(kind: .creditNote, ownerID: manager.id),
                    page: PageRequest(limit: 200)
                ).items
                #expect(!notes.isEmpty)
                // The billing sweep left the latest contract entry as a draft to issue.
                let drafts = try await services.invoices.list(
                    viewer: head.viewer, filter: InvoiceFilter(kind: .invoice, ownerID: manager.id, status: .draft),
                    page: PageRequest(limit: 200)
                ).items
                #expect(drafts.contains { $0.contractID != nil })
            }
            // The register of the past year: consecutive numbers whose dates never go backwards.
            let accountant = try #require(users.first { $0.role == .accountant })
            for kind in InvoiceKind.allCases {
                let rows = try await services.invoices.register(
                    viewer: accountant.viewer, kind: kind, from: today.adding(days: -366), to: today.adding(days: 1))
                let sequences = rows.compactMap { row in
                    row.invoice.number.flatMap { Int($0.split(separator: "-").last ?? "") }
                }
                #expect(sequences.count == rows.count && !rows.isEmpty)
                #expect(sequences == Array(1...max(1, rows.count)))
                let dates = rows.compactMap(\.invoice.issueDate)
                #expect(dates == dates.sorted() && dates.count == rows.count)
                #expect(dates.allSatisfy { $0 <= today })
            }
            #expect(
                try await services.invoices.register(
                    viewer: accountant.viewer, kind: .invoice, from: today.adding(days: -366), to: today.adding(days: 1)
                ).count >= 100)
            // Collections on first start: every manager has a call to make about overdue invoices with a phone to
            // dial; calls were logged with a promise to pay and with a disputed invoice.
            for manager in users.filter({ $0.role == .manager }) {
                let open = try await services.collections.calls(
                    viewer: manager.viewer, open: true, assigneeID: nil, page: PageRequest(limit: 200)
                ).items
                #expect(open.contains { !$0.overdueInvoices.isEmpty && $0.contact.phone != nil })
            }
            let promises = try await services.collections.promises(
                viewer: head.viewer, accountID: nil, status: nil, page: PageRequest(limit: 200)
            ).items
            #expect(!promises.isEmpty)
            let report = try await services.collections.latePaymentReport(
                viewer: head.viewer, from: today.adding(days: -1), to: today.adding(days: 1), ownerID: nil)
            #expect(Set(report.reasons.map(\.reason)) == [.cashFlowProblem, .wrongAmount])
            // The year's money: paid, part-paid, late and unpaid invoices, some net of EWT with the 2307 pending; the
            // ledger's receivable per customer is what their invoices still have open.
            var all: [Invoice] = []
            var next: String?
            repeat {
                let page = try await services.invoices.list(
                    viewer: accountant.viewer, filter: InvoiceFilter(kind: .invoice, status: .issued),
                    page: PageRequest(limit: 200, cursor: next))
                all += page.items
                next = page.nextCursor
            } while next != nil
            let balances = try await services.invoices.balances(of: all)
            let statuses = all.compactMap { balances[$0.id]?.status(of: $0, today: today) }
            #expect(statuses.filter { $0 == .paid }.count >= all.count / 3)
            #expect(statuses.contains(.overdue))
            #expect(balances.values.contains { $0.paid.isPositive && $0.open.isPositive })
            #expect(balances.values.contains { $0.withheld.isPositive })
            var open: [Account.ID: Int64] = [:]
            for invoice in all { open[invoice.accountID, default: 0] += balances[invoice.id]?.open.minorUnits ?? 0 }
            let ledger = try await services.payments.receivablesByCustomer(viewer: accountant.viewer)
            #expect(open.filter { $0.value != 0 } == ledger.filter { $0.value != 0 })
            #expect(try await services.payments.unbalancedEntries(viewer: accountant.viewer).isEmpty)
            // A year of plans from costs (the last eleven months and this one), split among the four managers; the
            // default and a tiered commission plan; every past month's statements approved; the leaderboard and
            // trend show figures.
            let thisMonth = PlanMonth(containing: today)
            var month = (0..<11).reduce(thisMonth) { later, _ in later.previous }
            #expect(try await services.plans.plan(month: month.previous, viewer: head.viewer) == nil)
            while month <= thisMonth {
                let plan = try #require(try await services.plans.plan(month: month, viewer: head.viewer))
                #expect(plan.split.shares.count == 4 && plan.split.addsUp && plan.plan.targetRevenue.isPositive)
                #expect(plan.plan.inputs.costLines.count == 4)
                let statements = try await services.commission.statements(
                    month: month, userID: nil, viewer: head.viewer)
                let approvedCount = statements.filter { $0.status == .approved }.count
                #expect(
                    approvedCount == statements.count && statements.count == (month == thisMonth ? 0 : 4),
                    "\(month.text): \(statements.count) statements, \(approvedCount) approved")
                month = month.next
            }
            #expect(try await services.plans.plan(month: thisMonth.next, viewer: head.viewer) == nil)
            #expect(try await services.commission.planVersions(for: .companyDefault, viewer: head.viewer).count == 1)
            let paolo = try #require(users.first { $0.email.value == "manager2@demo.test" })
            let tiered = try await services.commission.planVersions(for: .user(paolo.id), viewer: head.viewer)
            #expect(tiered.count == 1)
            let approved = try await services.commission.statements(
                month: thisMonth.previous, userID: nil, viewer: head.viewer)
            #expect(approved.count == 4 && approved.allSatisfy { $0.status == .approved })
            let board = try await services.plans.leaderboard(month: thisMonth.previous, viewer: head.viewer)
            #expect(board.rows.count == 4 && board.rows.allSatisfy { $0.commissionSource == .statement })
            #expect(board.rows.contains { ($0.actual ?? .zero(.php)).isPositive })
            let trend = try await services.plans.trend(userID: nil, last: thisMonth, viewer: head.viewer)
            #expect(trend.months.suffix(4).allSatisfy { $0.plan.isPositive })
            #expect(trend.months.suffix(4).contains { $0.actual.isPositive })
            // Every demo login works with the documented password.
            _ = try await services.auth.login(
                email: "manager1@demo.test", password: DemoSummary.password, ip: "127.0.0.1", userAgent: "",
                replacing: nil)
            await #expect(throws: RecordError.self) { _ = try await loader.load() }
        }
    }
}

extension DemoLoaderTests {
    /// The demo's statements: one is imported (its lines matched where the matcher is sure, the rest waiting with
    /// their candidates, the interest credit with none, the bank charge set aside), and the next days are written as
    /// one file per format, which import and match; a second format of the same days adds nothing.
    @Test(arguments: TestEngine.available)
    func demoStatementsFillTheReviewQueueAndEveryFormatImports(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let services = Services(
                database: database, settings: ServiceSettings(bcryptCost: 4), logger: Logger(label: "test"))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "benta-demo-statements-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let summary = try await DemoLoader(services: services).load(statementsFolder: folder)
            let users = try await services.users.all(companyID: summary.companyID)
            let accountant = try #require(users.first { $0.role == .accountant }).viewer
            func lines(_ status: StatementLineStatus) async throws -> [StatementLineRecord] {
                try await services.payments.statementLines(
                    viewer: accountant, status: status, statementID: nil, page: PageRequest(limit: 200)
                ).items
            }
            let imported = try await services.payments.statements(viewer: accountant, page: PageRequest(limit: 10))
            #expect(imported.items.count == 1)
            #expect(imported.items.first?.lineCount == 8)
            #expect(try await lines(.matched).count >= 3)
            #expect(try await lines(.ignored).count >= 1)
            let waiting = try await lines(.unmatched)
            var withCandidates = 0
            var withNone = 0
            for line in waiting {
                let found = try await services.payments.candidates(for: line.id, viewer: accountant)
                if found.proposals.isEmpty { withNone += 1 } else { withCandidates += 1 }
            }
            #expect(withCandidates >= 2)
            #expect(withNone >= 1)
            // The next days, one file per format, each the same eight lines.
            #expect(
                summary.statementFiles.map(\.lastPathComponent) == [
                    "bdo-statement-2.camt053.xml", "bdo-statement-2.camt054.xml", "bdo-statement-2.mt940.sta",
                    "bdo-statement-2.ofx2.ofx", "bdo-statement-2.ofx1.ofx", "bdo-statement-2.csv",
                ])
            var references: [[String?]] = []
            for url in summary.statementFiles {
                let file = try BankFileReader.read(try Data(contentsOf: url))
                #expect(file.warnings.isEmpty, "\(url.lastPathComponent): \(file.warnings)")
                references.append(try #require(file.statements.first).lines.map(\.bankReference))
            }
            #expect(references.allSatisfy { $0.count == 8 && $0 == references[0] })
            let mt940 = try #require(summary.statementFiles.first { $0.pathExtension == "sta" })
            let first = try await services.payments.importStatement(
                try Data(contentsOf: mt940), fileName: mt940.lastPathComponent, bankAccountID: nil, profileID: nil,
                viewer: accountant)
            #expect(first.statements.first?.lineCount == 8)
            #expect(first.autoMatched >= 2)
            let csv = try #require(summary.statementFiles.first { $0.pathExtension == "csv" })
            let again = try await services.payments.importStatement(
                try Data(contentsOf: csv), fileName: csv.lastPathComponent, bankAccountID: nil, profileID: nil,
                viewer: accountant)
            #expect(again.statements.first?.lineCount == 0)
            #expect(again.statements.first?.duplicateCount == 8)
            // Still: the ledger's receivable per customer is what their invoices have open, every entry balances.
            var all: [Invoice] = []
            var next: String?
            repeat {
                let page = try await services.invoices.list(
                    viewer: accountant, filter: InvoiceFilter(kind: .invoice, status: .issued),
                    page: PageRequest(limit: 200, cursor: next))
                all += page.items
                next = page.nextCursor
            } while next != nil
            let balances = try await services.invoices.balances(of: all)
            var open: [Account.ID: Int64] = [:]
            for invoice in all { open[invoice.accountID, default: 0] += balances[invoice.id]?.open.minorUnits ?? 0 }
            let ledger = try await services.payments.receivablesByCustomer(viewer: accountant)
            #expect(open.filter { $0.value != 0 } == ledger.filter { $0.value != 0 })
            #expect(try await services.payments.unbalancedEntries(viewer: accountant).isEmpty)
        }
    }
}
