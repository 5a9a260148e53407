import Foundation
import Testing

@testable import BentaWeb

/// A page model's names read in place from the struct's own fields (issue 11), with the answers the mirror gave: each
/// property's value, an optional's wrapped value or nil, nested values wrapped so their names are found alike, and a
/// class or enum still read through its mirror.
@Suite(.timeLimit(.minutes(20))) struct PageReflectionTests {
    struct Row {
        let name: String
        let count: Int
        let amount: Decimal
        let note: String?
        let missing: String?
        let nested: Nested
        let maybeNested: Nested?
        let rows: [Nested]
        let flag: Bool
        let when: Date
        let kind: Kind
        let any: Any
        let twice: Int??
    }

    struct Nested {
        let label: String
        let tags: [String]
    }

    enum Kind: String { case a, b }

    struct Generic<Value> {
        let value: Value
        let other: Int
    }

    final class Box {
        let inside = "in a class"
        let number = 7
    }

    static func row() -> Row {
        Row(
            name: "Niño & Co", count: 3, amount: Decimal(string: "12.50")!, note: "a note", missing: nil,
            nested: Nested(label: "inner", tags: ["x", "y"]), maybeNested: Nested(label: "maybe", tags: []),
            rows: [Nested(label: "r1", tags: []), Nested(label: "r2", tags: ["t"])], flag: true,
            when: Date(timeIntervalSince1970: 1_700_000_000), kind: .b, any: "boxed", twice: .some(nil))
    }

    @Test func everyPropertyReadsAsTheMirrorReadIt() throws {
        for _ in 0..<2 {  // the first read finds the fields, the second uses them
            let row = Self.row()
            #expect(PageReflection.property("name", of: row) as? String == "Niño & Co")
            #expect(PageReflection.property("count", of: row) as? Int == 3)
            #expect(PageReflection.property("amount", of: row) as? Decimal == Decimal(string: "12.50"))
            #expect(PageReflection.property("note", of: row) as? String == "a note")
            #expect(PageReflection.property("missing", of: row) == nil)
            #expect(PageReflection.property("flag", of: row) as? Bool == true)
            #expect(PageReflection.property("when", of: row) as? Date == row.when)
            #expect(PageReflection.property("kind", of: row) as? Kind == .b)
            #expect(PageReflection.property("any", of: row) as? String == "boxed")
            #expect(PageReflection.property("nothing", of: row) == nil)
            let nested = try #require(PageReflection.property("nested", of: row) as? ReflectedValue)
            #expect(nested.child(named: "label") as? String == "inner")
            #expect(nested.child(named: "tags") as? [String] == ["x", "y"])
            let maybe = try #require(PageReflection.property("maybeNested", of: row) as? ReflectedValue)
            #expect(maybe.child(named: "label") as? String == "maybe")
            let rows = try #require(PageReflection.property("rows", of: row) as? [Any])
            #expect(rows.compactMap { ($0 as? ReflectedValue)?.child(named: "label") as? String } == ["r1", "r2"])
            // One level unwrapped, as the mirror's first child was.
            let twice = PageReflection.property("twice", of: row)
            #expect(twice.map { String(describing: $0) } == "nil", "the inner optional, holding nothing")
        }
    }

    @Test func aGenericStructAClassAndAnEnumAreReadToo() {
        for _ in 0..<2 {
            #expect(PageReflection.property("value", of: Generic(value: "text", other: 1)) as? String == "text")
            #expect(PageReflection.property("value", of: Generic(value: 42, other: 1)) as? Int == 42)
            #expect(PageReflection.property("other", of: Generic(value: [1, 2], other: 9)) as? Int == 9)
            #expect(PageReflection.property("inside", of: Box()) as? String == "in a class")
            #expect(PageReflection.property("number", of: Box()) as? Int == 7)
            #expect(PageReflection.property("a", of: Kind.a) == nil)
        }
    }
}
