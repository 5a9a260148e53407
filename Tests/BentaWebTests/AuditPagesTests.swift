import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// The audit trail's pages (issue 15): a record page links to its history; the history page shows each change
/// with its fields before and after under readable names, to whoever may see the record and to no one else; the
/// auditors' CSV downloads for the accountant and is refused to a manager.
@Suite(.timeLimit(.minutes(20))) struct AuditPagesTests {
    @Test(arguments: TestEngine.available)
    func historyPageAndAuditorsCSV(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let account = world.manager1Accounts[1]
            _ = try await world.services.accounts.update(
                account.id, viewer: world.manager1.viewer.inRequest("page-req-1"), expectedVersion: nil
            ) { $0.billingAddress = "12 Rizal Street, Cebu City" }
            let session = try await client.login("manager1@test.ph")
            let detail = try await client.browse(.get, "/accounts/\(account.id)", as: session)
            let historyURL = "/history/account/\(account.id)"
            #expect(detail.text.contains("href=\"\(historyURL)\""))
            let page = try await client.browse(.get, historyURL, as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Billing address"))
            #expect(page.text.contains("12 Rizal Street, Cebu City"))
            #expect(page.text.contains("page-req-1"))
            let other = try await client.login("manager2@test.ph")
            #expect(try await client.browse(.get, historyURL, as: other).status == .notFound)

            let accountant = try await client.login("accountant@test.ph")
            let form = try await client.browse(.get, "/audit", as: accountant)
            #expect(form.status == .ok && form.text.contains("name=\"from\""))
            let csv = try await client.browse(.get, "/audit/export", as: accountant)
            #expect(csv.status == .ok)
            #expect(csv.text.contains("chain_hash") && csv.text.contains("page-req-1"))
            #expect(try await client.browse(.get, "/audit/export", as: session).status == .forbidden)
            #expect(try await client.browse(.get, "/audit", as: session).status == .forbidden)
        }
    }
}
