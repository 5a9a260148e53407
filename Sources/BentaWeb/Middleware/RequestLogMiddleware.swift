import BentaCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id (kept from a sane incoming `X-Request-ID`), logs one line per request, and adds the
/// security headers every response carries.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let secureCookies: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let incoming = request.headers[.xRequestID] ?? ""
        context.requestID =
            incoming.count <= 64 && !incoming.isEmpty
                && incoming.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            ? incoming : HexText.text(of: UUID())
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        // The line is worked out only when the active level writes it (issue 11: `BENTA_LOG_LEVEL=notice` or
        // above leaves the request no logging work but the id).
        let logs = context.logger.logLevel <= .info
        let start = logs ? ContinuousClock.now : nil
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.requestID
        SecurityHeaders.apply(to: &response.headers, secure: secureCookies)
        if let start { Self.log(request, response, since: start, to: context.logger) }
        return response
    }

    /// The request's line: method, path, status and time in tenths of a millisecond.
    static func log(_ request: Request, _ response: Response, since start: ContinuousClock.Instant, to logger: Logger) {
        let elapsed = ContinuousClock.now - start
        // Tenths of a millisecond, written without `String(format:)` (every logged request pays for this line).
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                // The path only: query strings may carry search terms, cursors or tokens.
                "path": .string(String(request.uri.path.prefix(200))),
                "status": .stringConvertible(response.status.code),
                "ms": .string("\(tenths / 10).\(tenths % 10)"),
            ])
    }
}

/// The response headers of OWASP ASVS 3.4: no sniffing, no framing, a strict CSP, no referrer leaks.
enum SecurityHeaders {
    static func apply(to headers: inout HTTPFields, secure: Bool) {
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        headers[.xFrameOptions] = "DENY"
        headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
        if secure { headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        // Nothing is cached unless its route says so (the fingerprinted static files): redirects, PDFs, CSV and JSON
        // carry a user's data as much as the pages do.
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-ID")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
}
