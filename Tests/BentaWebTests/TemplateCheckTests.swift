import Foundation
import Testing

@testable import BentaWeb

/// The check every typed page's render runs in debug builds: a name the model lacks, or a nil that would let
/// Mustache show an outer value of the same name, fails the page.
@Suite(.timeLimit(.minutes(20))) struct TemplateCheckTests {
    struct Item {
        var name: String
        var send_url: String?
    }

    struct Model: PageModel {
        var title: String
        var items: [Item]
        var send_url: String?
        var empty_list: [Item]
    }

    static func check(_ sources: [String: String], _ template: String, _ frames: [Any]) -> [String] {
        TemplateCheck(source: { sources[$0] }).check(template, frames: frames).map(\.description)
    }

    @Test func aNameTheModelHasPasses() {
        let model = Model(title: "T", items: [Item(name: "a", send_url: "/x")], send_url: "/y", empty_list: [])
        let findings = Self.check(
            ["page": "{{title}} {{#items}}{{name}} {{send_url}}{{/items}} {{#send_url}}{{send_url}}{{/send_url}}"],
            "page", [model])
        #expect(findings == [])
    }

    @Test func aNameTheModelLacksFails() {
        let model = Model(title: "T", items: [Item(name: "a", send_url: nil)], send_url: nil, empty_list: [])
        let findings = Self.check(["page": "{{title}} {{titel}} {{#items}}{{nmae}}{{/items}}"], "page", [model])
        #expect(
            findings == ["page: {{nmae}} is not in the page's model", "page: {{titel}} is not in the page's model"])
    }

    /// An amendment without a send link inside a contract that has one: Mustache would print the contract's link.
    @Test func aNilThatWouldShowAnOuterValueFails() {
        let model = Model(
            title: "T", items: [Item(name: "a", send_url: nil)], send_url: "/contract/send", empty_list: [])
        let findings = Self.check(["page": "{{#items}}{{#send_url}}x{{/send_url}}{{/items}}"], "page", [model])
        #expect(findings == ["page: {{send_url}} is nil here, so the page would show an outer value of the same name"])
    }

    /// Partials, parents and blocks are followed; a list that is empty renders nothing, so nothing in it is read.
    @Test func partialsAndLayoutsAreFollowed() {
        let model = Model(title: "T", items: [], send_url: nil, empty_list: [])
        let sources = [
            "layout": "<title>{{title}}</title>{{$content}}{{/content}}{{> footer}}",
            "footer": "{{footer_text}}",
            "page": "{{<layout}}{{$content}}{{#empty_list}}{{never_read}}{{/empty_list}}{{/content}}{{/layout}}",
        ]
        #expect(Self.check(sources, "page", [model]) == ["footer: {{footer_text}} is not in the page's model"])
        #expect(Self.check(sources, "missing", [model]) == ["missing: {{>}} is a template that does not exist"])
    }

    /// The untyped pages (dictionaries) are not checked: a dictionary may leave out a key that is nil.
    @Test func aDictionaryInScopeIsNotChecked() {
        let findings = Self.check(["page": "{{anything}}"], "page", [["title": "x"] as [String: Any]])
        #expect(findings == [])
    }
}
