import Foundation
import Mustache
import Testing

@testable import BentaWeb

/// Every page's values are escaped byte by byte (issue 11): as Mustache's own escaping did for any text, and also
/// where Mustache's let a quote or `<` through because a combining mark followed it.
@Suite(.timeLimit(.minutes(20))) struct PageEscapingTests {
    static let texts = [
        "", "plain", "Niño & Sons", "<script>alert('x')</script>", "\"quoted\"", "a'b", "<<>>&&", "₱1,234.56",
        "emoji 👩🏽‍💻 <b>", "line\nbreak\r\n<", "&amp; already", "tab\t'", String(repeating: "x<", count: 500),
    ]

    @Test func textIsEscapedAsMustacheEscapedIt() throws {
        let stock = MustacheLibrary(templates: ["t": try MustacheTemplate(string: "[{{x}}]")])
        for text in Self.texts {
            #expect(
                PageEscaping.escape(text) == (stock.render(["x": text], withTemplate: "t") ?? "").dropFirst().dropLast()
            )
        }
        #expect(PageEscaping.escape("Niño") == "Niño")
    }

    /// Mustache compared grapheme clusters: `"` with a combining acute accent is one `Character`, and passed
    /// unescaped into an attribute. Each byte of the five is escaped here.
    @Test func aQuoteOrBracketFollowedByACombiningMarkIsEscaped() {
        #expect(
            PageEscaping.escape("\"\u{301} onmouseover=alert(1) x=\"\u{301}")
                == "&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}")
        #expect(PageEscaping.escape("<\u{301}img src=x>") == "&lt;\u{301}img src=x&gt;")
        #expect(PageEscaping.escape("'\u{20DD}&\u{301}") == "&#39;\u{20DD}&amp;\u{301}")
    }

    /// Every bundled template renders as Mustache's own loading rendered it: the first line the escaping adds leaves
    /// no trace, and a value is escaped alike.
    @Test func everyTemplateRendersAsBefore() async throws {
        let folder = try #require(BentaWebResources.templatesPath)
        let stock = try await MustacheLibrary(directory: folder)
        let ours = try PageEscaping.library(directory: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") }
        #expect(names.count > 50)
        let model: [String: Any] = [
            "title": "A & B <c>", "t": ["app_name": "Benta's \"best\""], "errors": [:] as [String: String],
        ]
        for file in names {
            let name = String(file.dropLast(".mustache".count))
            #expect(ours.render(model, withTemplate: name) == stock.render(model, withTemplate: name), "\(name)")
        }
    }
}
