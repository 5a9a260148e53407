import Foundation

/// One element of a document read by ``SafeXMLReader``: its local name, attributes, text and child elements.
///
/// Names are local names: a prefix (`camt:Stmt`) is dropped, and the namespace the prefix or default declaration
/// stood for is kept in ``namespace``. Elements are plain values; the whole tree is held in memory.
public struct SafeXMLElement: Sendable, Hashable {
    /// The local name, without any namespace prefix.
    public var name: String
    /// The namespace URI in scope for the element (from `xmlns` or `xmlns:prefix`), if any.
    public var namespace: String?
    /// Attributes by local name (prefixes dropped; `xmlns` declarations are not attributes).
    public var attributes: [String: String]
    /// The character data directly inside the element (CDATA included, entities decoded), as written.
    public var text: String
    /// The child elements in document order.
    public var children: [SafeXMLElement]
    /// The 1-based line the start tag is on.
    public var line: Int

    public init(
        name: String, namespace: String? = nil, attributes: [String: String] = [:], text: String = "",
        children: [SafeXMLElement] = [], line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.children = children
        self.line = line
    }

    /// The first child element with the local name, if any.
    public func child(_ name: String) -> SafeXMLElement? {
        children.first { $0.name == name }
    }

    /// Every child element with the local name, in document order.
    public func children(_ name: String) -> [SafeXMLElement] {
        children.filter { $0.name == name }
    }

    /// An attribute by local name.
    public func attribute(_ name: String) -> String? {
        attributes[name]
    }

    /// The element reached by following first children with these names (`path("Acct", "Id", "IBAN")`).
    public func path(_ names: String...) -> SafeXMLElement? {
        path(names)
    }

    /// The element reached by following first children with these names.
    public func path(_ names: [String]) -> SafeXMLElement? {
        var current = self
        for name in names {
            guard let next = current.child(name) else { return nil }
            current = next
        }
        return current
    }

    /// The text with surrounding white space removed, or nil when that leaves nothing.
    public var trimmedText: String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The trimmed, non-empty text of the element at a path below this one (`string("Acct", "Ccy")`).
    public func string(_ names: String...) -> String? {
        path(names)?.trimmedText
    }
}

/// A small XML parser for untrusted uploads (bank statements, OFX 2.x): no DTDs, no entities beyond XML's own.
///
/// Any `<!DOCTYPE` (or other markup declaration) is refused with ``BankFileError/Code/forbidden``, so external
/// entities (XXE) and entity expansion ("billion laughs") cannot happen: nothing is ever fetched or expanded. Only the
/// five predefined entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) and numeric character references are decoded.
/// CDATA sections, comments, processing instructions, the XML declaration and a UTF-8 byte order mark are handled;
/// the input is UTF-8 unless the declaration names ISO-8859-1 (or Latin-1). Size, nesting depth and element count
/// are limited; malformed input throws ``BankFileError/Code/malformed`` with the line it was found on.
public struct SafeXMLReader: Sendable {
    /// The largest input accepted, in bytes.
    public var maximumBytes: Int
    /// The deepest nesting of elements accepted (the root is depth 1).
    public var maximumDepth: Int
    /// The most elements accepted in one document.
    public var maximumElements: Int

    /// Creates a reader; the defaults are the bank-file limit (50 MiB), depth 64 and 5,000,000 elements.
    public init(
        maximumBytes: Int = BankFileRules.maximumBytes, maximumDepth: Int = 64, maximumElements: Int = 5_000_000
    ) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumElements = maximumElements
    }

    /// Parses a whole document and returns its root element.
    public func parse(_ data: Data) throws(BankFileError) -> SafeXMLElement {
        guard data.count <= maximumBytes else {
            throw BankFileError(
                code: .tooLarge, message: "the file is \(data.count) bytes; the limit is \(maximumBytes) bytes")
        }
        var parser = Parser(bytes: [UInt8](data), reader: self)
        return try parser.parseDocument()
    }

    /// Parses a whole document given as text.
    public func parse(_ text: String) throws(BankFileError) -> SafeXMLElement {
        try parse(Data(text.utf8))
    }
}

extension SafeXMLReader {
    /// An element being read: its tree node plus what is needed to close it.
    fileprivate struct OpenElement {
        var element: SafeXMLElement
        var qualifiedName: [UInt8]
        var prefix: String?
        var namespaces: [String: String]
    }

    fileprivate struct Parser {
        var bytes: [UInt8]
        let reader: SafeXMLReader
        var index = 0
        var stack: [OpenElement] = []
        var root: SafeXMLElement?
        var elementCount = 0
        var isLatin1 = false
        // Line numbers are counted lazily, forward only.
        var countedUpTo = 0
        var countedLines = 1

        init(bytes: [UInt8], reader: SafeXMLReader) {
            self.bytes = bytes
            self.reader = reader
        }

        mutating func line(at offset: Int) -> Int {
            let end = min(offset, bytes.count)
            if end < countedUpTo {
                return 1 + bytes[0..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            var position = countedUpTo
            while position < end {
                if bytes[position] == 0x0A { countedLines += 1 }
                position += 1
            }
            countedUpTo = end
            return countedLines
        }

        mutating func malformed(_ message: String, at offset: Int) -> BankFileError {
            BankFileError(code: .malformed, message: message, position: "line \(line(at: offset))")
        }

        mutating func parseDocument() throws(BankFileError) -> SafeXMLElement {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
                throw BankFileError(code: .unrecognised, message: "UTF-16 XML is not supported; save it as UTF-8")
            }
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<") {
                    try parseMarkup()
                } else {
                    try parseText()
                }
            }
            if let open = stack.last {
                throw BankFileError(
                    code: .malformed,
                    message: "the element <\(String(decoding: open.qualifiedName, as: UTF8.self))> opened on line "
                        + "\(open.element.line) is never closed",
                    position: "line \(line(at: bytes.count))")
            }
            guard let root else {
                throw BankFileError(code: .malformed, message: "the file has no XML element", position: "line 1")
            }
            return root
        }

        func hasPrefix(_ text: String, at offset: Int) -> Bool {
            guard offset < bytes.count else { return false }
            return bytes[offset...].starts(with: text.utf8)
        }

        /// The offset of `terminator` at or after `offset`, or nil.
        func find(_ terminator: String, from offset: Int) -> Int? {
            let pattern = Array(terminator.utf8)
            guard let first = pattern.first else { return offset }
            var position = offset
            while position + pattern.count <= bytes.count {
                if bytes[position] == first, bytes[position..<(position + pattern.count)].elementsEqual(pattern) {
                    return position
                }
                position += 1
            }
            return nil
        }

        mutating func parseMarkup() throws(BankFileError) {
            let start = index
            // Most markup is a tag: decide on the second byte before comparing longer openings.
            let second = start + 1 < bytes.count ? bytes[start + 1] : 0
            if second == UInt8(ascii: "/") {
                try parseEndTag()
            } else if second != UInt8(ascii: "?") && second != UInt8(ascii: "!") {
                try parseStartTag()
            } else if second == UInt8(ascii: "?") {
                guard let end = find("?>", from: start + 2) else {
                    throw malformed("a processing instruction is never closed", at: start)
                }
                if hasPrefix("<?xml", at: start), start <= 3, end > start + 5,
                    Self.isSpace(bytes[start + 5]) || bytes[start + 5] == UInt8(ascii: "?")
                {
                    try readDeclaration(bytes[(start + 5)..<end], at: start)
                }
                index = end + 2
            } else if hasPrefix("<!--", at: start) {
                guard let end = find("-->", from: start + 4) else {
                    throw malformed("a comment is never closed", at: start)
                }
                index = end + 3
            } else if hasPrefix("<![CDATA[", at: start) {
                guard !stack.isEmpty else { throw malformed("CDATA outside the root element", at: start) }
                guard let end = find("]]>", from: start + 9) else {
                    throw malformed("a CDATA section is never closed", at: start)
                }
                stack[stack.count - 1].element.text += decodeCharacters(bytes[(start + 9)..<end])
                index = end + 3
            } else {
                let what = hasPrefix("<!DOCTYPE", at: start) ? "a DOCTYPE" : "a markup declaration"
                throw BankFileError(
                    code: .forbidden,
                    message: "the file contains \(what); DTDs and entity declarations are refused for safety "
                        + "(external entities, entity expansion)",
                    position: "line \(line(at: start))")
            }
        }

        mutating func readDeclaration(_ content: ArraySlice<UInt8>, at offset: Int) throws(BankFileError) {
            let text = String(decoding: content, as: UTF8.self)
            guard let range = text.range(of: "encoding") else { return }
            let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
            let encoding = rest.dropFirst().prefix { $0 != quote }.lowercased()
            switch encoding {
            case "utf-8", "utf8", "us-ascii", "ascii": break
            case "iso-8859-1", "latin1", "latin-1", "iso8859-1": isLatin1 = true
            default:
                throw BankFileError(
                    code: .unrecognised, message: "the XML encoding \(encoding) is not supported (UTF-8 or ISO-8859-1)",
                    position: "line \(line(at: offset))")
            }
        }

        /// More attributes than any bank or OFX element has; the bound keeps the duplicate check cheap.
        static let maximumAttributes = 256

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            !isSpace(byte) && byte != UInt8(ascii: "/") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "=")
                && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
                && byte != UInt8(ascii: "&")
        }

        mutating func skipSpaces() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        mutating func readName() throws(BankFileError) -> [UInt8] {
            let start = index
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            guard index > start else {
                throw malformed("expected a name", at: start)
            }
            let name = Array(bytes[start..<index])
            if let first = name.first,
                first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            {
                throw malformed("\(String(decoding: name, as: UTF8.self)) is not a valid XML name", at: start)
            }
            return name
        }

        mutating func parseStartTag() throws(BankFileError) {
            let start = index
            index += 1
            let qualifiedName = try readName()
            var rawAttributes: [(name: [UInt8], value: String)] = []
            var selfClosing = false
            while true {
                let beforeSpaces = index
                skipSpaces()
                guard index < bytes.count else { throw malformed("a start tag is never closed", at: start) }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                if hasPrefix("/>", at: index) {
                    index += 2
                    selfClosing = true
                    break
                }
                guard index > beforeSpaces else {
                    throw malformed("expected white space between attributes", at: index)
                }
                let attributeName = try readName()
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    throw malformed("an attribute without a value", at: index)
                }
                index += 1
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
                else { throw malformed("an attribute value without quotes", at: index) }
                let quote = bytes[index]
                let valueStart = index + 1
                var valueEnd = valueStart
                while valueEnd < bytes.count, bytes[valueEnd] != quote {
                    if bytes[valueEnd] == UInt8(ascii: "<") {
                        throw malformed("'<' inside an attribute value", at: valueEnd)
                    }
                    valueEnd += 1
                }
                guard valueEnd < bytes.count else { throw malformed("an attribute value is never closed", at: start) }
                let value = try decodeText(bytes[valueStart..<valueEnd], at: valueStart)
                guard rawAttributes.count < Self.maximumAttributes else {
                    throw BankFileError(
                        code: .tooLarge, message: "an element has more than \(Self.maximumAttributes) attributes",
                        position: "line \(line(at: start))")
                }
                if rawAttributes.contains(where: { $0.name == attributeName }) {
                    throw malformed(
                        "the attribute \(String(decoding: attributeName, as: UTF8.self)) is repeated", at: start)
                }
                rawAttributes.append((attributeName, value))
                index = valueEnd + 1
            }
            try open(qualifiedName, attributes: rawAttributes, at: start)
            if selfClosing { try close(at: start) }
        }

        mutating func open(
            _ qualifiedName: [UInt8], attributes rawAttributes: [(name: [UInt8], value: String)], at offset: Int
        ) throws(BankFileError) {
            if stack.isEmpty, root != nil {
                throw malformed("a second root element", at: offset)
            }
            guard stack.count < reader.maximumDepth else {
                throw BankFileError(
                    code: .tooLarge, message: "elements are nested deeper than \(reader.maximumDepth) levels",
                    position: "line \(line(at: offset))")
            }
            elementCount += 1
            guard elementCount <= reader.maximumElements else {
                throw BankFileError(
                    code: .tooLarge, message: "the file has more than \(reader.maximumElements) elements",
                    position: "line \(line(at: offset))")
            }
            var namespaces = stack.last?.namespaces ?? [:]
            var attributes: [String: String] = [:]
            for (rawName, value) in rawAttributes {
                let name = String(decoding: rawName, as: UTF8.self)
                if name == "xmlns" {
                    namespaces[""] = value
                } else if name.hasPrefix("xmlns:") {
                    namespaces[String(name.dropFirst(6))] = value
                } else {
                    attributes[Self.localName(name)] = value
                }
            }
            let name = String(decoding: qualifiedName, as: UTF8.self)
            let prefix = name.firstIndex(of: ":").map { String(name[..<$0]) }
            let element = SafeXMLElement(
                name: Self.localName(name), namespace: namespaces[prefix ?? ""], attributes: attributes,
                line: line(at: offset))
            stack.append(
                OpenElement(element: element, qualifiedName: qualifiedName, prefix: prefix, namespaces: namespaces))
        }

        static func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        mutating func parseEndTag() throws(BankFileError) {
            let start = index
            index += 2
            let name = try readName()
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                throw malformed("an end tag is never closed", at: start)
            }
            index += 1
            guard let open = stack.last else {
                throw malformed("the end tag </\(String(decoding: name, as: UTF8.self))> has no start tag", at: start)
            }
            guard open.qualifiedName == name else {
                throw malformed(
                    "the end tag </\(String(decoding: name, as: UTF8.self))> does not match "
                        + "<\(String(decoding: open.qualifiedName, as: UTF8.self))> opened on line "
                        + "\(open.element.line)",
                    at: start)
            }
            try close(at: start)
        }

        mutating func close(at offset: Int) throws(BankFileError) {
            guard let finished = stack.popLast() else { return }
            if stack.isEmpty {
                root = finished.element
            } else {
                stack[stack.count - 1].element.children.append(finished.element)
            }
        }

        mutating func parseText() throws(BankFileError) {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
            let slice = bytes[start..<index]
            if stack.isEmpty {
                guard slice.allSatisfy(Self.isSpace) else {
                    throw malformed("text outside the root element", at: start)
                }
                return
            }
            let text = try decodeText(slice, at: start)
            stack[stack.count - 1].element.text += text
        }

        /// Character data with entity and character references decoded and line ends normalised to LF.
        mutating func decodeText(_ slice: ArraySlice<UInt8>, at offset: Int) throws(BankFileError) -> String {
            guard slice.contains(UInt8(ascii: "&")) else { return decodeCharacters(slice) }
            var result = ""
            var runStart = slice.startIndex
            var position = slice.startIndex
            while position < slice.endIndex {
                guard slice[position] == UInt8(ascii: "&") else {
                    position += 1
                    continue
                }
                result += decodeCharacters(slice[runStart..<position])
                guard let semicolon = slice[position...].firstIndex(of: UInt8(ascii: ";")), semicolon - position <= 12
                else { throw malformed("an '&' that starts no entity reference", at: position) }
                let reference = String(decoding: slice[(position + 1)..<semicolon], as: UTF8.self)
                result.unicodeScalars.append(try decodeReference(reference, at: position))
                position = semicolon + 1
                runStart = position
            }
            result += decodeCharacters(slice[runStart..<slice.endIndex])
            return result
        }

        mutating func decodeReference(_ reference: String, at offset: Int) throws(BankFileError) -> Unicode.Scalar {
            switch reference {
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            default: break
            }
            var value: UInt32?
            if reference.hasPrefix("#x") {
                value = UInt32(reference.dropFirst(2), radix: 16)
            } else if reference.hasPrefix("#") {
                value = UInt32(reference.dropFirst(), radix: 10)
            } else {
                throw malformed(
                    "the entity &\(reference); is not allowed (only &lt; &gt; &amp; &quot; &apos; and numeric "
                        + "character references)", at: offset)
            }
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
                throw malformed("&\(reference); is not a valid character reference", at: offset)
            }
            return scalar
        }

        func decodeCharacters(_ slice: ArraySlice<UInt8>) -> String {
            var text: String
            if isLatin1 {
                var scalars = String.UnicodeScalarView()
                scalars.append(contentsOf: slice.map { Unicode.Scalar($0) })
                text = String(scalars)
            } else {
                text = String(decoding: slice, as: UTF8.self)
            }
            if slice.contains(0x0D) {
                text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            }
            return text
        }
    }
}
