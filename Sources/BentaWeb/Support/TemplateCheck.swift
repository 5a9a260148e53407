import Foundation

/// A view model of one page: a struct whose properties the page's template reads by name. A typed model is
/// checked against its template on every render in debug builds (``TemplateCheck``): a name the template reads that
/// no model in scope has, or a nil property that would let Mustache fall through to an outer value of the same
/// name, fails the render instead of printing an empty or a wrong value.
protocol PageModel {}

/// Checks a template against the values it is rendered with, the way Mustache resolves names: from the innermost
/// section's value out to the page. It walks the sections the values would render (each element of a list, the
/// partials included), so it sees exactly what the render sees.
///
/// Names are checked only where every value in scope is typed (a ``PageModel`` or another struct): a dictionary in
/// scope (the older untyped pages, the strings table `t`) may legitimately lack a key, so it ends the check for
/// names it could hold.
struct TemplateCheck {
    /// One problem: the template, the name and what is wrong with it.
    struct Finding: Hashable, CustomStringConvertible {
        var template: String
        var name: String
        var problem: String
        var description: String { "\(template): {{\(name)}} \(problem)" }
    }

    /// The source of a template or partial by name.
    let source: (String) -> String?

    /// Checks `template` rendered with `frames`, outermost first (Mustache's context stack).
    func check(_ template: String, frames: [Any]) -> [Finding] {
        var findings: [Finding] = []
        var visited = 0
        walk(template, frames: frames, findings: &findings, visited: &visited)
        return Array(Set(findings)).sorted { $0.description < $1.description }
    }

    // MARK: Walking

    private func walk(_ template: String, frames: [Any], findings: inout [Finding], visited: inout Int) {
        guard let text = source(template) else {
            findings.append(Finding(template: template, name: ">", problem: "is a template that does not exist"))
            return
        }
        let tokens = Self.tokens(text)
        walk(tokens[...], template: template, frames: frames, findings: &findings, visited: &visited)
    }

    private func walk(
        _ tokens: ArraySlice<Token>, template: String, frames: [Any], findings: inout [Finding], visited: inout Int
    ) {
        // A page renders a bounded amount; a bound here keeps a recursive partial from looping.
        visited += 1
        guard visited < 20_000 else { return }
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            switch token.kind {
            case .variable:
                _ = resolve(token, template: template, frames: frames, findings: &findings)
                index += 1
            case .partial:
                walk(token.name, frames: frames, findings: &findings, visited: &visited)
                index += 1
            case .section, .inverted:
                let end = Self.closing(of: index, in: tokens)
                let inner = tokens[(index + 1)..<end]
                let value = resolve(token, template: template, frames: frames, findings: &findings)
                if token.transform != nil && token.transform != "reversed" {
                    // empty(x), first(x): a yes or no about x; the block sees the same values.
                    walk(inner, template: template, frames: frames, findings: &findings, visited: &visited)
                } else if token.kind == .inverted {
                    if !Self.isTruthy(value) {
                        walk(inner, template: template, frames: frames, findings: &findings, visited: &visited)
                    }
                } else if let value, Self.isTruthy(value) {
                    if let list = value as? [Any] {
                        for element in list.prefix(3) {
                            walk(
                                inner, template: template, frames: frames + [element], findings: &findings,
                                visited: &visited)
                        }
                    } else if value is Bool {
                        walk(inner, template: template, frames: frames, findings: &findings, visited: &visited)
                    } else {
                        walk(
                            inner, template: template, frames: frames + [value], findings: &findings,
                            visited: &visited)
                    }
                }
                index = end + 1
            case .parent:
                // `{{<layout}}…{{/layout}}`: the blocks inside override the parent's; both see the same values.
                let end = Self.closing(of: index, in: tokens)
                walk(
                    tokens[(index + 1)..<end], template: template, frames: frames, findings: &findings,
                    visited: &visited)
                walk(token.name, frames: frames, findings: &findings, visited: &visited)
                index = end + 1
            case .block, .close, .comment:
                index += 1
            }
        }
    }

    // MARK: Names

    /// The value `token` names in `frames`, recording a finding when a fully typed scope does not have it.
    private func resolve(_ token: Token, template: String, frames: [Any], findings: inout [Finding]) -> Any? {
        let name = token.name
        if name == "." { return frames.last }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        var found: (known: Bool, value: Any?) = (false, nil)
        var foundAt: Int?
        for (position, frame) in frames.enumerated().reversed() {
            let lookup = Self.lookup(first, in: frame)
            if lookup.known {
                found = lookup
                foundAt = position
                break
            }
        }
        guard let foundAt else {
            if !frames.contains(where: Self.isLoose) {
                findings.append(Finding(template: template, name: name, problem: "is not in the page's model"))
            }
            return nil
        }
        // A typed nil hides nothing: Mustache would go on to an outer value with the same name.
        if found.value == nil {
            for frame in frames[..<foundAt].reversed() {
                let outer = Self.lookup(first, in: frame)
                if outer.known, outer.value != nil {
                    findings.append(
                        Finding(
                            template: template, name: name,
                            problem: "is nil here, so the page would show an outer value of the same name"))
                    break
                }
            }
        }
        var value = found.value
        for part in parts.dropFirst() {
            guard let current = value else { return nil }
            let lookup = Self.lookup(part, in: current)
            if !lookup.known {
                if !Self.isLoose(current) {
                    findings.append(Finding(template: template, name: name, problem: "is not in the page's model"))
                }
                return nil
            }
            value = lookup.value
        }
        return value
    }

    /// Whether `frame` has `name` (a typed nil counts), and its value.
    private static func lookup(_ name: String, in frame: Any) -> (known: Bool, value: Any?) {
        if let dictionary = frame as? [String: Any] { return (dictionary[name] != nil, unwrap(dictionary[name])) }
        if let dictionary = frame as? [String: String] { return (dictionary[name] != nil, dictionary[name]) }
        let mirror = Mirror(reflecting: frame)
        guard mirror.displayStyle == .struct || mirror.displayStyle == .class else { return (false, nil) }
        for child in mirror.children where child.label == name { return (true, unwrap(child.value)) }
        return (false, nil)
    }

    private static func isLoose(_ frame: Any) -> Bool {
        frame is [String: Any] || frame is [String: String]
    }

    private static func unwrap(_ value: Any?) -> Any? {
        guard let value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }

    /// Mustache's truth: nil, false and an empty list render an inverted section, anything else a section.
    private static func isTruthy(_ value: Any?) -> Bool {
        guard let value else { return false }
        if let flag = value as? Bool { return flag }
        if let list = value as? [Any] { return !list.isEmpty }
        return true
    }

    // MARK: Tokens

    struct Token {
        enum Kind { case variable, section, inverted, close, partial, comment, parent, block }
        var kind: Kind
        var name: String
        /// `empty`, `first`, `reversed` in `{{#empty(x)}}`.
        var transform: String?
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let start = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[start...].range(of: closing) else { break }
            var body = rest[start..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            var kind = Token.Kind.variable
            if let sigil = body.first, "#^/>!&<$".contains(sigil) {
                kind =
                    switch sigil {
                    case "#": .section
                    case "^": .inverted
                    case "/": .close
                    case ">": .partial
                    case "!": .comment
                    case "<": .parent
                    case "$": .block
                    default: .variable
                    }
                body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            var transform: String?
            if let parenthesis = body.firstIndex(of: "("), body.hasSuffix(")") {
                transform = String(body[..<parenthesis])
                body = String(body[body.index(after: parenthesis)..<body.index(before: body.endIndex)])
            }
            tokens.append(Token(kind: kind, name: body, transform: transform))
        }
        return tokens
    }

    /// The index of the `{{/…}}` that closes the section opened at `index`.
    private static func closing(of index: Int, in tokens: ArraySlice<Token>) -> Int {
        var depth = 0
        var position = index + 1
        while position < tokens.endIndex {
            switch tokens[position].kind {
            case .section, .inverted, .parent, .block: depth += 1
            case .close:
                if depth == 0 { return position }
                depth -= 1
            default: break
            }
            position += 1
        }
        return tokens.endIndex - 1
    }
}
