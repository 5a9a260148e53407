import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BentaWeb

/// Issue 15, "two or more `benta serve` processes on one PostgreSQL on different ports": two apps, each with its
/// own services and connection pool on one schema (as two processes build them), in process. A session made
/// through one is accepted by the other and ended through it; invoices issued at once through both get unique,
/// gapless numbers. (The background jobs: `TwoServersJobsTests`.) PostgreSQL only: on SQLite it says it is skipped.
@Suite(.timeLimit(.minutes(20))) struct TwoServersWebTests {
    @Test func sessionsWorkAcrossBothAndNumbersStayGapless() async throws {
        guard TestEngine.available.contains(.postgres) else {
            print(
                "skipped: TwoServersWebTests.sessionsWorkAcrossBothAndNumbersStayGapless (PostgreSQL only; "
                    + "BENTA_TEST_DATABASE_URL is not set)")
            return
        }
        try await TestDatabases.withFresh(.postgres) { database in
            let world = try await TestWorld.make(database: database)
            try await TestDatabases.withSecondPool(on: database) { pool in
                let second = Services(
                    database: pool, clock: world.clock.appClock, settings: world.services.settings,
                    logger: Logger(label: "second-server"))
                let config = AppConfig(logLevel: .critical)
                let appA = try await buildApplication(
                    config: config, services: world.services, runsDatabaseServices: false)
                let appB = try await buildApplication(config: config, services: second, runsDatabaseServices: false)
                try await appA.test(.router) { a in
                    try await appB.test(.router) { b in
                        try await Self.check(world, a, b)
                    }
                }
            }
        }
    }

    static func check(_ world: TestWorld, _ a: any TestClientProtocol, _ b: any TestClientProtocol) async throws {
        // A browser session and an API token made through A work on B.
        let session = try await a.login("manager1@test.ph")
        let accounts = try await b.browse(.get, "/accounts", as: session)
        #expect(accounts.status == .ok && accounts.text.contains("Tala Foods"))
        let token = try await world.token(world.manager1)
        #expect(try await b.api(.get, "/api/v1/me", token: token).status == .ok)

        // Twenty drafts, issued at once, every other one through B: twenty numbers, 1 to 20, each once.
        try await InvoicesAPITests.prepare(a, world: world)
        let body =
            #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": [{"description": "Toner", "unit_price": "1500"}]}"#
        var ids: [String] = []
        for index in 0..<20 {
            let created = try await (index % 2 == 0 ? a : b).api(.post, "/api/v1/invoices", token: token, json: body)
            #expect(created.status == .created)
            ids.append(try #require(try created.json()["id"] as? String))
        }
        let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
            for (index, id) in ids.enumerated() {
                let client = index % 2 == 0 ? b : a
                group.addTask {
                    let issued = try await client.api(
                        .post, "/api/v1/invoices/\(id)/issue", token: token, json: #"{"version": 1}"#)
                    guard issued.status == .ok else {
                        Issue.record("issue answered \(issued.status): \(issued.text.prefix(300))")
                        return nil
                    }
                    return try issued.json()["number"] as? String
                }
            }
            return try await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
        }
        #expect(numbers.sorted() == (1...20).map { String(format: "INV-2026-%06d", $0) })

        // Logging out through B ends the session on A.
        let logout = try await b.browse(.post, "/logout", as: session, form: [])
        #expect(logout.status == .seeOther)
        #expect(try await a.browse(.get, "/accounts", as: session).status == .seeOther)
    }
}
