import Foundation

/// A header value with `; name=value` parameters, as in Content-Type and Content-Disposition.
///
/// Parameter values may be quoted, and RFC 2231 extended parameters (`filename*=UTF-8''Pe%C3%B1a.pdf`) and
/// continuations (`filename*0*=…; filename*1*=…`) are joined and decoded. Names are lowercased.
struct MailParameterizedValue: Sendable, Hashable {
    /// The lowercased value before the first `;` with whitespace removed (`multipart/mixed`, `attachment`).
    var value: String
    var parameters: [String: String]

    /// The most continuation segments joined for one parameter; later ones are ignored.
    static let maximumSegments = 100

    init(parsing text: String) {
        let segments = Self.split(text)
        value = (segments.first ?? "").filter { !$0.isWhitespace }.lowercased()
        var simple: [String: String] = [:]
        var extended: [String: String] = [:]
        var continued: [String: [Int: (text: String, isEncoded: Bool)]] = [:]
        for segment in segments.dropFirst() {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            var name = segment[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let raw = Self.unquote(segment[segment.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !name.isEmpty else { continue }
            var isEncoded = false
            if name.hasSuffix("*") {
                isEncoded = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*") {
                // name*N or name*N*: one segment of a continued value.
                guard let number = Int(name[name.index(after: star)...]), number >= 0, number < Self.maximumSegments
                else { continue }
                let base = String(name[..<star])
                if continued[base]?[number] == nil { continued[base, default: [:]][number] = (raw, isEncoded) }
            } else if isEncoded {
                if extended[name] == nil { extended[name] = raw }
            } else if simple[name] == nil {
                simple[name] = raw
            }
        }
        var parameters = simple
        for (name, pieces) in continued {
            parameters[name] = Self.join(pieces)
        }
        for (name, raw) in extended {
            parameters[name] = Self.join([0: (raw, true)])
        }
        self.parameters = parameters
    }

    subscript(_ name: String) -> String? { parameters[name] }

    /// Splits at `;` outside quoted strings and drops `(comments)` outside quoted strings.
    private static func split(_ text: String) -> [String] {
        var segments: [String] = []
        var current = String.UnicodeScalarView()
        var isQuoted = false
        var commentDepth = 0
        var isEscaped = false
        for scalar in text.unicodeScalars {
            if isQuoted {
                current.append(scalar)
                if isEscaped {
                    isEscaped = false
                } else if scalar == "\\" {
                    isEscaped = true
                } else if scalar == "\"" {
                    isQuoted = false
                }
                continue
            }
            if commentDepth > 0 {
                if scalar == "(" { commentDepth += 1 } else if scalar == ")" { commentDepth -= 1 }
                continue
            }
            switch scalar {
            case "\"":
                isQuoted = true
                current.append(scalar)
            case "(":
                commentDepth = 1
            case ";":
                segments.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(scalar)
            }
        }
        segments.append(String(current))
        return segments
    }

    /// Removes surrounding quotes; `\"` and `\\` are unescaped, other backslashes kept (Windows paths).
    static func unquote(_ text: String) -> String {
        guard text.hasPrefix("\"") else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.dropFirst().makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\"" { break }
            if scalar == "\\" {
                guard let next = scalars.next() else {
                    output.append(scalar)
                    break
                }
                if next != "\"" && next != "\\" { output.append(scalar) }
                output.append(next)
                continue
            }
            output.append(scalar)
        }
        return String(output)
    }

    /// Joins RFC 2231 segments in order; the first encoded one may start with `charset'language'`.
    private static func join(_ pieces: [Int: (text: String, isEncoded: Bool)]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for number in pieces.keys.sorted() {
            guard let piece = pieces[number] else { continue }
            var text = Substring(piece.text)
            if piece.isEncoded, number == 0 {
                let quotes = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if quotes.count == 3 {
                    charset = String(quotes[0])
                    text = quotes[2]
                }
            }
            bytes += piece.isEncoded ? percentDecode(text) : Array(text.utf8)
        }
        return MailCharset.decode(bytes, charset: (charset ?? "").isEmpty ? "utf-8" : charset)
    }

    private static func percentDecode(_ text: Substring) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = MailTransferEncoding.hexValue(input[index + 1]),
                let low = MailTransferEncoding.hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}
