import BentaCore
import Foundation
import Testing

@testable import BentaStore

/// ``FlatJSON`` reads what `JSONDecoder` reads for the shapes it takes, and declines (nil) everything else.
@Suite(.timeLimit(.minutes(20))) struct FlatJSONTests {
    /// Texts a column may hold, escapes and non-ASCII included, written by the store's own encoder and by hand.
    static let texts: [String] = [
        "plain", "", "with \"quotes\" and \\ backslash", "tab\there\nnewline\r", "ñ, é, 日本, 🇵🇭", "/slash/",
        "\u{0001}control", "emoji 😀 pair",
    ]

    @Test func arraysOfStringsAgreeWithJSONDecoder() throws {
        var documents = [try jsonText(Self.texts), "[]", " [ \"a\" , \"b\" ] ", #"["\u00f1\ud83d\ude00\/"]"#]
        documents += Self.texts.map { try! jsonText([$0]) }
        for document in documents {
            let expected = try JSONDecoder().decode([String].self, from: Data(document.utf8))
            #expect(FlatJSON.strings(document) == expected, "\(document)")
        }
    }

    @Test func phoneObjectsAgreeWithJSONDecoder() throws {
        let phones = [
            PhoneEntry(raw: "+63 2 8211 4007", e164: "+63282114007"),
            PhoneEntry(raw: "(02) 8123 \"main\"", e164: "+63281234567", phoneExtension: "12"),
            PhoneEntry(raw: "ñ 😀", e164: "+639171234567", phoneExtension: nil),
        ]
        let documents = [
            try jsonText(phones), "[]", #"[{"raw":"a","e164":"+1","phoneExtension":null}]"#,
            #" [ { "phoneExtension" : "9", "raw" : "b\/c" , "e164":"+2" } ] "#,
            #"[{"label":"office","raw":"a","e164":"+1"}]"#,
        ]
        for document in documents {
            let expected = try JSONDecoder().decode([PhoneEntry].self, from: Data(document.utf8))
            #expect(FlatJSON.phones(document) == expected, "\(document)")
        }
        #expect(FlatJSON.phones(try jsonText(phones))?[1].phoneExtension == "12")
    }

    @Test(arguments: [
        "", "[", "]", "[\"a\"", "[\"a\",]", "[1]", "[\"a\"] x", "{\"a\":\"b\"}", "[[\"a\"]]", "[\"\\x\"]",
        "[\"\\ud83d\"]", "[\"\\u12\"]", "[\"a\nb\"]", "[null]", "[true]",
    ])
    func declinesWhatItDoesNotRead(document: String) {
        #expect(FlatJSON.strings(document) == nil)
    }

    @Test(arguments: [
        "[{\"raw\":\"a\",\"e164\":1}]", "[{\"raw\":\"a\",\"e164\":{\"b\":\"c\"}}]", "[{\"raw\" \"a\"}]",
        "[{\"raw\":\"a\",\"e164\":\"+1\",}]", "[\"a\"]", "[{\"raw\":\"a\"}]", "[{\"e164\":\"+1\"}]",
        "[{\"raw\":null,\"e164\":\"+1\"}]", "[{}]",
    ])
    func declinesPhonesItDoesNotRead(document: String) {
        #expect(FlatJSON.phones(document) == nil)
    }
}
