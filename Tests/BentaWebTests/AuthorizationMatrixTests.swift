import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import BentaWeb

/// Issue 15's generated authorization matrix: every route the router registers, asked by each role and by
/// anonymous, about manager A's records (A asks about their own, B about another manager's), answers what
/// ``AuthorizationMatrix`` says; a route without an entry, or an entry without a route, fails. Then manager B reads
/// every list, search, export, report, feed and dashboard and finds none of A's records in any answer.
@Suite(.timeLimit(.minutes(20))) struct AuthorizationMatrixTests {
    @Test(arguments: TestEngine.available)
    func everyRouteAnswersEachRoleAsTheMatrixSays(engine: TestEngine) async throws {
        let started = ContinuousClock.now
        let (checked, leakChecked) = try await withWebApp(engine) { world, client in
            try await Self.askEveryRoute(world, client)
        }
        let seconds = (ContinuousClock.now - started).components.seconds
        print(
            "AuthorizationMatrixTests \(engine): \(checked) route × caller answers checked, "
                + "\(leakChecked) of B's answers scanned for A's records, \(seconds) s")
    }

    /// Asks every route as every caller, compares with the matrix and scans B's answers; returns the counts.
    static func askEveryRoute(_ world: TestWorld, _ client: any TestClientProtocol) async throws -> (Int, Int) {
        let router = try await buildRouter(config: AppConfig(), services: world.services)
        let routes = Set(
            router.routes.map { "\($0.method.rawValue) \(SessionPromisesTests.catalogueForm("\($0.path)"))" }
        ).sorted()
        let stale = Set(AuthorizationMatrix.entries.keys).subtracting(routes).sorted()
        #expect(stale == [], "matrix entries for routes the router no longer has:\n\(stale.joined(separator: "\n"))")

        let seed = try await MatrixWorld.make(world, client)
        let callers = try await MatrixCaller.all(world, client)
        var answers: [MatrixProbe: MatrixAnswer] = [:]

        // Reads first, concurrently: they change nothing.
        let reads = routes.filter { $0.hasPrefix("GET ") }.flatMap { route in
            callers.map { MatrixProbe(route: route, caller: $0.role) }
        }
        let readAnswers = try await Self.send(reads, seed: seed, callers: callers, client: client, width: 6)
        for pair in readAnswers { answers[pair.0] = pair.1 }

        // Manager B's view of every list, search, export, report, feed and dashboard: none of A's records. The
        // public routes are left out: B asking A's calendar feed by its secret file name reads A's feed, as anyone
        // holding that link does (the link is the credential); B's own feed is among the probes below.
        let other = try #require(callers.first { $0.role == .other })
        var scanned = answers.filter {
            $0.key.caller == .other && (200..<300).contains($0.value.status)
                && AuthorizationMatrix.entries[$0.key.route] != "public"
        }.map { ("\($0.key.route)", $0.value.body) }
        for uri in Self.leakProbes(seed) {
            let response = try await other.send(
                uri.hasPrefix("/api/") ? .get : .get, uri, isAPI: uri.hasPrefix("/api/"), client: client)
            #expect(response.status.code == 200, "B's \(uri) answered \(response.status.code)")
            scanned.append(("GET \(uri)", response.text))
        }
        let leaks = scanned.flatMap { probe, body in
            seed.secrets.filter { body.contains($0) }.map { "\(probe) shows \($0)" }
        }
        #expect(
            leaks == [],
            "\(leaks.count) answers to manager B show manager A's records:\n\(leaks.joined(separator: "\n"))")

        // Writes: first every caller the matrix refuses (together they must change nothing), then the callers it
        // allows, one route at a time; settings and logout last, as they change what later answers depend on.
        let writes = routes.filter { !$0.hasPrefix("GET ") }.sorted {
            (Self.writeOrder($0), $0) < (Self.writeOrder($1), $1)
        }
        let before = try await DatabaseFingerprint.read(world.services.database)
        let refused = writes.flatMap { route in
            callers.filter { !AuthorizationMatrix.allows(route, $0.role) }.map {
                MatrixProbe(route: route, caller: $0.role)
            }
        }
        let refusedAnswers = try await Self.send(refused, seed: seed, callers: callers, client: client, width: 1)
        for pair in refusedAnswers { answers[pair.0] = pair.1 }
        let changed = try await DatabaseFingerprint.read(world.services.database).changes(since: before)
        #expect(changed == [], "refused writes changed \(changed)")
        for route in writes {
            let allowed = callers.filter { AuthorizationMatrix.allows(route, $0.role) }.map {
                MatrixProbe(route: route, caller: $0.role)
            }
            let allowedAnswers = try await Self.send(
                allowed, seed: seed, callers: callers, client: client, width: 1)
            for pair in allowedAnswers { answers[pair.0] = pair.1 }
        }

        var mismatches: [String] = []
        var missing: [String] = []
        for route in routes {
            guard let entry = AuthorizationMatrix.entries[route] else {
                let seen = MatrixCaller.Role.allCases.map { role in
                    answers[MatrixProbe(route: route, caller: role)].map { "\(role)=\($0.summary)" } ?? ""
                }
                missing.append("\"\(route)\": \"?\",  // \(seen.joined(separator: " "))")
                continue
            }
            var succeeded = false
            for role in MatrixCaller.Role.allCases {
                guard let answer = answers[MatrixProbe(route: route, caller: role)] else { continue }
                let expected = AuthorizationMatrix.expected(entry, role: role, route: route)
                // A write that took effect may have used up its record (a discarded draft): a later allowed
                // caller's 404 is then no refusal.
                if !answer.fits(expected) && !(expected == .allowed && succeeded && answer.status == 404) {
                    mismatches.append(
                        "\(route) as \(role): expected \(expected), got \(answer.summary) \(answer.excerpt)")
                }
                if expected == .allowed && (200..<400).contains(answer.status) { succeeded = true }
            }
        }
        #expect(missing == [], "routes without a matrix entry:\n\(missing.joined(separator: "\n"))")
        #expect(
            mismatches == [],
            "\(mismatches.count) answers differ from the matrix:\n\(mismatches.joined(separator: "\n"))")
        return (answers.count, scanned.count)
    }

    /// Settings and the session's own routes go last: they change the duties, the feed and the session.
    static func writeOrder(_ route: String) -> Int {
        if route.hasSuffix(" /logout") { return 3 }
        // The session's own pages (`/profile…`), not the bank CSV profiles (`/bank-statements/profiles…`).
        if route.contains(" /profile") { return 2 }
        if route.contains("/settings/") { return 1 }
        return 0
    }

    /// B's lists and searches narrowed to what would find A's records, on top of every parameterless GET route.
    static func leakProbes(_ seed: MatrixWorld) -> [String] {
        let account = seed.ids["accounts"] ?? ""
        return [
            "/api/v1/search?q=Trading", "/search?q=Trading", "/api/v1/search?q=Lorna", "/search?q=Nilo",
            "/api/v1/accounts?q=Trading", "/accounts?q=Trading", "/api/v1/contacts?q=Lorna", "/contacts?q=Lorna",
            "/api/v1/leads?status=all", "/leads?status=all", "/api/v1/deals?status=all", "/deals/list?status=all",
            "/api/v1/contracts?status=all", "/contracts?status=all", "/api/v1/invoices?kind=credit_note",
            "/invoices?kind=credit_note", "/api/v1/payments?account_id=\(account)",
            "/api/v1/collection-calls?status=open", "/api/v1/collection-calls?status=done",
            "/api/v1/promises?account_id=\(account)",
            "/api/v1/tasks?status=all", "/api/v1/receivables/aging?group=manager",
            "/api/v1/commission/statements?month=2026-11", "/calendar/\(seed.otherCalendarFile)",
        ]
    }

    /// Sends `probes`, `width` at a time, and returns each answer.
    static func send(
        _ probes: [MatrixProbe], seed: MatrixWorld, callers: [MatrixCaller], client: any TestClientProtocol,
        width: Int
    ) async throws -> [(MatrixProbe, MatrixAnswer)] {
        let byRole = Dictionary(uniqueKeysWithValues: callers.map { ($0.role, $0) })
        func one(_ probe: MatrixProbe) async throws -> (MatrixProbe, MatrixAnswer) {
            let space = probe.route.firstIndex(of: " ")!
            let method = HTTPRequest.Method(String(probe.route[..<space]))!
            let template = String(probe.route[probe.route.index(after: space)...])
            let caller = byRole[probe.caller]!
            let response = try await caller.send(
                method, seed.path(method.rawValue, template), isAPI: template.hasPrefix("/api/"),
                body: AuthorizationMatrix.bodies[probe.route].map(seed.fill), client: client)
            return (probe, MatrixAnswer(response))
        }
        guard width > 1 else {
            var answers: [(MatrixProbe, MatrixAnswer)] = []
            for probe in probes { answers.append(try await one(probe)) }
            return answers
        }
        return try await withThrowingTaskGroup(of: (MatrixProbe, MatrixAnswer).self) { group in
            var answers: [(MatrixProbe, MatrixAnswer)] = []
            var pending = probes[...]
            for _ in 0..<width {
                guard let probe = pending.popFirst() else { break }
                group.addTask { try await one(probe) }
            }
            while let answer = try await group.next() {
                answers.append(answer)
                if let probe = pending.popFirst() { group.addTask { try await one(probe) } }
            }
            return answers
        }
    }
}

/// One question of the matrix: a route (`METHOD template`) asked by one caller.
struct MatrixProbe: Hashable, Sendable {
    let route: String
    let caller: MatrixCaller.Role
}

/// Who asks: anonymous, each role about A's records, A about their own and B about A's.
struct MatrixCaller: Sendable {
    enum Role: String, CaseIterable, Sendable, CustomStringConvertible {
        case anonymous, admin, head, accountant, own, other
        var description: String { rawValue }
    }

    let role: Role
    let token: String?
    let session: BrowserSession?

    static func all(_ world: TestWorld, _ client: any TestClientProtocol) async throws -> [MatrixCaller] {
        var callers = [MatrixCaller(role: .anonymous, token: nil, session: nil)]
        for (role, user) in [
            (Role.admin, world.admin), (.head, world.head), (.accountant, world.accountant), (.own, world.manager1),
            (.other, world.manager2),
        ] {
            callers.append(
                MatrixCaller(
                    role: role, token: try await world.token(user), session: try await client.login(user.email.value)))
        }
        return callers
    }

    /// The request a client of this kind sends: a bearer token and `{}` (or the route's `body`) to the API, the
    /// session cookie and a form (empty or the route's) with its CSRF token to pages; nothing of either for
    /// anonymous.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, isAPI: Bool, body: MatrixBody? = nil,
        client: any TestClientProtocol
    ) async throws -> TestResponse {
        let hasBody = method != .get && method != .delete && method != .head
        if isAPI {
            switch body {
            case .json(let json): return try await client.api(method, uri, token: token, json: json)
            case .text(let type, let text):
                return try await client.api(method, uri, token: token, json: text, headers: [.contentType: type])
            case .form, nil: return try await client.api(method, uri, token: token, json: hasBody ? "{}" : nil)
            }
        }
        if let session {
            var form: [(String, String)] = []
            if case .form(let fields) = body { form = fields }
            return try await client.browse(method, uri, as: session, form: hasBody ? form : nil)
        }
        return try await client.execute(
            uri: uri, method: method,
            headers: hasBody ? [.contentType: "application/x-www-form-urlencoded"] : [:],
            body: hasBody ? ByteBuffer() : nil)
    }
}

/// What a route answered, as far as the matrix cares.
struct MatrixAnswer: Sendable {
    let status: Int
    let location: String
    let body: String

    init(_ response: TestResponse) {
        status = Int(response.status.code)
        location = response.headers[.location] ?? ""
        body = response.text
    }

    var sentToLogin: Bool { (300..<400).contains(status) && location.hasPrefix("/login") }

    var summary: String { sentToLogin ? "login" : "\(status)" }

    var excerpt: String { status >= 400 && status != 404 ? String(body.prefix(400)) : "" }

    func fits(_ outcome: AuthorizationMatrix.Outcome) -> Bool {
        switch outcome {
        case .allowed: ![401, 403, 404].contains(status) && !sentToLogin && status < 500
        case .hidden: status == 404
        case .forbidden: status == 403
        case .unauthenticated: status == 401
        case .invalid: status == 422
        // A page's GET sends the anonymous caller to the login page; a POST answers 401 with that page.
        case .toLogin: sentToLogin || status == 401
        }
    }
}
