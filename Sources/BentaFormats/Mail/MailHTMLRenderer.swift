import Foundation

/// Renders an HTML mail body as plain text for previews, search and CRM notes.
///
/// Tags are dropped; the contents of `script`, `style`, `head` and `title` and HTML comments are removed;
/// entities are decoded; whitespace is collapsed as a browser would, and `<br>` gives a line break, block elements
/// (`p`, `div`, `li`, headings, table rows …) a line or paragraph break. It runs in linear time on any input.
enum MailHTMLRenderer {
    static func plainText(fromHTML html: String) -> String {
        var renderer = Renderer(scalars: Array(html.unicodeScalars))
        renderer.run()
        return String(renderer.output)
    }

    /// Elements whose contents are never shown.
    private static let hiddenElements: Set<String> = ["script", "style", "head", "title", "template", "noscript"]
    /// Elements that start and end a paragraph (a blank line around them).
    private static let paragraphElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre", "hr",
    ]
    /// Elements that start and end a line.
    private static let lineElements: Set<String> = [
        "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "address", "center", "dl",
        "tbody", "thead",
    ]

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "bull": "•", "middot": "·", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
        "ntilde": "ñ", "Ntilde": "Ñ", "eacute": "é", "Eacute": "É", "aacute": "á", "iacute": "í", "oacute": "ó",
        "uacute": "ú", "uuml": "ü", "deg": "°", "times": "×", "shy": "", "zwnj": "", "zwj": "",
    ]

    private struct Renderer {
        let scalars: [Unicode.Scalar]
        var output = String.UnicodeScalarView()
        var index = 0
        var pendingSpace = false
        var pendingBreaks = 0
        /// The position after which no `>` occurs, once known, so unclosed `<` cost nothing more to check.
        var lastClosingBracket: Int?
        /// Hidden elements found to have no close tag, so the search is not repeated for every open tag.
        var unclosedElements: Set<String> = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
            lastClosingBracket = scalars.lastIndex(of: ">")
        }

        mutating func run() {
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "<", let tagEnd = tagEnd(from: index) {
                    handleTag(from: index, to: tagEnd)
                } else if scalar == "&" {
                    let (text, next) = entity(at: index)
                    for decoded in text.unicodeScalars { emit(decoded) }
                    index = next
                } else {
                    emit(scalar)
                    index += 1
                }
            }
        }

        private mutating func emit(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                return
            }
            if !output.isEmpty {
                if pendingBreaks > 0 {
                    for _ in 0..<min(pendingBreaks, 2) { output.append("\n") }
                } else if pendingSpace {
                    output.append(" ")
                }
            }
            pendingBreaks = 0
            pendingSpace = false
            output.append(scalar)
        }

        private mutating func requestBreaks(_ count: Int) {
            pendingBreaks = max(pendingBreaks, count)
        }

        /// The index of the `>` that closes a tag starting at `start`, or nil when `<` is just text.
        private func tagEnd(from start: Int) -> Int? {
            guard start + 1 < scalars.count else { return nil }
            if matches("<!--", at: start) {
                // An unclosed comment hides the rest of the document, as in a browser.
                return find("-->", from: start + 4).map { $0 + 2 } ?? scalars.count - 1
            }
            guard let lastClosingBracket, lastClosingBracket > start else { return nil }
            let first = scalars[start + 1]
            guard first == "/" || first == "!" || first == "?" || first.properties.isAlphabetic else { return nil }
            // The first ">" ends the tag. Browsers skip ">" inside quoted attribute values, but doing so makes
            // unbalanced quotes cost quadratic time, and such attributes are rare in mail.
            return scalars[(start + 1)...].firstIndex(of: ">")
        }

        private mutating func handleTag(from start: Int, to end: Int) {
            index = end + 1
            let name = tagName(from: start + 1, to: end)
            guard !name.isEmpty else { return }
            let isClosing = scalars[start + 1] == "/"
            if !isClosing, hiddenElements.contains(name) {
                // Skip to the matching close tag; without one, script and style hide the rest, head hides nothing.
                if !unclosedElements.contains(name), let close = findCaseInsensitive("</" + name, from: index) {
                    index = scalars[close...].firstIndex(of: ">").map { $0 + 1 } ?? scalars.count
                } else if name != "head" {
                    index = scalars.count
                } else {
                    unclosedElements.insert(name)
                }
                return
            }
            if name == "br" {
                pendingBreaks = min(pendingBreaks + 1, 2)
            } else if paragraphElements.contains(name) {
                requestBreaks(2)
            } else if lineElements.contains(name) {
                requestBreaks(1)
            } else if name == "td" || name == "th", !isClosing {
                pendingSpace = true
            }
        }

        /// The lowercased element name of the tag between `start` (after `<`) and `end` (the `>`).
        private func tagName(from start: Int, to end: Int) -> String {
            var position = start
            if position < end, scalars[position] == "/" { position += 1 }
            var name = String.UnicodeScalarView()
            while position < end, scalars[position].properties.isAlphabetic || ("0"..."9").contains(scalars[position]) {
                name.append(scalars[position])
                position += 1
                if name.count > 16 { break }
            }
            return String(name).lowercased()
        }

        /// Decodes the entity at `start` (which holds `&`); an unknown or malformed one is kept as text.
        private func entity(at start: Int) -> (String, Int) {
            var position = start + 1
            var body = String.UnicodeScalarView()
            while position < scalars.count, position - start <= 12, scalars[position] != ";" {
                let scalar = scalars[position]
                guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "#"
                else { break }
                body.append(scalar)
                position += 1
            }
            let name = String(body)
            let hasSemicolon = position < scalars.count && scalars[position] == ";"
            let next = hasSemicolon ? position + 1 : position
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value =
                    digits.first == "x" || digits.first == "X"
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, !digits.isEmpty else { return ("&", start + 1) }
                let decoded = Unicode.Scalar(value).map { value == 0 ? "\u{FFFD}" : String($0) } ?? "\u{FFFD}"
                return (decoded, next)
            }
            if let text = namedEntities[name], hasSemicolon || ["amp", "lt", "gt", "quot", "nbsp"].contains(name) {
                return (text, next)
            }
            return ("&", start + 1)
        }

        private func matches(_ text: String, at start: Int) -> Bool {
            let needle = Array(text.unicodeScalars)
            guard start + needle.count <= scalars.count else { return false }
            return scalars[start..<(start + needle.count)].elementsEqual(needle)
        }

        private func find(_ text: String, from start: Int) -> Int? {
            let needle = Array(text.unicodeScalars)
            guard let first = needle.first, start < scalars.count else { return nil }
            var position = start
            while position + needle.count <= scalars.count {
                if scalars[position] == first, scalars[position..<(position + needle.count)].elementsEqual(needle) {
                    return position
                }
                position += 1
            }
            return nil
        }

        private func findCaseInsensitive(_ text: String, from start: Int) -> Int? {
            let needle = Array(text.lowercased().unicodeScalars)
            var position = start
            while position + needle.count <= scalars.count {
                var matched = true
                for offset in 0..<needle.count where Self.lowercased(scalars[position + offset]) != needle[offset] {
                    matched = false
                    break
                }
                if matched { return position }
                position += 1
            }
            return nil
        }

        private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }
    }
}
