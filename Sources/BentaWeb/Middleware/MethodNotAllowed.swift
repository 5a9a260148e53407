import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The registered routes, filled once after the router is built, so that a wrong method on a known path can
/// answer 405 with an `Allow` header instead of 404.
final class RouteTable: Sendable {
    private let routes = NIOLockedValueBox<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ descriptions: [(path: String, method: HTTPRequest.Method)]) {
        routes.withLockedValue { table in
            table = descriptions.map { ($0.path.split(separator: "/"), $0.method) }
        }
    }

    /// The methods registered for paths that match `path`, where `:name` or `{name}` matches any one segment.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        return routes.withLockedValue { table in
            table.filter { route in
                route.segments.count == parts.count
                    && zip(route.segments, parts).allSatisfy { pattern, part in
                        pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == part
                    }
            }.map(\.method)
        }
    }
}

/// Turns "no route" into 405 Method Not Allowed when the path exists with other methods.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let table: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = table.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            var names = Set(allowed.map(\.rawValue))
            if names.contains("GET") { names.insert("HEAD") }
            throw HTTPError(.methodNotAllowed, headers: [.allow: names.sorted().joined(separator: ", ")])
        }
    }
}
