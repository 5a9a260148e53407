import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Each company's own duties on the web (issue 13): the admin's page and API, and each duty's buttons, forms and
/// menu entries hidden from a role without it while a direct POST or API call is still refused (403, problem+json
/// `duty_required` naming the duty).
@Suite(.timeLimit(.minutes(20))) struct DutySettingsWebTests {
    static func set(_ world: TestWorld, _ changes: [Role: Set<Duty>]) async throws {
        var draft = DutySettingsDraft(duties: [:], discountLimitPercent: "", collectorID: "")
        for each in DutySettings.configurableRoles {
            draft.duties[each] = (changes[each] ?? DutySettings.standard.duties(of: each)).map(\.rawValue)
        }
        _ = try await world.services.companies.updateDuties(draft, expectedVersion: nil, viewer: world.admin.viewer)
    }

    /// The admin's page shows a checkbox per role and duty and saves the form; other roles are refused the page and
    /// the change (page and API); the API answers what the page saved.
    @Test(arguments: TestEngine.available)
    func theAdminSetsTheDutiesOnThePage(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let page = try await client.browse(.get, "/settings/duties", as: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"manager\" value=\"issue_invoices\""))
            #expect(page.text.contains("id=\"duty-accountant-change_deals\""))
            let manager = try await client.login("manager1@test.ph")
            #expect(try await client.browse(.get, "/settings/duties", as: manager).status == .forbidden)
            let sneaky = try await client.browse(
                .post, "/settings/duties", as: manager, form: [("manager", "record_payments")])
            #expect(sneaky.status == .forbidden)
            var form: [(String, String)] = [("head", "issue_invoices"), ("manager", "change_deals")]
            form += [("accountant", "record_payments"), ("discount_limit_percent", "abc")]
            let bad = try await client.browse(.post, "/settings/duties", as: admin, form: form)
            #expect(bad.status == .unprocessableContent && bad.text.contains("discount_limit_percent-error"))
            form[3] = ("discount_limit_percent", "10")
            let saved = try await client.browse(.post, "/settings/duties", as: admin, form: form)
            #expect(saved.status == .seeOther)
            let token = try await world.token(world.manager1)
            let json = try await client.api(.get, "/api/v1/settings/duties", token: token).json()
            #expect(json["manager"] as? [String] == ["change_deals"])
            #expect(json["accountant"] as? [String] == ["record_payments"])
            #expect(json["discount_limit_percent"] as? String == "10")
            let refused = try await client.api(.put, "/api/v1/settings/duties", token: token, json: #"{"manager": []}"#)
            #expect(refused.status == .forbidden)
        }
    }

    /// Without `issue_invoices`: the invoice page offers no issue, a posted issue is refused on the page and in the
    /// API (problem+json naming the duty), the invoice stays a draft; with it again, the manager issues.
    @Test(arguments: TestEngine.available)
    func issueInvoicesOnPagesAndAPI(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let invoice = try await world.draftInvoice(account: world.manager1Accounts[0], net: "1000")
            let session = try await client.login("manager1@test.ph")
            let offered = try await client.browse(.get, "/invoices/\(invoice.id)", as: session)
            #expect(offered.text.contains("?confirm=issue"))
            try await Self.set(world, [.manager: DutySettings.standard.manager.subtracting([.issueInvoices])])
            let page = try await client.browse(.get, "/invoices/\(invoice.id)", as: session)
            #expect(page.status == .ok && !page.text.contains("?confirm=issue"))
            let posted = try await client.browse(
                .post, "/invoices/\(invoice.id)/issue", as: session, form: [("version", "1")])
            #expect(posted.status == .forbidden)
            let token = try await world.token(world.manager1)
            let api = try await client.api(
                .post, "/api/v1/invoices/\(invoice.id)/issue", token: token, json: #"{"version": 1}"#)
            #expect(api.status == .forbidden)
            let problem = try api.json()
            #expect(problem["code"] as? String == "duty_required")
            #expect((problem["detail"] as? String)?.contains("issue_invoices") == true)
            #expect(try await world.services.invoices.invoice(invoice.id, viewer: world.head.viewer).status == .draft)
        }
    }

    /// The menus and buttons follow the duties: the payments entry and "New payment" appear for a manager given
    /// `record_payments`, the calls entry goes when managers make no calls, and the accountant's deal board offers
    /// "New deal" only once the accountant changes deals.
    @Test(arguments: TestEngine.available)
    func menusAndButtonsFollowTheDuties(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let manager = try await client.login("manager1@test.ph")
            var myDay = try await client.browse(.get, "/my-day", as: manager)
            #expect(
                !myDay.text.contains("href=\"/payments\"") && myDay.text.contains("<li><a href=\"/collections/calls\">")
            )
            let accountant = try await client.login("accountant@test.ph")
            #expect(!(try await client.browse(.get, "/deals", as: accountant)).text.contains("href=\"/deals/new\""))
            try await Self.set(
                world,
                [
                    .manager: DutySettings.standard.manager.union([.recordPayments]).subtracting([.makeCollectionCalls]
                    ),
                    .accountant: DutySettings.standard.accountant.union([.changeDeals]),
                ])
            myDay = try await client.browse(.get, "/my-day", as: manager)
            #expect(
                myDay.text.contains("href=\"/payments\"") && !myDay.text.contains("<li><a href=\"/collections/calls\">")
            )
            let payments = try await client.browse(.get, "/payments", as: manager)
            #expect(payments.status == .ok && payments.text.contains("href=\"/payments/new\""))
            #expect(try await client.browse(.get, "/deals", as: accountant).text.contains("href=\"/deals/new\""))
        }
    }
}
