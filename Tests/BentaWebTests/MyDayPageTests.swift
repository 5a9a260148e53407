import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// My day as the manager's dashboard (issue 14 item 3, issue 13's manager dashboard): money and calls first with
/// `tel:` links and a quick outcome form, only the manager's own customers, the plan's progress bar with the
/// attainment API's figures, the pipeline by stage, tasks that name their record, newest leads first; the head and
/// the accountant get their own page without "New lead".
@Suite(.timeLimit(.minutes(20))) struct MyDayPageTests {
    /// Issues an invoice of `net` + 12% VAT to `account` by its owner.
    static func issue(_ world: TestWorld, net: String, by owner: User, for account: Account) async throws {
        var line = LineDraft()
        line.description = "Toner cartridges"
        line.quantity = "1"
        line.unitPrice = net
        line.taxCategory = "vatable"
        var draft = InvoiceDraft()
        draft.accountID = account.id.description
        draft.lines = [line]
        draft.pricesIncludeTax = false
        let made = try await world.services.invoices.create(draft, viewer: owner.viewer)
        _ = try await world.services.invoices.issue(made.id, viewer: owner.viewer, expectedVersion: nil)
    }

    /// manager1's Tala Foods owes ₱11,200 and manager2's Dagat Logistics ₱22,400, both 90 days after issue, each
    /// with a collection call open for its owner.
    static func overdueCustomers(_ world: TestWorld) async throws -> (tala: CollectionCall, dagat: CollectionCall) {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        try await issue(world, net: "10000", by: world.manager1, for: world.manager1Accounts[0])
        try await issue(world, net: "20000", by: world.manager2, for: world.manager2Accounts[0])
        world.clock.advance(by: 90 * 86_400)
        let today = world.company.settings.today(at: world.clock.now).iso8601String
        let tala = try await world.services.collections.createCall(
            accountID: world.manager1Accounts[0].id.description, dueOn: today, assigneeID: nil,
            viewer: world.manager1.viewer
        ).call
        let dagat = try await world.services.collections.createCall(
            accountID: world.manager2Accounts[0].id.description, dueOn: today, assigneeID: nil,
            viewer: world.manager2.viewer
        ).call
        return (tala, dagat)
    }

    /// Where `marker` first appears in `text` (the end of the text when it does not).
    static func position(of marker: String, in text: String) -> String.Index {
        text.range(of: marker)?.lowerBound ?? text.endIndex
    }

    @Test(arguments: TestEngine.available)
    func aManagerSeesTheirCallsAndOverdueCustomersFirstAndNoOneElses(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let (tala, dagat) = try await Self.overdueCustomers(world)
            var task = TaskDraft()
            task.title = "Send the statement"
            task.dueAt = world.clock.now
            _ = try await world.services.tasks.create(task, viewer: world.manager1.viewer)

            let manager = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/my-day", as: manager)
            #expect(page.status == .ok)
            let text = page.text
            // Calls and overdue customers come before tasks and meetings.
            let calls = Self.position(of: "id=\"my-day-calls\"", in: text)
            let overdue = Self.position(of: "id=\"my-day-overdue-customers\"", in: text)
            let tasks = Self.position(of: "id=\"today-heading\"", in: text)
            #expect(calls < overdue && overdue < tasks && tasks < text.endIndex)
            #expect(text.contains("href=\"tel:+639175550101\"") && text.contains("Maria Santos"))
            #expect(text.contains("action=\"/collections/calls/\(tala.id)/outcome\""))
            #expect(text.contains("href=\"/accounts/\(world.manager1Accounts[0].id)\">Tala Foods</a>"))
            #expect(text.contains("1 customers owe ₱11,200.00 on 1 overdue invoices."))
            #expect(text.contains("href=\"/accounts/\(world.manager1Accounts[0].id)/statement\">1</a>"))
            #expect(text.contains("href=\"/receivables/overdue\""))
            #expect(text.contains("href=\"/leads/new\""))
            // Nothing of manager2's customer or call.
            #expect(!text.contains("Dagat") && !text.contains("22,400.00") && !text.contains(dagat.id.description))

            // The teammate who shares Tala Foods sees neither its call nor its debt as their own.
            let teammate = try await client.login("manager3@test.ph")
            let theirs = try await client.browse(.get, "/my-day", as: teammate)
            #expect(theirs.status == .ok && !theirs.text.contains("Tala Foods"))
            let other = try await client.login("manager2@test.ph")
            let others = try await client.browse(.get, "/my-day", as: other)
            #expect(others.text.contains("Dagat Logistics") && !others.text.contains("Tala Foods"))

            // The quick form logs the call; it leaves My day.
            let logged = try await client.browse(
                .post, "/collections/calls/\(tala.id)/outcome", as: manager,
                form: [("version", "1"), ("reason", "cash_flow_problem"), ("note", "Pays Friday")])
            #expect(logged.status == .seeOther || logged.status == .found)
            let after = try await client.browse(.get, "/my-day", as: manager)
            #expect(!after.text.contains("action=\"/collections/calls/\(tala.id)/outcome\""))
            #expect(after.text.contains("Tala Foods"))

            try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let fil = try await client.browse(.get, "/my-day", as: manager)
            #expect(fil.status == .ok && fil.text.contains("Mga customer kong overdue"))
        }
    }

    @Test(arguments: TestEngine.available)
    func theProgressBarShowsTheAttainmentAPIFiguresEarningsAndThePipelineByStage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            // ₱2.3M credited against a ₱2.0M plan, 10% over plan.
            _ = try await CommissionWebTests.seed(world)
            for (owner, account, amount) in [
                (world.manager1, world.manager1Accounts[0], "50000.00"),
                (world.manager1, world.manager1Accounts[1], "25000.00"),
                (world.manager2, world.manager2Accounts[0], "999000.00"),
            ] {
                var deal = DealDraft()
                deal.accountID = account.id.description
                deal.title = "Printers for \(account.fields.name)"
                deal.amount = amount
                deal.expectedClose = "2026-11-30"
                _ = try await world.services.deals.create(deal, viewer: owner.viewer)
            }

            let manager = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/my-day", as: manager)
            #expect(page.status == .ok)
            let token = try await world.token(world.manager1)
            let json = try await client.api(.get, "/api/v1/plans/2026-11/attainment", token: token).json()
            let rows = try #require(json["rows"] as? [[String: Any]])
            let row = try #require(rows.first)
            let money = MoneyFormatter()
            for (id, key) in [("plan-figure", "plan"), ("actual-figure", "actual"), ("gap-figure", "gap")] {
                let figure = try Money(decimalString: try #require(row[key] as? String), currency: .php)
                #expect(page.text.contains("<dd id=\"\(id)\">\(money.format(figure))</dd>"), "\(key)")
            }
            #expect(page.text.contains("<dd id=\"plan-figure\">₱2,000,000.00</dd>"))
            let percent = try #require(row["attainment_percent"] as? String)
            #expect(page.text.contains("<dd id=\"attainment-figure\">\(percent)%</dd>"))
            #expect(page.text.contains("aria-label=\"\(percent)% of this month"))
            // Above plan, the bar is full.
            #expect(page.text.contains("width=\"200\" height=\"14\" fill=\"#16a34a\""))
            #expect(page.text.contains("href=\"/plans/2026-11/attainment\""))

            // Earnings as the commission estimate has them: ₱30,000 so far, ₱37,500 if the ₱75,000 close.
            let estimate = try await world.services.commission.estimate(
                month: CommissionWebTests.november, userID: nil, viewer: world.manager1.viewer)
            #expect(page.text.contains("<dd id=\"earned-figure\">\(money.format(estimate.current.earned))</dd>"))
            #expect(
                page.text.contains("<dd id=\"projected-figure\">\(money.format(estimate.withDeals.earned))</dd>"))
            #expect(page.text.contains("<dd id=\"earned-figure\">₱30,000.00</dd>"))
            #expect(page.text.contains("<dd id=\"projected-figure\">₱37,500.00</dd>"))

            // Both of manager1's deals in the first stage, not manager2's.
            let pipelines = try await world.services.deals.pipelines(viewer: world.manager1.viewer)
            let first = try #require(pipelines.first(where: \.isDefault)?.stages.first)
            let link = "/deals/list?stage_id=\(first.id)&amp;owner_id=\(world.manager1.id)"
            #expect(page.text.contains("<td class=\"num\"><a href=\"\(link)\">2</a></td>"))
            #expect(page.text.contains("₱75,000.00") && !page.text.contains("999,000.00"))

            // Without a plan for the month: no bar, no earnings.
            let other = try await client.login("manager3@test.ph")
            let without = try await client.browse(.get, "/my-day", as: other)
            #expect(without.status == .ok && !without.text.contains("id=\"earned-figure\""))
            #expect(
                !without.text.contains("id=\"plan-figure\"") && without.text.contains("No plan for this month yet."))
        }
    }

    @Test(arguments: TestEngine.available)
    func tasksNameTheirRecordAndNewLeadsComeNewestFirst(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let viewer = world.manager1.viewer
            var call = TaskDraft()
            call.title = "Call about the renewal"
            call.dueAt = world.clock.now
            call.accountID = world.manager1Accounts[0].id.description
            _ = try await world.services.tasks.create(call, viewer: viewer)
            var older = LeadDraft()
            older.personName = "Aurora Older"
            let aurora = try await world.services.leads.create(older, viewer: viewer, companyID: world.company.id).lead
            world.clock.advance(by: 60)
            var newer = LeadDraft()
            newer.companyName = "Zamboanga Newest Trading"
            _ = try await world.services.leads.create(newer, viewer: viewer, companyID: world.company.id)
            var followUp = TaskDraft()
            followUp.title = "Follow up"
            followUp.dueAt = world.clock.now
            followUp.leadID = aurora.id.description
            _ = try await world.services.tasks.create(followUp, viewer: viewer)

            let manager = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/my-day", as: manager)
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/accounts/\(world.manager1Accounts[0].id)\">Tala Foods</a>"))
            #expect(page.text.contains("href=\"/leads/\(aurora.id)\">Aurora Older</a>"))
            #expect(!page.text.contains("Open record"))
            let leads = Self.position(of: "id=\"my-day-new-leads\"", in: page.text)
            let tail = String(page.text[leads...])
            #expect(
                Self.position(of: "Zamboanga Newest Trading", in: tail) < Self.position(of: "Aurora Older", in: tail))
            #expect(tail.contains("Aurora Older"))
            // The quick "Log a call" entry finds the customer or lead.
            #expect(page.text.contains("id=\"log-a-call\"") && page.text.contains("action=\"/search\""))
        }
    }

    @Test(arguments: TestEngine.available)
    func theHeadAndTheAccountantGetTheirOwnPageWithoutNewLead(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            _ = try await Self.overdueCustomers(world)
            _ = try await world.services.payments.record(
                PaymentDraft(
                    accountID: world.manager1Accounts[1].id.description, receivedOn: "2026-11-30", amount: "100.00",
                    method: "cash"), viewer: world.accountant.viewer)

            let head = try await client.login("head@test.ph")
            let headPage = try await client.browse(.get, "/my-day", as: head)
            #expect(headPage.status == .ok)
            #expect(!headPage.text.contains("href=\"/leads/new\""))
            #expect(headPage.text.contains("id=\"my-day-head\"") && headPage.text.contains("href=\"/dashboard\""))
            #expect(!headPage.text.contains("id=\"my-day-overdue-customers\""))
            #expect(!headPage.text.contains("id=\"my-day-money-queue\""))

            let accountant = try await client.login("accountant@test.ph")
            let page = try await client.browse(.get, "/my-day", as: accountant)
            #expect(page.status == .ok)
            #expect(!page.text.contains("href=\"/leads/new\""))
            #expect(!page.text.contains("id=\"my-day-plan\"") && !page.text.contains("id=\"my-day-head\""))
            #expect(page.text.contains("id=\"my-day-money-queue\""))
            #expect(
                page.text.contains(
                    "<li id=\"queue-payments\"><a href=\"/payments\">Payments to allocate</a>: <strong>1</strong></li>")
            )
            #expect(
                page.text.contains(
                    "<li id=\"queue-statement-lines\"><a href=\"/bank-statements/queue\">Statement lines to review</a>: "
                        + "<strong>0</strong></li>"))
            #expect(page.text.contains("<li id=\"queue-certificates\">"))
            try await world.services.users.setLanguage(.filipino, for: world.accountant.id)
            let fil = try await client.browse(.get, "/my-day", as: accountant)
            #expect(fil.status == .ok && fil.text.contains("Mga bayad na ilalaan"))
        }
    }
}
