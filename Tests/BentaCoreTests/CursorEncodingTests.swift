import Foundation
import Testing

@testable import BentaCore

/// List cursors are written without a `JSONEncoder` and base64url without Foundation's base64 (issue 11), and read
/// as before: the same positions, the same alphabet, and the JSON one of the texts `JSONEncoder` writes (its member
/// order follows its dictionary's, so it differs from process to process).
@Suite(.timeLimit(.minutes(20))) struct CursorEncodingTests {
    /// Foundation's base64 with the URL alphabet and no padding: what `Base64URL.encode` wrote before.
    static func base64URLBefore(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func base64URLSaysWhatFoundationSaid() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            for _ in 0..<20 {
                let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
                #expect(Base64URL.encode(data) == Self.base64URLBefore(data))
                #expect(Base64URL.decode(Base64URL.encode(data)) == data)
            }
        }
        #expect(Base64URL.encode(Data([0xFB, 0xFF, 0xFE])) == "-__-")
    }

    /// The texts `JSONEncoder` may write for a cursor of these two members (values as its JSON): either order.
    static func foundationTexts<Cursor: OpaqueCursor>(
        _ cursor: Cursor, _ first: (String, String), _ second: (String, String)
    ) -> Set<String> {
        let member = { (pair: (String, String)) in "\"\(pair.0)\":\(pair.1)" }
        let texts: Set = ["{\(member(first)),\(member(second))}", "{\(member(second)),\(member(first))}"]
        let written = String(decoding: (try? JSONEncoder().encode(cursor)) ?? Data(), as: UTF8.self)
        #expect(texts.contains(written), "\(written)")
        return texts
    }

    static func json(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
    }

    @Test func cursorsReadAsBefore() throws {
        let id = "01945c30-0000-7000-8000-000000000001"
        let sorts = [
            SortCursor(sortName: "acme", id: id), SortCursor(sortName: "", id: ""),
            SortCursor(sortName: "tala foods, inc. (main) #2", id: id),
            SortCursor(sortName: "a/b \"q\" \\ café\n\u{1}", id: id), SortCursor(sortName: "2026-12-31", id: id),
        ]
        for sort in sorts {
            let text = try #require(Base64URL.decode(sort.encoded))
            if CursorJSON.isPlain(sort.sortName) {
                let texts = Self.foundationTexts(
                    sort, ("sortName", Self.json(sort.sortName)), ("id", Self.json(sort.id)))
                #expect(texts.contains(String(decoding: text, as: UTF8.self)))
            }
            #expect(SortCursor(encoded: sort.encoded) == sort)
        }
        for timeline in [TimelineCursor(at: 1_780_000_000_000, id: id), TimelineCursor(at: -5, id: "a/b")] {
            let text = try #require(Base64URL.decode(timeline.encoded))
            if CursorJSON.isPlain(timeline.id) {
                let texts = Self.foundationTexts(timeline, ("at", "\(timeline.at)"), ("id", Self.json(timeline.id)))
                #expect(texts.contains(String(decoding: text, as: UTF8.self)))
            }
            #expect(TimelineCursor(encoded: timeline.encoded) == timeline)
        }
        #expect(!CursorJSON.isPlain("a/b") && !CursorJSON.isPlain("café") && CursorJSON.isPlain("Tala, Inc."))
        #expect(
            SortCursor(sortName: "acme", id: id).encoded
                == "eyJzb3J0TmFtZSI6ImFjbWUiLCJpZCI6IjAxOTQ1YzMwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMSJ9")
    }
}
