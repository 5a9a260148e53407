import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The registered routes, filled once after the router is built, so that a wrong method on a known path can
/// answer 405 with an `Allow` header instead of 404.
///
/// Kept as a tree of path segments (a literal child per name, one child for any parameter), so that finding a
/// path's methods walks its segments rather than every route: the middleware asks on every request.
final class RouteTable: Sendable {
    private let root = NIOLockedValueBox(Node())

    func record(_ descriptions: [(path: String, method: HTTPRequest.Method)]) {
        var root = Node()
        for description in descriptions {
            root.insert(description.path.split(separator: "/")[...], description.method)
        }
        self.root.withLockedValue { $0 = root }
    }

    /// The methods registered for the route that serves `path`, where `:name` or `{name}` matches any one segment.
    /// Like the router, a literal segment wins over a parameter at the first place they differ: the methods of
    /// `/pipelines/:id/stages/order` are not those of `/pipelines/:id/stages/:stage_id`.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        return root.withLockedValue { $0.methods(for: parts[...]) } ?? []
    }

    /// A segment of the tree: the routes that end here, and the segments that may follow.
    private struct Node: Sendable {
        var methods: [HTTPRequest.Method] = []
        var literals: [Substring: Node] = [:]
        var parameter: [Node] = []  // none or one: a parameter matches any segment

        mutating func insert(_ segments: ArraySlice<Substring>, _ method: HTTPRequest.Method) {
            guard let first = segments.first else {
                methods.append(method)
                return
            }
            let rest = segments.dropFirst()
            if first.hasPrefix(":") || first.hasPrefix("{") {
                if parameter.isEmpty { parameter.append(Node()) }
                parameter[0].insert(rest, method)
            } else {
                literals[first, default: Node()].insert(rest, method)
            }
        }

        /// The methods of the first route that matches, literal segments tried before the parameter; nil when none.
        func methods(for parts: ArraySlice<Substring>) -> [HTTPRequest.Method]? {
            guard let first = parts.first else { return methods.isEmpty ? nil : methods }
            let rest = parts.dropFirst()
            if let found = literals[first]?.methods(for: rest) { return found }
            return parameter.first?.methods(for: rest)
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
