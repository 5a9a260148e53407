import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import BentaWeb

/// What every request pays for was made cheaper (issue 11) and answers as before: a query parameter read on its
/// own and trimmed without Foundation, the gzip middleware's content-type test read from bytes, and the request
/// line worked out only when the active level writes it.
@Suite(.timeLimit(.minutes(20))) struct RequestCostTests {
    static let texts = [
        "", " ", "\t\r\n\u{0B}\u{0C} ", "plain", "  both ends\t", "inner  space", "\nTala Coffee\n", "x",
        "\u{00A0}no-break\u{00A0}", "\u{3000}ideographic\u{3000}", "\u{0085}next line\u{2028}", "\u{2029}",
        " \u{00A0} ", "café ", " ñ", " \u{301}combining", "end\u{301} ", "emoji 👍🏽 ", "\u{1}control\u{1F}",
        "\u{7F}", " \r\n", "a\u{200B}", "\u{200B}a", " \u{FEFF}x\u{FEFF} ", "\u{1680}ogham\u{205F}",
    ]

    @Test func trimmingSaysWhatFoundationSaid() {
        for text in Self.texts {
            #expect(WhitespaceTrimming.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text)")
        }
    }

    @Test func aParameterReadOnItsOwnIsTheFirstOfItsField() {
        let queries = [
            "", "q=Tala+Coffee&limit=5", "limit=1&limit=2", "q", "q=&q=x", "&&q=a%2Bb&", "q%3D=1&q=2",
            "a=1&q=%E2%9C%93",
            "q=bad%zz", "Q=upper&q=lower", "q=%20%20spaced%20", "x=1=2&q=3=4", "caf%C3%A9=1&café=2", "=&=x&q",
            "q=1&\u{301}q=2&q=3", "a=é&q=é\u{301}&q=x", "&", "==", "q==", "&q&",
        ]
        for query in queries {
            let form = FormData(urlencoded: query)
            let before = Self.fieldsBefore(query)
            #expect(before.keys.allSatisfy { form.all($0) == before[$0] }, "\(query)")
            for name in ["q", "limit", "Q", "x", "a", "café", "q=", "missing", ""] {
                #expect(FormData.firstValue(of: name, urlencoded: query) == before[name]?.first, "\(query) \(name)")
                #expect(form.all(name) == before[name] ?? [], "\(query) \(name)")
            }
        }
    }

    /// The fields of urlencoded text as `FormData` read them before: split by characters, then decoded.
    static func fieldsBefore(_ text: String) -> [String: [String]] {
        let decode = { (part: Substring) -> String in
            let spaced = part.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }

    /// The content-type test as it was, over the header text.
    static func compressibleBefore(_ contentType: String) -> Bool {
        let mediaType =
            contentType.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return mediaType.hasPrefix("text/")
            || ["application/json", "application/problem+json", "image/svg+xml", "application/xml"].contains(mediaType)
    }

    @Test func contentTypesAreCompressibleAsBefore() {
        let types = [
            "application/json; charset=utf-8", "application/json", "Application/JSON", " application/json ;x",
            "\tapplication/json\t", "application/problem+json; charset=utf-8", "text/html; charset=utf-8", "TEXT/CSV",
            "text/", "text", "image/svg+xml", "application/xml", "application/pdf", "image/png", "application/zip",
            "", ";", ";text/html", ";;application/json", " ;text/html", "application/jsonx", "application/jso",
            "xtext/html", "text/html;\u{301}", "application/json;\u{301}", "ｔext/html", "\u{00A0}text/html",
            "application/json\u{00A0}", "text/calendar; charset=utf-8", "application/x-ndjson",
        ]
        for type in types {
            #expect(GzipMiddleware.isCompressible(contentType: type) == Self.compressibleBefore(type), "\(type)")
        }
    }

    /// Keeps the lines a logger writes.
    struct Recorder: LogHandler {
        let lines: NIOLockedValueBox<[Logger.Metadata]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            guard message.description == "request" else { return }
            lines.withLockedValue { $0.append(self.metadata.merging(metadata ?? [:]) { $1 }) }
        }
    }

    /// At `info` every request writes its line; above it none does; the id and the security headers come either
    /// way.
    @Test(arguments: [Logger.Level.info, .notice, .debug])
    func theRequestLineIsWrittenOnlyAtItsLevel(level: Logger.Level) async throws {
        let lines = NIOLockedValueBox<[Logger.Metadata]>([])
        var logger = Logger(label: "benta-test") { _ in Recorder(lines: lines) }
        logger.logLevel = level
        let router = Router(context: BentaRequestContext.self)
        router.add(middleware: RequestLogMiddleware(secureCookies: false))
        router.get("/ping") { _, _ in "pong" }
        let app = Application(router: router, logger: logger)
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.xRequestID] = "given-id-1"
            let response = try await client.execute(uri: "/ping?q=secret", method: .get, headers: headers, body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.xRequestID] == "given-id-1")
            #expect(response.headers[.xFrameOptions] == "DENY" && response.headers[.cacheControl] == "no-store")
            let generated = try await client.execute(uri: "/ping", method: .get, headers: [:], body: nil)
            #expect(generated.headers[.xRequestID]?.count == 36)
        }
        let written = lines.withLockedValue { $0 }
        if level <= .info {
            #expect(written.count == 2)
            let first = try #require(written.first)
            #expect(first["request_id"] == "given-id-1" && first["method"] == "GET" && first["path"] == "/ping")
            #expect(first["status"]?.description == "200")
            let milliseconds = try #require(first["ms"]?.description)
            #expect(milliseconds.wholeMatch(of: /[0-9]+\.[0-9]/) != nil, "\(milliseconds)")
        } else {
            #expect(written.isEmpty)
        }
    }
}
