import BentaCore
import BentaServices
import BentaStore
import Foundation
import HTTPTypes
import Hummingbird

/// The one search box: a page for people and `/api/v1/search` for programs.
struct SearchPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(pages: RouterGroup<AuthenticatedContext>, api: RouterGroup<AuthenticatedContext>) {
        pages.get("/search", use: page)
        api.get("search", use: json)
    }

    @Sendable func page(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = request.query("q") ?? ""
        let hits = try await services.search.search(query, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        let groups = SearchHit.Entity.allCases.map { entity -> [String: Any] in
            let rows = hits.filter { $0.entity == entity }.map { hit -> [String: Any] in
                ["title": hit.title, "subtitle": hit.subtitle ?? "", "url": Self.url(hit)]
            }
            return [
                "label": strings["search_group_\(entity.rawValue)"] ?? entity.rawValue, "hits": rows,
                "has_hits": !rows.isEmpty,
            ]
        }
        return renderer.render(
            "search", title: strings["search_title"] ?? "Search",
            values: ["q": query, "groups": groups, "has_query": !query.isEmpty, "has_hits": !hits.isEmpty],
            identity: context.identity, language: context.user.language)
    }

    @Sendable func json(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let hits = try await services.search.search(request.query("q") ?? "", viewer: context.viewer)
        return JSONResponse.make(
            ListResponse(
                data: hits.map {
                    SearchHitResponse(entity: $0.entity.rawValue, id: $0.id, title: $0.title, subtitle: $0.subtitle)
                }, nextCursor: nil))
    }

    static func url(_ hit: SearchHit) -> String {
        switch hit.entity {
        case .account: "/accounts/\(hit.id)"
        case .contact: "/contacts/\(hit.id)"
        case .lead: "/leads/\(hit.id)"
        }
    }
}

struct SearchHitResponse: Encodable {
    let entity: String
    let id: String
    let title: String
    let subtitle: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entity, forKey: .entity)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(subtitle, forKey: .subtitle)
    }

    private enum CodingKeys: String, CodingKey { case entity, id, title, subtitle }
}
