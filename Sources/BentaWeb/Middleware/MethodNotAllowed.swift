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

    /// The methods registered for the route that serves `path`, where `:name` or `{name}` matches any one segment.
    /// Like the router, a literal segment wins over a parameter at the first place they differ: the methods of
    /// `/pipelines/:id/stages/order` are not those of `/pipelines/:id/stages/:stage_id`.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        return routes.withLockedValue { table in
            var best: [Bool] = []
            var methods: [HTTPRequest.Method] = []
            for route in table where route.segments.count == parts.count {
                let literal = route.segments.map { !($0.hasPrefix(":") || $0.hasPrefix("{")) }
                guard zip(zip(route.segments, parts), literal).allSatisfy({ $1 ? $0.0 == $0.1 : true }) else {
                    continue
                }
                if methods.isEmpty || literal.lexicographicallyPrecedes(best, by: { $0 && !$1 }) {
                    (best, methods) = (literal, [route.method])
                } else if literal == best {
                    methods.append(route.method)
                }
            }
            return methods
        }
    }
}

/// Answers 405 Method Not Allowed, with an `Allow` header, when the path exists with other methods only: before
/// authentication and CSRF checks of the request (which would answer 401 or 403 for a method nothing serves), and when
/// the router finds no route.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let table: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try refuseUnservedMethod(request)
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            try refuseUnservedMethod(request)
            throw error
        }
    }

    private func refuseUnservedMethod(_ request: Request) throws {
        let allowed = table.methods(for: request.uri.path)
        var names = Set(allowed.map(\.rawValue))
        if names.contains("GET") { names.insert("HEAD") }
        guard !names.isEmpty, !names.contains(request.method.rawValue) else { return }
        throw HTTPError(.methodNotAllowed, headers: [.allow: names.sorted().joined(separator: ", ")])
    }
}
