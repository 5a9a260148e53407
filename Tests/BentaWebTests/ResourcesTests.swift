import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import Hummingbird
import Logging
import NIOFoundationCompat
import Testing

@testable import BentaWeb

@Suite(.timeLimit(.minutes(20))) struct ResourcesTests {
    /// Every API and platform route the router registers is described in the committed OpenAPI document.
    @Test func openAPIDocumentDescribesEveryRegisteredRoute() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let world = try await TestWorld.make(database: database)
            let router = try await buildRouter(config: AppConfig(), services: world.services)
            let document =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try Resource.bytes("openapi", "json"))) as? [String: Any]
            #expect(document?["openapi"] as? String == "3.1.0")
            let paths = try #require(document?["paths"] as? [String: [String: Any]])
            var checked = 0
            for route in router.routes {
                let path = "\(route.path)"
                guard path.hasPrefix("/api/") || [Paths.health(), Paths.ready(), Paths.openAPI()].contains(path) else {
                    continue
                }
                let openAPIPath = path.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }
                .joined(separator: "/")
                let operations = paths["/" + openAPIPath.drop { $0 == "/" }]
                #expect(
                    operations?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) is undocumented")
                checked += 1
            }
            #expect(checked >= 21)
        }
    }

    @Test func englishAndFilipinoHaveTheSameStrings() throws {
        let strings = try Translations.bundled()
        #expect(strings.keys(.english) == strings.keys(.filipino))
        #expect(strings.keys(.english).count > 100)
    }

    /// Every `{{t.key}}` a template uses exists, so no page shows a raw key.
    @Test func everyTemplateStringExists() throws {
        let strings = try Translations.bundled()
        let folder = try #require(Bundle.module(for: PageRenderer.self))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count >= 11)
        // `t.key` not preceded by a letter, digit, `_` or `.` (so `account.is_archived` is not a string key).
        let pattern = try Regex(#"[^A-Za-z0-9_.]t\.([a-z0-9_]+)"#)
        var used: Set<String> = []
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                used.insert(String(text[match.range].dropFirst(3)))
            }
        }
        #expect(used.count > 50)
        #expect(used.subtracting(strings.keys(.english)).sorted() == [])
    }
}

extension Bundle {
    /// The templates folder inside BentaWeb's resource bundle.
    static func module(for _: PageRenderer.Type) -> String? {
        BentaWebResources.templatesPath
    }
}
