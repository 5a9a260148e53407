import Foundation

/// One unfolded content line, `group.NAME;PARAM=value:value`, split into what the reader needs.
struct VCardProperty: Sendable, Hashable {
    /// The uppercased name without its group (`item1.TEL` gives `TEL`).
    var name: String
    /// Lowercased `TYPE` values, in order and without duplicates; `pref` is moved to ``isPreferred``.
    var types: [String] = []
    /// `TYPE=pref`, a bare `PREF` (2.1) or `PREF=1` (4.0).
    var isPreferred = false
    /// The uppercased `ENCODING` (`QUOTED-PRINTABLE`, `BASE64`, `B`), also from a bare 2.1 parameter.
    var encoding: String?
    /// The `CHARSET`, which only matters for quoted-printable values.
    var charset: String?
    /// The bytes after the first unquoted colon, still escaped and, for quoted-printable, still encoded.
    var rawValue: [UInt8]

    /// True for quoted-printable values, whose soft line breaks (`=` at the end of a line) continue the value.
    var isQuotedPrintable: Bool { encoding == "QUOTED-PRINTABLE" || encoding == "QP" }

    /// True for inline binary data (photos, keys, sounds), which the reader skips without keeping.
    var isBinary: Bool {
        encoding == "BASE64" || encoding == "B" || ["PHOTO", "LOGO", "SOUND", "KEY"].contains(name)
    }

    /// The value as text: quoted-printable decoded in its charset, escapes still in place, and the CRLF line
    /// breaks that quoted-printable values carry (`=0D=0A`) turned into LF like those of escaped values.
    var escapedText: String {
        guard isQuotedPrintable else { return String(decoding: rawValue, as: UTF8.self) }
        return VCardTextDecoder.decode(VCardTextDecoder.quotedPrintable(rawValue[...]), charset: charset)
            .split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
            .split(separator: "\r", omittingEmptySubsequences: false).joined(separator: "\n")
    }

    /// The value as plain text: decoded, unescaped and trimmed; line breaks are LF.
    var text: String {
        VCardEscaping.trimmed(VCardEscaping.unescape(escapedText))
    }

    /// The index of the colon that ends the name and parameters, or nil when the line has none.
    static func colonIndex(in line: ArraySlice<UInt8>) -> Int? {
        var isQuoted = false
        var hasParameters = false
        for index in line.indices {
            switch line[index] {
            case UInt8(ascii: ":") where !isQuoted: return index
            case UInt8(ascii: ";"): hasParameters = true
            // Quotes only group parameter values; outside parameters they are just garbage.
            case UInt8(ascii: "\"") where hasParameters: isQuoted.toggle()
            default: break
            }
        }
        return nil
    }

    /// Parses a content line; nil for a line without a colon or without a name (garbage between cards).
    init?(line: ArraySlice<UInt8>) {
        guard let colon = Self.colonIndex(in: line) else { return nil }
        let head = Self.split(line[line.startIndex..<colon], on: UInt8(ascii: ";"))
        guard let qualifiedName = head.first else { return nil }
        let nameBytes = qualifiedName.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).last ?? []
        let name = VCardEscaping.trimmed(String(decoding: nameBytes, as: UTF8.self)).uppercased()
        guard !name.isEmpty else { return nil }
        self.name = name
        self.rawValue = Array(line[(colon + 1)...])
        for parameter in head.dropFirst() {
            readParameter(String(decoding: parameter, as: UTF8.self))
        }
    }

    private mutating func readParameter(_ parameter: String) {
        let trimmed = VCardEscaping.trimmed(parameter)
        guard let equals = trimmed.firstIndex(of: "=") else {
            // vCard 2.1 writes bare values: `TEL;WORK;VOICE`, `PHOTO;BASE64`, `NOTE;QUOTED-PRINTABLE`.
            let bare = trimmed.uppercased()
            if ["BASE64", "B", "QUOTED-PRINTABLE", "8BIT", "7BIT"].contains(bare) {
                encoding = bare
            } else {
                addType(trimmed)
            }
            return
        }
        let key = VCardEscaping.trimmed(trimmed[..<equals]).uppercased()
        let values = Self.parameterValues(String(trimmed[trimmed.index(after: equals)...]))
        switch key {
        case "TYPE": values.forEach { addType($0) }
        case "ENCODING": encoding = values.first?.uppercased()
        case "CHARSET": charset = values.first
        case "PREF": isPreferred = isPreferred || values.first.flatMap { Int($0) } == 1
        default: break
        }
    }

    private mutating func addType(_ type: String) {
        let type = VCardEscaping.trimmed(type).lowercased()
        if type == "pref" {
            isPreferred = true
        } else if !type.isEmpty, !types.contains(type) {
            types.append(type)
        }
    }

    /// `a,b`, `"a,b"` and `"a",b` all give `["a", "b"]`: every TYPE list this reader knows is comma-free text.
    private static func parameterValues(_ text: String) -> [String] {
        text.filter { $0 != "\"" }.split(separator: ",").map { VCardEscaping.trimmed($0) }.filter { !$0.isEmpty }
    }

    /// Splits on a separator that is not inside double quotes.
    private static func split(_ bytes: ArraySlice<UInt8>, on separator: UInt8) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var isQuoted = false
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "\"") {
                isQuoted.toggle()
            } else if bytes[index] == separator, !isQuoted {
                parts.append(bytes[start..<index])
                start = index + 1
            }
        }
        parts.append(bytes[start..<bytes.endIndex])
        return parts
    }
}
