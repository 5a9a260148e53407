import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The leaderboard ranked by collected revenue and by commission (issue 13), on the page (a plain GET form with a
/// select), in the API (`?by=`, anything else 422) and as CSV with the page's visibility and neutralised formula
/// cells, on both engines. manager2 invoices ₱230,000 unpaid (13.1% of ₱1.75M), manager1 ₱100,000 paid in full (5.0%
/// of ₱2.0M) at a 20% flat rate of their own against everyone else's 5%: attainment ranks manager2 first, collected
/// revenue and commission rank manager1 first.
@Suite(.timeLimit(.minutes(20))) struct LeaderboardOrderWebTests {
    static func seed(_ world: TestWorld, client: some TestClientProtocol) async throws {
        try await PlansWebTests.issueInvoice(world, net: "230000", by: world.manager2, for: world.manager2Accounts[0])
        let invoice = try await world.issuedInvoice(
            account: world.manager1Accounts[0], net: "100000", owner: world.manager1)
        _ = try await world.services.payments.record(
            PaymentDraft(
                accountID: world.manager1Accounts[0].id.description, receivedOn: "2026-11-30", amount: "112000.00",
                currency: "", method: "bank_transfer", reference: "LB-1",
                allocations: [AllocationDraft(invoiceID: invoice.id.description, amount: "112000.00")]),
            viewer: world.accountant.viewer)
        let head = try await client.login("head@test.ph")
        _ = try await client.browse(.post, "/plans/2026-11", as: head, form: PlansWebTests.form(world))
        let month = PlanMonth(year: 2026, month: 11)!
        let php = { (text: String) throws -> Money in try Money(decimalString: text, currency: .php) }
        _ = try await world.services.commission.savePlan(
            try CommissionPlan(currency: .php, baseSalary: try php("25000"), structure: .flat(ratePercent: 5)),
            for: .companyDefault, effectiveFrom: month, reason: "Flat", viewer: world.head.viewer)
        _ = try await world.services.commission.savePlan(
            try CommissionPlan(currency: .php, baseSalary: try php("25000"), structure: .flat(ratePercent: 20)),
            for: .user(world.manager1.id), effectiveFrom: month, reason: "Senior rate", viewer: world.head.viewer)
    }

    struct Board: Decodable {
        struct Row: Decodable {
            let rank: Int
            let managerId: String
            let collected: String?
            let commission: String?
        }

        let rankedBy: String
        let rows: [Row]
    }

    static func board(_ response: TestResponse) throws -> Board {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Board.self, from: Data(response.text.utf8))
    }

    @Test(arguments: TestEngine.available)
    func theAPIRanksByCollectedRevenueOrCommissionAndRefusesAnythingElse(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await Self.seed(world, client: client)
            let (m1, m2, m3) = (
                world.manager1.id.description, world.manager2.id.description, world.manager3.id.description
            )
            let token = try await world.token(world.head)
            let base = "/api/v1/plans/2026-11/leaderboard"

            let attainment = try Self.board(try await client.api(.get, base, token: token))
            #expect(attainment.rankedBy == "attainment")
            #expect(attainment.rows.map(\.managerId) == [m2, m1, m3])

            let collected = try Self.board(try await client.api(.get, base + "?by=collected", token: token))
            #expect(collected.rankedBy == "collected")
            #expect(collected.rows.map(\.managerId) == [m1, m2, m3])
            #expect(collected.rows.map(\.collected) == ["100000.00", "0.00", "0.00"])
            #expect(collected.rows.map(\.rank) == [1, 2, 2])

            let commission = try Self.board(try await client.api(.get, base + "?by=commission", token: token))
            #expect(commission.rankedBy == "commission")
            #expect(commission.rows.map(\.managerId) == [m1, m2, m3])
            #expect(commission.rows.map(\.commission) == ["20000.00", "11500.00", "0.00"])

            // as_of the day before the invoices: nothing collected, every manager shares rank 1.
            let before = try Self.board(
                try await client.api(.get, base + "?by=collected&as_of=2026-11-29", token: token))
            #expect(before.rows.map(\.rank) == [1, 1, 1])
            #expect(before.rows.allSatisfy { $0.collected == "0.00" })

            let bad = try await client.api(.get, base + "?by=revenue", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(bad.text.contains("invalid_parameter") && bad.text.contains("by"))

            // A manager sees the ranking but only their own collected revenue.
            let own = try Self.board(
                try await client.api(.get, base + "?by=collected", token: try await world.token(world.manager2)))
            #expect(own.rows.map(\.managerId) == [m1, m2, m3])
            #expect(own.rows.map(\.collected) == [nil, "0.00", nil])
        }
    }

    @Test(arguments: TestEngine.available)
    func thePageChoosesTheRankingWithoutJavaScriptAndExportsIt(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await Self.seed(world, client: client)
            let formula = try await world.services.users.add(
                companyID: world.company.id, email: "formula@test.ph", name: "=HYPERLINK(\"x\")", role: .manager,
                password: TestWorld.password)
            let head = try await client.login("head@test.ph")
            let page = try await client.browse(.get, "/plans/2026-11/leaderboard?by=collected", as: head)
            #expect(page.status == .ok)
            #expect(page.text.contains("<form method=\"get\" action=\"/plans/2026-11/leaderboard\""))
            #expect(page.text.contains("<select id=\"leaderboard-by\" name=\"by\">"))
            #expect(page.text.contains("<option value=\"collected\" selected>Collected revenue</option>"))
            #expect(page.text.contains("href=\"/plans/2026-11/leaderboard/export.csv?by=collected\""))
            let first = try #require(page.text.range(of: world.manager1.name))
            let second = try #require(page.text.range(of: world.manager2.name))
            #expect(first.lowerBound < second.lowerBound)
            #expect(page.text.contains("<td>100000.00</td>"))

            let fil = try await client.browse(.get, "/plans/2026-11/leaderboard?by=commission&lang=fil", as: head)
            #expect(fil.status == .ok)
            #expect(fil.text.contains("I-ranggo ayon sa"))
            let bad = try await client.browse(.get, "/plans/2026-11/leaderboard?by=revenue", as: head)
            #expect(bad.status == .unprocessableContent)

            let csv = try await client.browse(
                .get, "/plans/2026-11/leaderboard/export.csv?by=commission&as_of=2026-11-30", as: head)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let rows = csv.text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").map(String.init)
            #expect(
                rows.first
                    == "rank,manager,attainment_percent,plan,actual,gap,collected,commission,commission_source,payable")
            #expect(rows.count == 5)
            #expect(
                rows[1].hasPrefix("1,\(world.manager1.name),")
                    && rows[1].contains(",2000000.00,100000.00,1900000.00,100000.00,20000.00,estimate"))
            #expect(rows.contains { $0.contains("\"'=HYPERLINK(\"\"x\"\")\"") }, "\(rows)")
            #expect(!csv.text.contains(",=HYPERLINK"))
            _ = formula

            // A manager's CSV: everyone ranked, only their own amounts.
            let manager = try await client.login("manager2@test.ph")
            let theirs = try await client.browse(
                .get, "/plans/2026-11/leaderboard/export.csv?by=collected", as: manager)
            #expect(theirs.status == .ok)
            let lines = theirs.text.split(separator: "\r\n").map(String.init)
            let m1Row = try #require(lines.first { $0.contains(world.manager1.name) })
            #expect(m1Row.hasSuffix(",,,,,,"), "\(m1Row)")
            #expect(!theirs.text.contains("100000.00"))
            #expect(lines.contains { $0.contains(world.manager2.name) && $0.contains("1750000.00") })
        }
    }
}
