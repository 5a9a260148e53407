import Foundation
import HTTPTypes
import Hummingbird

/// A route's pattern: `/`-separated segments where `:name` stands for one parameter.
protocol RoutePattern: Sendable {
    var pattern: String { get }
}

extension RoutePattern {
    /// The path with `values` put in place of the `:name` segments, in order, each percent-encoded as one segment.
    fileprivate func filled(_ values: [String]) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return String(segment) }
            return value.addingPercentEncoding(withAllowedCharacters: RouteSegment.allowed) ?? value
        }
        return "/" + segments.joined(separator: "/")
    }
}

private enum RouteSegment {
    /// RFC 3986 `pchar` without `%` (so a value is encoded once): unreserved, sub-delims, `:` and `@`.
    static let allowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")
}

/// A route without parameters: `group.get(Paths.accounts, use: list)` registers it, `Paths.accounts()` links to it.
struct Route: RoutePattern {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction() -> String { pattern }
}

/// A route with one parameter: `Paths.account(id)` links to it.
struct Route1<Parameter: CustomStringConvertible>: RoutePattern {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction(_ parameter: Parameter) -> String { filled([parameter.description]) }
}

/// A route with two parameters, in the order they appear in the path: `Paths.stage(pipelineID, stageID)`.
struct Route2<First: CustomStringConvertible, Second: CustomStringConvertible>: RoutePattern {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction(_ first: First, _ second: Second) -> String {
        filled([first.description, second.description])
    }
}

extension RouterMethods {
    /// Registers `handler` for `method` on `route`; every route of Benta is registered through this, from `Paths`.
    @discardableResult func on(
        _ route: some RoutePattern, method: HTTPRequest.Method,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(RouterPath(route.pattern), method: method, use: handler)
    }

    @discardableResult func get(
        _ route: some RoutePattern,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(route, method: .get, use: handler) }

    @discardableResult func post(
        _ route: some RoutePattern,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(route, method: .post, use: handler) }

    @discardableResult func patch(
        _ route: some RoutePattern,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(route, method: .patch, use: handler) }

    @discardableResult func put(
        _ route: some RoutePattern,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(route, method: .put, use: handler) }

    @discardableResult func delete(
        _ route: some RoutePattern,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(route, method: .delete, use: handler) }
}
