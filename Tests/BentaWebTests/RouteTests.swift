import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import Hummingbird
import Testing

@testable import BentaWeb

/// Routes are registered and linked from one catalogue (`Paths`); these check the links it builds and that the
/// templates ask it only for links it has.
@Suite(.timeLimit(.minutes(20))) struct RouteTests {
    @Test func aLinkPutsItsParametersInPlaceInOrder() throws {
        let deal = Deal.ID(string: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!
        #expect(Paths.deleteDealLine(deal, 3) == "/deals/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/lines/3/delete")
        let pipeline = Pipeline.ID(string: "0190a1b2-c3d4-7e5f-8a9b-000000000001")!
        let stage = Pipeline.Stage.ID(string: "0190a1b2-c3d4-7e5f-8a9b-000000000002")!
        #expect(
            Paths.moveStage(pipeline, stage)
                == "/settings/pipelines/0190a1b2-c3d4-7e5f-8a9b-000000000001/stages/0190a1b2-c3d4-7e5f-8a9b-000000000002/move"
        )
        #expect(Paths.accounts() == "/accounts")
        #expect(Paths.home() == "/")
        #expect(Paths.API.account(Account.ID(string: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!).hasPrefix("/api/v1/"))
    }

    /// A parameter is one path segment whatever it holds: a `/`, `?`, `#` or space cannot change the route.
    @Test func aParameterStaysOneSegment() {
        #expect(Paths.revokeToken("a/b?c#d e") == "/profile/tokens/a%2Fb%3Fc%23d%20e/revoke")
        #expect(Paths.leadForm("ok-key_1") == "/forms/lead/ok-key_1")
    }

    /// Every route the router registers matches a route of the catalogue (the script `scripts/check-routes`
    /// refuses string literals; this catches a pattern registered some other way).
    @Test func everyRegisteredRouteIsInTheCatalogue() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let world = try await TestWorld.make(database: database)
            let router = try await buildRouter(config: AppConfig(), services: world.services)
            let source =
                try String(contentsOfFile: Self.catalogueSource("Paths.swift"), encoding: .utf8)
                + String(contentsOfFile: Self.catalogueSource("Paths+API.swift"), encoding: .utf8)
            let patterns = Set(
                source.matches(of: try Regex(#"Route[12]?(?:<[^>]*>)?\(\s*"([^"]*)""#)).compactMap {
                    $0.output[1].substring.map { Self.blankParameters(String($0)) }
                })
            #expect(patterns.count > 150)
            // The router prints a parameter as `{id}`, the catalogue writes `:id`; compare with the names blanked.
            let registered = Set(router.routes.map { Self.blankParameters("\($0.path)") })
            #expect(registered.count > 150)
            #expect(registered.subtracting(patterns).sorted() == [])
        }
    }

    /// Every `{{paths.name}}` a template uses is a link the renderer passes, so no page shows an empty link.
    @Test func everyTemplateLinkExists() throws {
        let folder = try #require(Bundle.module(for: PageRenderer.self))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        let pattern = try Regex(#"\{\{paths\.([A-Za-z0-9_]+)\}\}"#)
        var used: Set<String> = []
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { used.insert(String(name)) }
            }
        }
        #expect(used.count > 30)
        #expect(used.subtracting(Paths.pageLinks.keys).sorted() == [])
    }

    private static func blankParameters(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "*" : String($0) }
            .joined(separator: "/")
    }

    private static func catalogueSource(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/BentaWeb/App/\(name)").path
    }
}
