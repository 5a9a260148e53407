import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The menu's "Reports" entry and its page (issue 14): every role reaches the report pages that were linked only
/// from receivables, collections and the dashboards; each listed report (and CSV) opens for that role; the invoice
/// register is not listed for a manager (it refuses them) and the head's dashboard only for the head and the admin;
/// both languages.
@Suite(.timeLimit(.minutes(20))) struct ReportsPageTests {
    /// The `href`s inside the page's report list.
    static func reportLinks(_ html: String) -> [String] {
        guard let start = html.range(of: "<ul class=\"report-list\">"),
            let end = html.range(of: "</ul>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "href=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }

    @Test(arguments: TestEngine.available)
    func everyRoleReachesItsReportsFromTheMenu(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let month = PlanMonth(containing: try await world.services.invoices.today(companyID: world.company.id))
            let receivables = [
                "/receivables", "/receivables/aging.csv", "/receivables/overdue", "/receivables/overdue.csv",
                "/collections/late-payments", "/collections/late-payments.csv", "/receivables/unpaid-past-term",
            ]
            let sales = ["/plans/\(month.text)/attainment", "/plans/\(month.text)/leaderboard"]
            for (user, finance, director) in [
                (world.manager1, false, false), (world.accountant, true, false), (world.head, true, true),
                (world.admin, true, true),
            ] {
                let session = try await client.login(user.email.value)
                let myDay = try await client.browse(.get, "/my-day", as: session)
                #expect(myDay.text.contains("<a href=\"/reports\">Reports</a>"), "no menu entry for \(user.role)")

                let page = try await client.browse(.get, "/reports", as: session)
                #expect(page.status == .ok)
                #expect(page.text.contains("<h1>Reports</h1>"))
                #expect(page.text.contains("href=\"/reports\" class=\"active\" aria-current=\"page\""))
                let links = Self.reportLinks(page.text)
                let expected =
                    receivables + (finance ? ["/invoices/register"] : []) + sales + (director ? ["/dashboard"] : [])
                    + (finance ? ["/audit"] : [])
                #expect(links == expected, "\(user.role): \(links)")
                for link in links {
                    let answer = try await client.browse(.get, link, as: session)
                    #expect(answer.status == .ok, "\(user.role) opening \(link): \(answer.status)")
                }
            }

            _ = try await world.services.users.setLanguage(.filipino, for: world.manager1.id)
            let filipino = try await client.login(world.manager1.email.value)
            let page = try await client.browse(.get, "/reports", as: filipino)
            #expect(page.text.contains("<a href=\"/reports\" class=\"active\" aria-current=\"page\">Mga Ulat</a>"))
            #expect(page.text.contains("<h1>Mga Ulat</h1>"))
            #expect(page.text.contains("Aging ng mga singilin, DSO at CEI"))
            #expect(page.text.contains("I-export ang CSV"))
            #expect(!page.text.contains("Export CSV"))
        }
    }
}
