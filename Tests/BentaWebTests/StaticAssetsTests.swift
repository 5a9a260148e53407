import BentaCore
import BentaTestSupport
import CZlib
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BentaWeb

/// The stylesheet and icons under fingerprinted names with a year's immutable cache, the old plain path, and
/// `/favicon.ico` (issue 14, item 10).
@Suite(.timeLimit(.minutes(20))) struct StaticAssetsTests {
    /// The name carries the content's hash: the same bytes give the same name, one changed byte another.
    @Test func theFingerprintedNameChangesWhenTheContentChanges() throws {
        let first = StaticAsset.fingerprintedName("app.css", content: Data("body { color: red; }".utf8))
        let same = StaticAsset.fingerprintedName("app.css", content: Data("body { color: red; }".utf8))
        let changed = StaticAsset.fingerprintedName("app.css", content: Data("body { color: blue; }".utf8))
        #expect(first == same)
        #expect(first != changed)
        #expect(first.wholeMatch(of: /app\.[0-9a-f]{10}\.css/) != nil)
        #expect(changed.wholeMatch(of: /app\.[0-9a-f]{10}\.css/) != nil)
        #expect(
            StaticAsset.fingerprintedName("favicon.svg", content: Data()).wholeMatch(of: /favicon\.[0-9a-f]{10}\.svg/)
                != nil)
    }

    /// The layout links the stylesheet and the icon by their fingerprinted paths; those answer with the immutable
    /// cache header and the file's bytes, and the plain path still answers (for an hour's cache).
    @Test(arguments: TestEngine.available)
    func theLayoutLinksFingerprintedAssetsServedAsImmutable(engine: TestEngine) async throws {
        try await withWebApp(engine) { _, client in
            let session = try await client.login("manager1@test.ph")
            let page = try await client.browse(.get, "/accounts", as: session)
            let stylesheet = try #require(
                page.text.firstMatch(of: /<link rel="stylesheet" href="(\/static\/app\.[0-9a-f]{10}\.css)">/)?.1)
            let icon = try #require(
                page.text.firstMatch(of: /<link rel="icon" href="(\/static\/favicon\.[0-9a-f]{10}\.svg)"/)?.1)

            let css = try await client.execute(uri: String(stylesheet), method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let plain = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(plain.status == .ok)
            #expect(plain.headers[.cacheControl] == "public, max-age=3600")
            #expect(plain.body == css.body)
            #expect(plain.text.contains(".nav-menu"))

            let svg = try await client.execute(uri: String(icon), method: .get)
            #expect(svg.status == .ok)
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(svg.text.hasPrefix("<svg"))

            // A stale fingerprint or any other file is not found.
            #expect(try await client.execute(uri: "/static/app.0000000000.css", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/static/Package.swift", method: .get).status == .notFound)
        }
    }

    /// `/favicon.ico` is a real icon (an ICO holding a PNG), no login needed.
    @Test(arguments: TestEngine.available)
    func faviconIcoAnswers(engine: TestEngine) async throws {
        try await withWebApp(engine) { _, client in
            let icon = try await client.execute(uri: "/favicon.ico", method: .get)
            #expect(icon.status == .ok)
            #expect(icon.headers[.contentType] == "image/x-icon")
            let bytes = Array(buffer: icon.body)
            #expect(bytes.starts(with: [0, 0, 1, 0]))
            #expect(bytes.count > 22 && bytes.count < 4096)
            // The one image inside is a PNG.
            #expect(Array(bytes[22..<26]) == [0x89, 0x50, 0x4E, 0x47])
        }
    }
}

/// HTML (and other text) answers gzip-compressed when the client accepts gzip (issue 14, item 10).
@Suite(.timeLimit(.minutes(20))) struct GzipTests {
    /// The compressed page inflates to exactly the page sent to a client that does not accept gzip; both say
    /// `Vary: Accept-Encoding`; `q=0` refuses gzip.
    @Test(arguments: TestEngine.available)
    func aPageAnswersGzipCompressedWhenAccepted(engine: TestEngine) async throws {
        try await withWebApp(engine) { _, client in
            let session = try await client.login("manager1@test.ph")
            let plain = try await client.browse(.get, "/accounts", as: session)
            #expect(plain.status == .ok)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")

            let gzipped = try await client.browse(
                .get, "/accounts", as: session, headers: [.acceptEncoding: "gzip, deflate, br"])
            #expect(gzipped.status == .ok)
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.headers[.vary] == "Accept-Encoding")
            #expect(gzipped.headers[.contentType] == "text/html; charset=utf-8")
            let compressed = Array(buffer: gzipped.body)
            #expect(compressed.starts(with: [0x1F, 0x8B]))
            #expect(compressed.count < plain.body.readableBytes / 2)
            let inflated = try #require(Self.gunzip(compressed))
            #expect(String(decoding: inflated, as: UTF8.self) == plain.text)

            let refused = try await client.browse(
                .get, "/accounts", as: session, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
            #expect(refused.text == plain.text)
        }
    }

    /// Tiny bodies and already-compressed types go out as they are.
    @Test(arguments: TestEngine.available)
    func tinyAndCompressedAnswersAreNotCompressed(engine: TestEngine) async throws {
        try await withWebApp(engine) { _, client in
            let health = try await client.execute(
                uri: "/health", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(health.status == .ok)
            #expect(health.headers[.contentEncoding] == nil)
            #expect(health.text.contains("ok"))
            let icon = try await client.execute(uri: "/favicon.ico", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(icon.headers[.contentEncoding] == nil)
            // The stylesheet is text: compressed.
            let css = try await client.execute(uri: "/static/app.css", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(css.headers[.contentEncoding] == "gzip")
        }
        var pdf = HTTPFields()
        pdf[.contentType] = "application/pdf"
        #expect(!GzipMiddleware.isCompressible(Response(status: .ok, headers: pdf)))
        var html = HTTPFields()
        html[.contentType] = "text/html; charset=utf-8"
        #expect(GzipMiddleware.isCompressible(Response(status: .ok, headers: html)))
        html[.contentEncoding] = "br"
        #expect(!GzipMiddleware.isCompressible(Response(status: .ok, headers: html)))
    }

    @Test func acceptEncodingIsReadWithItsQualities() {
        #expect(GzipMiddleware.acceptsGzip("gzip"))
        #expect(GzipMiddleware.acceptsGzip("deflate, GZIP;q=0.5"))
        #expect(GzipMiddleware.acceptsGzip("*"))
        #expect(!GzipMiddleware.acceptsGzip(nil))
        #expect(!GzipMiddleware.acceptsGzip("br, deflate"))
        #expect(!GzipMiddleware.acceptsGzip("gzip;q=0"))
        #expect(!GzipMiddleware.acceptsGzip("*, gzip;q=0"))
    }

    /// Inflates one gzip member with zlib (windowBits 15 + 16: gzip only).
    static func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, MAX_WBITS + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while status == Z_OK {
                let produced = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
            }
        }
        return status == Z_STREAM_END && stream.avail_in == 0 ? output : nil
    }
}
