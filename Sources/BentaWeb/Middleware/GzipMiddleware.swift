import CZlib
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Compresses text answers (HTML pages, the stylesheet, the SVG icon, JSON) with gzip when the client accepts it.
///
/// Bodies under ``minimumSize`` bytes (where the gzip header costs about what it saves), bodies of unknown length
/// (streams), already-compressed types (PDF, PNG, ZIP…) and answers that carry a `Content-Encoding` or
/// `Cache-Control: no-transform` go out as they are. Every compressible answer says `Vary: Accept-Encoding`, so a
/// cache keeps the two forms apart.
struct GzipMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext

    /// Smaller bodies are sent as they are.
    static let minimumSize = 1024
    /// Larger bodies (exports) are sent as they are rather than held whole in memory a second time.
    static let maximumSize = 8 * 1024 * 1024

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard let length = response.body.contentLength, length >= Self.minimumSize, length <= Self.maximumSize,
            Self.isCompressible(response)
        else { return response }
        Self.addVary(to: &response.headers)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]) else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        guard let compressed = try? Gzip.compress(Array(buffer: collector.box.buffer)) else {
            return Response(
                status: response.status, headers: response.headers, body: .init(byteBuffer: collector.box.buffer))
        }
        var headers = response.headers
        headers[.contentEncoding] = "gzip"
        headers[.contentLength] = nil
        return Response(
            status: response.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: compressed)))
    }

    /// Text and structured text; never a type that is compressed already, never a partial or empty answer.
    static func isCompressible(_ response: Response) -> Bool {
        guard response.status != .partialContent,
            response.headers[.contentEncoding] == nil,
            response.headers[.cacheControl]?.contains("no-transform") != true,
            let contentType = response.headers[.contentType]
        else { return false }
        return isCompressible(contentType: contentType)
    }

    static let compressibleTypes = ["application/json", "application/problem+json", "image/svg+xml", "application/xml"]

    /// Whether a `Content-Type` names text or structured text: its media type (the first part between `;`s,
    /// without the spaces and tabs around it, in any case) starts with `text/` or is one of ``compressibleTypes``.
    /// An ASCII header — every one the application writes — is read byte by byte without copying it; any other
    /// by Foundation, as before (issue 11: every answer asks).
    static func isCompressible(contentType: String) -> Bool {
        let utf8 = contentType.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let lowered = contentType.lowercased()
            let mediaType = lowered.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return mediaType.hasPrefix("text/") || compressibleTypes.contains(mediaType)
        }
        // The first part `split(separator: ";")` gives: empty parts are skipped.
        var media = utf8.drop { $0 == UInt8(ascii: ";") }
        media = media.prefix { $0 != UInt8(ascii: ";") }
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        media = media.drop(while: blank)
        while let last = media.last, blank(last) { media.removeLast() }
        let lower = { (byte: UInt8) in (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
        let starts = { (text: String) in
            media.count >= text.utf8.count && zip(media, text.utf8).allSatisfy { lower($0) == $1 }
        }
        return starts("text/")
            || compressibleTypes.contains { media.count == $0.utf8.count && starts($0) }
    }

    /// Whether `Accept-Encoding` allows gzip: `gzip` (or `x-gzip`) with a quality above zero, or `*` when gzip is not
    /// named.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?
        var any: Double?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = pieces.first else { continue }
            let quality =
                pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" {
                gzip = quality
            } else if coding == "*" {
                any = quality
            }
        }
        return (gzip ?? any ?? 0) > 0
    }

    private static func addVary(to headers: inout HTTPFields) {
        let vary = headers[values: .vary].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard !vary.contains("accept-encoding"), !vary.contains("*") else { return }
        headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
    }
}

/// Gathers a response body in memory (bounded by ``GzipMiddleware/maximumSize`` through the body's stated length).
private struct BodyCollector: ResponseBodyWriter {
    final class Box {
        var buffer = ByteBuffer()
    }
    let box = Box()

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// The failure of zlib itself (it cannot allocate its state): the zlib status code.
struct GzipError: Error, Equatable {
    let status: Int32
}

/// gzip (RFC 1952) through the system zlib.
enum Gzip {
    /// `bytes` as one gzip member, at zlib's default level.
    static func compress(_ bytes: [UInt8]) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        let initialised = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw GzipError(status: initialised) }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        // deflateBound leaves room for the whole stream, so one call with Z_FINISH ends it.
        guard status == Z_STREAM_END else { throw GzipError(status: status) }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
