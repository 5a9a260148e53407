import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Whole pages compared with the HTML kept in `Fixtures/Golden/` (issue 9): the deal board and an issued invoice,
/// rendered for the fixed ``TestWorld`` at its fixed clock. IDs and the CSRF token, which change on every run, are
/// replaced by placeholders first. `BENTA_UPDATE_GOLDEN=1` rewrites the files instead of comparing.
@Suite(.timeLimit(.minutes(20))) struct GoldenPagesTests {
    @Test(arguments: TestEngine.available)
    func theDealBoardRendersAsKept(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            for (number, (title, amount)) in [("Printers for Tala", "125000.00"), ("Toner supply", "18500.50")]
                .enumerated()
            {
                var draft = DealDraft()
                draft.title = title
                draft.accountID = world.manager1Accounts[number].id.description
                draft.amount = amount
                draft.expectedClose = "2026-12-20"
                _ = try await world.services.deals.create(draft, viewer: world.manager1.viewer)
            }
            let session = try await client.login("manager1@test.ph")
            let board = try await client.browse(.get, "/deals", as: session)
            #expect(board.status == .ok)
            try Golden.check(board.text, named: "deal_board.html", session: session)
        }
    }

    @Test(arguments: TestEngine.available)
    func anIssuedInvoicePageRendersAsKept(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            try await InvoicesAPITests.prepare(client, world: world)
            let token = try await world.token(world.manager1)
            let created = try await client.api(
                .post, "/api/v1/invoices", token: token,
                json: #"{"account_id": "\#(world.manager1Accounts[0].id)", "lines": \#(InvoicesAPITests.mixedLines)}"#)
            let id = try #require(try created.json()["id"] as? String)
            let issued = try await client.api(.post, "/api/v1/invoices/\(id)/issue", token: token)
            #expect(issued.status == .ok)
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/invoices/\(id)", as: session)
            #expect(page.status == .ok)
            try Golden.check(page.text, named: "invoice_issued.html", session: session)
        }
    }
}

/// Golden files: `Tests/BentaWebTests/Fixtures/Golden/<name>`.
enum Golden {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent("Golden").appendingPathComponent(name)
    }

    /// The page with what differs from run to run replaced: UUIDs by `<id>`, the session's CSRF token by `<csrf>`,
    /// the static assets' content hashes (`app.<hash>.css`) by `<hash>`, so a stylesheet change keeps the pages.
    static func normalised(_ html: String, session: BrowserSession) -> String {
        html.replacingOccurrences(of: session.csrf, with: "<csrf>").replacingOccurrences(
            of: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", with: "<id>",
            options: .regularExpression
        ).replacingOccurrences(
            of: #"(/static/[A-Za-z0-9_-]+)\.[0-9a-f]{10}\."#, with: "$1.<hash>.", options: .regularExpression)
    }

    /// Compares the normalised page with the kept file (or rewrites the file with `BENTA_UPDATE_GOLDEN=1`),
    /// reporting the first line that differs.
    static func check(
        _ html: String, named name: String, session: BrowserSession, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let actual = normalised(html, session: session)
        let file = url(name)
        if ProcessInfo.processInfo.environment["BENTA_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        guard actual != expected else { return }
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        let common = min(actualLines.count, expectedLines.count)
        let line = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
        let got = actualLines.indices.contains(line) ? actualLines[line] : "(end of page)"
        let kept = expectedLines.indices.contains(line) ? expectedLines[line] : "(end of file)"
        let message =
            "\(name) differs at line \(line + 1):\n  kept: \(kept)\n  page: \(got)\n"
            + "(BENTA_UPDATE_GOLDEN=1 rewrites the file when the change is meant)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
