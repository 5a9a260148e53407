import Foundation
import NIOCore
import NIOFoundationCompat
import Testing

@testable import BentaWeb

/// A JSON value as a body or the OpenAPI document carries it: an integer stays an integer, and `true` is never the
/// number 1, so a schema's `type` can be checked exactly.
enum JSONValue: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses a JSON text (any value, not only objects).
    static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// The JSON Schema type name of this value.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Equality as JSON Schema sees it (`enum`, `const`, `uniqueItems`): `1` and `1.0` are the same number.
    func sameJSON(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): Double(a) == b
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.sameJSON(as: $1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { value.sameJSON(as: $0) } ?? false }
        default: self == other
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value.prefix(60))\""
        case .array(let items): "[\(items.count) items]"
        case .object(let members): "{\(members.keys.sorted().prefix(6).joined(separator: ", "))…}"
        }
    }
}

/// The committed OpenAPI document: path templates, operations, and the schemas of their bodies.
struct OpenAPIDocument: Sendable {
    let root: JSONValue

    /// The document as the server serves it (the bundled resource).
    static func bundled() throws -> OpenAPIDocument {
        OpenAPIDocument(root: try JSONValue.parse(Data(buffer: try Resource.bytes("openapi", "json"))))
    }

    /// The value at a local JSON pointer such as `#/components/schemas/Account`.
    func resolve(_ pointer: String) -> JSONValue? {
        guard pointer.hasPrefix("#") else { return nil }
        var value = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch value {
            case .object(let members):
                guard let next = members[token] else { return nil }
                value = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                value = items[index]
            default: return nil
            }
        }
        return value
    }

    var pathTemplates: [String] { root["paths"]?.objectValue.map { Array($0.keys) } ?? [] }

    /// The template a concrete path matches (`/api/v1/accounts/0194…` → `/api/v1/accounts/{id}`); a literal segment
    /// wins over a parameter, so `/api/v1/accounts/export` is not an account id.
    func template(for path: String) -> String? {
        let segments = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        var best: (template: String, literals: Int)?
        for template in pathTemplates {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count else { continue }
            var literals = 0
            var matches = true
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") && part.hasSuffix("}") { continue }
                if part == segment { literals += 1 } else { matches = false; break }
            }
            if matches, literals > best?.literals ?? -1 { best = (template, literals) }
        }
        return best?.template
    }

    /// The pointer to an operation, e.g. `#/paths/~1api~1v1~1accounts/post`.
    func operationPointer(_ method: String, template: String) -> String {
        "#/paths/\(template.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"))/"
            + method.lowercased()
    }

    /// The schema of a request body for a media type, with its pointer.
    func requestSchema(_ method: String, template: String, mediaType: String) -> (pointer: String, schema: JSONValue)? {
        let pointer = operationPointer(method, template: template) + "/requestBody"
        guard var body = resolve(pointer) else { return nil }
        var bodyPointer = pointer
        if let ref = body["$ref"]?.stringValue, let target = resolve(ref) {
            body = target
            bodyPointer = ref
        }
        let key = mediaType.replacingOccurrences(of: "/", with: "~1")
        guard let schema = body["content"]?[mediaType]?["schema"] else { return nil }
        return ("\(bodyPointer)/content/\(key)/schema", schema)
    }

    /// The documented response for a status: the status itself, else its class (`4XX`), else `default`; a response
    /// `$ref` is followed.
    func response(_ method: String, template: String, status: Int) -> (pointer: String, response: JSONValue)? {
        let pointer = operationPointer(method, template: template) + "/responses"
        guard let responses = resolve(pointer)?.objectValue else { return nil }
        for key in [String(status), "\(status / 100)XX", "default"] {
            guard var response = responses[key] else { continue }
            var responsePointer = "\(pointer)/\(key)"
            if let ref = response["$ref"]?.stringValue, let target = resolve(ref) {
                response = target
                responsePointer = ref
            }
            return (responsePointer, response)
        }
        return nil
    }
}

/// A strict JSON Schema checker for the subset the OpenAPI document uses: `type` (one or several, `null` among
/// them, or OpenAPI 3.0's `nullable`), `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `propertyNames`, `items`, `minItems`, `maxItems`, `uniqueItems`, `minLength`, `maxLength`, `pattern`, `minimum`,
/// `maximum`, `$ref` within the document, `oneOf`, `anyOf` and `allOf`. Annotations (`format`, `description`,
/// `examples`, …) are ignored; any other keyword is reported instead of being skipped silently.
///
/// In `response` mode it is stricter than JSON Schema: an object schema with `properties` must say
/// `additionalProperties` (so a member the wire adds cannot pass unseen), and every object it checks is counted,
/// so ``usageProblems()`` can name members the wire always sends but the schema does not require, and members the
/// schema declares but the wire never sent.
struct SchemaChecker {
    enum Mode: Sendable { case request, response }

    /// How often an object schema was met in responses, and how often each of its members was present.
    struct ObjectUsage: Sendable {
        var count = 0
        var present: [String: Int] = [:]
        var declared: Set<String> = []
        var required: Set<String> = []
    }

    let document: OpenAPIDocument
    var usage: [String: ObjectUsage] = [:]
    private let patterns = PatternCache()

    init(document: OpenAPIDocument) {
        self.document = document
    }

    static let annotations: Set<String> = [
        "description", "format", "examples", "example", "default", "title", "deprecated", "readOnly", "writeOnly",
        "$comment", "contentMediaType", "contentEncoding",
    ]
    static let keywords: Set<String> = [
        "type", "nullable", "enum", "const", "properties", "required", "additionalProperties", "propertyNames", "items",
        "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "$ref", "oneOf", "anyOf", "allOf",
    ]

    /// Every way `value` breaks `schema` (found at `pointer` in the document); empty when it conforms. `path` names
    /// the place in the value (`$.data[0].tin`).
    mutating func check(
        _ value: JSONValue, against schema: JSONValue, at pointer: String, path: String = "$", mode: Mode
    ) -> [String] {
        guard case .object(let keywords) = schema else {
            if schema == .bool(true) { return [] }
            if schema == .bool(false) { return ["\(path): no value is allowed here (\(pointer))"] }
            return ["\(pointer): not a schema"]
        }
        var problems: [String] = []
        let unknown = Set(keywords.keys).subtracting(Self.keywords).subtracting(Self.annotations)
        if !unknown.isEmpty {
            problems.append("\(pointer): the checker does not know \(unknown.sorted().joined(separator: ", "))")
        }
        if let ref = keywords["$ref"]?.stringValue {
            guard let target = document.resolve(ref) else { return problems + ["\(pointer): $ref \(ref) is missing"] }
            problems += check(value, against: target, at: ref, path: path, mode: mode)
        }
        if let types = keywords["type"] {
            var allowed = Set(types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue].compactMap { $0 })
            if keywords["nullable"] == .bool(true) { allowed.insert("null") }
            let actual = value.typeName
            let fits = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !fits {
                return problems + [
                    "\(path): \(value) is \(actual), the document says \(allowed.sorted().joined(separator: "|")) "
                        + "(\(pointer))"
                ]
            }
        }
        if let options = keywords["enum"]?.arrayValue, !options.contains(where: { $0.sameJSON(as: value) }) {
            problems.append("\(path): \(value) is not one of \(options.map(\.description)) (\(pointer))")
        }
        if let constant = keywords["const"], !constant.sameJSON(as: value) {
            problems.append("\(path): \(value) is not \(constant) (\(pointer))")
        }
        switch value {
        case .object(let members):
            problems += checkObject(members, keywords, at: pointer, path: path, mode: mode)
        case .array(let items):
            problems += checkArray(items, keywords, at: pointer, path: path, mode: mode)
        case .string(let text):
            let length = text.unicodeScalars.count
            if case .integer(let limit) = keywords["maxLength"], length > limit {
                problems.append("\(path): longer than \(limit) characters (\(pointer))")
            }
            if case .integer(let limit) = keywords["minLength"], length < limit {
                problems.append("\(path): shorter than \(limit) characters (\(pointer))")
            }
            if let pattern = keywords["pattern"]?.stringValue, !patterns.matches(text, pattern) {
                problems.append("\(path): \(value) does not match \(pattern) (\(pointer))")
            }
        case .integer, .number:
            let number: Double =
                switch value {
                case .integer(let integer): Double(integer)
                case .number(let double): double
                default: 0
                }
            if let minimum = keywords["minimum"]?.numberValue, number < minimum {
                problems.append("\(path): \(value) is below \(minimum) (\(pointer))")
            }
            if let maximum = keywords["maximum"]?.numberValue, number > maximum {
                problems.append("\(path): \(value) is above \(maximum) (\(pointer))")
            }
            if let minimum = keywords["exclusiveMinimum"]?.numberValue, number <= minimum {
                problems.append("\(path): \(value) is not above \(minimum) (\(pointer))")
            }
            if let maximum = keywords["exclusiveMaximum"]?.numberValue, number >= maximum {
                problems.append("\(path): \(value) is not below \(maximum) (\(pointer))")
            }
        default: break
        }
        if let branches = keywords["allOf"]?.arrayValue {
            for (index, branch) in branches.enumerated() {
                problems += check(value, against: branch, at: "\(pointer)/allOf/\(index)", path: path, mode: mode)
            }
        }
        for combinator in ["oneOf", "anyOf"] {
            guard let branches = keywords[combinator]?.arrayValue else { continue }
            var passing: [SchemaChecker] = []
            var failures: [String] = []
            for (index, branch) in branches.enumerated() {
                var trial = self
                let found = trial.check(
                    value, against: branch, at: "\(pointer)/\(combinator)/\(index)", path: path, mode: mode)
                if found.isEmpty { passing.append(trial) } else { failures += found }
                if combinator == "anyOf", !passing.isEmpty { break }
            }
            if combinator == "oneOf" && passing.count > 1 {
                problems.append("\(path): matches \(passing.count) branches of oneOf, not exactly one (\(pointer))")
            } else if let chosen = passing.first {
                // Only the branch that matched counts as seen.
                self.usage = chosen.usage
            } else {
                problems.append(
                    "\(path): matches no branch of \(combinator) (\(pointer)): "
                        + failures.prefix(4).joined(separator: "; "))
            }
        }
        return problems
    }

    private mutating func checkObject(
        _ members: [String: JSONValue], _ keywords: [String: JSONValue], at pointer: String, path: String, mode: Mode
    ) -> [String] {
        var problems: [String] = []
        let properties = keywords["properties"]?.objectValue ?? [:]
        let required = Set(keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for name in required.subtracting(members.keys).sorted() {
            problems.append("\(path): the required member '\(name)' is missing (\(pointer))")
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            let memberPath = "\(path).\(name)"
            if let propertyNames = keywords["propertyNames"] {
                problems += check(
                    .string(name), against: propertyNames, at: "\(pointer)/propertyNames", path: memberPath, mode: mode)
            }
            if let property = properties[name] {
                problems += check(
                    member, against: property, at: "\(pointer)/properties/\(name)", path: memberPath, mode: mode)
            } else if let additional = keywords["additionalProperties"] {
                if additional == .bool(false) {
                    problems.append("\(memberPath): the member '\(name)' is not in the document (\(pointer))")
                } else {
                    problems += check(
                        member, against: additional, at: "\(pointer)/additionalProperties", path: memberPath,
                        mode: mode)
                }
            }
        }
        if mode == .response, !properties.isEmpty {
            if keywords["additionalProperties"] == nil {
                problems.append(
                    "\(pointer): an object in a response must say additionalProperties, or new members pass unseen")
            }
            var seen = usage[pointer] ?? ObjectUsage(declared: Set(properties.keys), required: required)
            seen.count += 1
            for name in members.keys where properties[name] != nil { seen.present[name, default: 0] += 1 }
            usage[pointer] = seen
        }
        return problems
    }

    private mutating func checkArray(
        _ items: [JSONValue], _ keywords: [String: JSONValue], at pointer: String, path: String, mode: Mode
    ) -> [String] {
        var problems: [String] = []
        if case .integer(let limit) = keywords["maxItems"], items.count > limit {
            problems.append("\(path): more than \(limit) items (\(pointer))")
        }
        if case .integer(let limit) = keywords["minItems"], items.count < limit {
            problems.append("\(path): fewer than \(limit) items (\(pointer))")
        }
        if keywords["uniqueItems"] == .bool(true) {
            for (index, item) in items.enumerated() where items[..<index].contains(where: { $0.sameJSON(as: item) }) {
                problems.append("\(path)[\(index)]: repeats an earlier item (\(pointer))")
            }
        }
        if let schema = keywords["items"] {
            for (index, item) in items.enumerated() {
                problems += check(item, against: schema, at: "\(pointer)/items", path: "\(path)[\(index)]", mode: mode)
            }
        }
        return problems
    }

    /// Members the wire sent in every response that met their object schema but the schema does not require, and
    /// members the schema declares that never appeared.
    func usageProblems() -> [String] {
        var problems: [String] = []
        for (pointer, seen) in usage.sorted(by: { $0.key < $1.key }) {
            for name in seen.declared.sorted() {
                let present = seen.present[name] ?? 0
                if present == seen.count, !seen.required.contains(name) {
                    problems.append("\(pointer): '\(name)' was sent in all \(seen.count) responses but is not required")
                }
                if present == 0 {
                    problems.append("\(pointer): '\(name)' is declared but was never sent (\(seen.count) responses)")
                }
            }
        }
        return problems
    }
}

extension JSONValue {
    fileprivate var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

/// Compiled `pattern`s (ECMA-262 as ICU reads it), unanchored as JSON Schema wants.
private final class PatternCache: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    func matches(_ text: String, _ pattern: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if compiled[pattern] == nil { compiled[pattern] = try? NSRegularExpression(pattern: pattern) }
        guard let regex = compiled[pattern] else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

@Suite(.timeLimit(.minutes(20))) struct OpenAPIConformanceTests {
    /// A document with one closed object, to try the checker on.
    static let document = OpenAPIDocument(
        root: try! JSONValue.parse(
            #"""
            {"components": {"schemas": {
              "Thing": {"type": "object", "additionalProperties": false,
                "required": ["id", "kind", "note", "count", "tags", "owner"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "kind": {"type": "string", "enum": ["a", "b"]},
                  "note": {"type": ["string", "null"], "maxLength": 5},
                  "count": {"type": "integer", "minimum": 0},
                  "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
                  "owner": {"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
                  "extra": {"type": "boolean"}}},
              "Owner": {"type": "object", "additionalProperties": false, "required": ["name"],
                "properties": {"name": {"type": "string"}}},
              "Open": {"type": "object", "properties": {"name": {"type": "string"}}},
              "Odd": {"type": "object", "additionalProperties": false, "if": {"type": "string"}}}}}
            """#))

    static let thing = #"""
        {"id": "0194", "kind": "a", "note": null, "count": 2, "tags": ["x"], "owner": {"name": "Ana"}}
        """#

    static func problems(
        _ json: String, _ schema: String = "Thing", mode: SchemaChecker.Mode = .request
    ) throws
        -> [String]
    {
        var checker = SchemaChecker(document: document)
        let ref = JSONValue.object(["$ref": .string("#/components/schemas/\(schema)")])
        return checker.check(try JSONValue.parse(json), against: ref, at: "#", mode: mode)
    }

    @Test func aConformingValuePasses() throws {
        #expect(try Self.problems(Self.thing) == [])
        #expect(try Self.problems(Self.thing.replacingOccurrences(of: #"{"name": "Ana"}"#, with: "null")) == [])
    }

    @Test func anExtraMemberFails() throws {
        let found = try Self.problems(
            Self.thing.replacingOccurrences(of: #""count""#, with: #""mobile": "0917", "count""#))
        #expect(found.count == 1 && found[0].contains("'mobile' is not in the document"))
        let nested = try Self.problems(Self.thing.replacingOccurrences(of: #""Ana""#, with: #""Ana", "age": 3"#))
        #expect(nested.count == 1 && nested[0].contains("no branch of oneOf") && nested[0].contains("'age'"))
    }

    @Test func aMissingRequiredMemberFails() throws {
        let found = try Self.problems(Self.thing.replacingOccurrences(of: #""note": null, "#, with: ""))
        #expect(found == ["$: the required member 'note' is missing (#/components/schemas/Thing)"])
    }

    @Test func aWrongTypeFails() throws {
        // A number where a string is due, a string where an integer is due, `true` where an integer is due, a
        // fraction where an integer is due, and null where null is not allowed.
        for (from, to, path) in [
            (#""id": "0194""#, #""id": 194"#, "$.id"), (#""count": 2"#, #""count": "2""#, "$.count"),
            (#""count": 2"#, #""count": true"#, "$.count"), (#""count": 2"#, #""count": 2.5"#, "$.count"),
            (#""kind": "a""#, #""kind": null"#, "$.kind"), (#""tags": ["x"]"#, #""tags": "x""#, "$.tags"),
        ] {
            let found = try Self.problems(Self.thing.replacingOccurrences(of: from, with: to))
            #expect(found.count == 1 && found[0].hasPrefix("\(path):"), "\(to): \(found)")
        }
        // And 1 is not `true`.
        #expect(try JSONValue.parse("1") == .integer(1) && JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("1.5") == .number(1.5))
    }

    @Test func aWrongEnumValueFails() throws {
        let found = try Self.problems(Self.thing.replacingOccurrences(of: #""kind": "a""#, with: #""kind": "c""#))
        #expect(found.count == 1 && found[0].hasPrefix("$.kind: \"c\" is not one of"))
    }

    @Test func lengthsPatternsAndMinimumsAreChecked() throws {
        let long = try Self.problems(Self.thing.replacingOccurrences(of: #""note": null"#, with: #""note": "abcdef""#))
        #expect(long.count == 1 && long[0].contains("longer than 5"))
        let pattern = try Self.problems(Self.thing.replacingOccurrences(of: #"["x"]"#, with: #"["x", "Y1"]"#))
        #expect(pattern.count == 1 && pattern[0].hasPrefix("$.tags[1]:"))
        let negative = try Self.problems(Self.thing.replacingOccurrences(of: #""count": 2"#, with: #""count": -1"#))
        #expect(negative.count == 1 && negative[0].contains("below 0"))
    }

    @Test func responsesMustCloseTheirObjectsAndUnknownKeywordsAreReported() throws {
        #expect(try Self.problems(#"{"name": "x", "more": 1}"#, "Open", mode: .request) == [])
        let open = try Self.problems(#"{"name": "x"}"#, "Open", mode: .response)
        #expect(open.count == 1 && open[0].contains("must say additionalProperties"))
        let odd = try Self.problems(#"{}"#, "Odd")
        #expect(odd == ["#/components/schemas/Odd: the checker does not know if"])
    }

    @Test func usageNamesMembersAlwaysSentButNotRequiredAndMembersNeverSent() throws {
        var checker = SchemaChecker(document: Self.document)
        let ref = JSONValue.object(["$ref": .string("#/components/schemas/Thing")])
        for _ in 0..<2 {
            #expect(checker.check(try JSONValue.parse(Self.thing), against: ref, at: "#", mode: .response) == [])
        }
        #expect(
            checker.usageProblems() == [
                "#/components/schemas/Thing: 'extra' is declared but was never sent (2 responses)"
            ])
        let withExtra = Self.thing.replacingOccurrences(of: #""count""#, with: #""extra": true, "count""#)
        for _ in 0..<3 {
            #expect(checker.check(try JSONValue.parse(withExtra), against: ref, at: "#", mode: .response) == [])
        }
        #expect(checker.usageProblems() == [])
        var always = SchemaChecker(document: Self.document)
        #expect(always.check(try JSONValue.parse(withExtra), against: ref, at: "#", mode: .response) == [])
        #expect(
            always.usageProblems() == [
                "#/components/schemas/Thing: 'extra' was sent in all 1 responses but is not required"
            ])
    }

    @Test func pathsResolveToTheirTemplatesLiteralsFirst() throws {
        let document = OpenAPIDocument(
            root: try JSONValue.parse(
                #"{"paths": {"/api/v1/accounts/{id}": {}, "/api/v1/accounts/export": {}, "/api/v1/accounts": {}}}"#))
        #expect(document.template(for: "/api/v1/accounts/0194abcd") == "/api/v1/accounts/{id}")
        #expect(document.template(for: "/api/v1/accounts/export") == "/api/v1/accounts/export")
        #expect(document.template(for: "/api/v1/accounts?limit=2") == "/api/v1/accounts")
        #expect(document.template(for: "/api/v1/leads") == nil)
    }
}
