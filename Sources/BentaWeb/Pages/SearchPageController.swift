import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// The one search box: a page for people and `/api/v1/search` for programs.
struct SearchPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(pages: RouterGroup<AuthenticatedContext>, api: RouterGroup<AuthenticatedContext>) {
        pages.get(Paths.search, use: page)
        api.get(Paths.API.search, use: json)
    }

    @Sendable func page(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = request.query("q") ?? ""
        let hits = try await services.search.search(query, viewer: context.viewer)
        let strings = renderer.translations.table(context.user.language)
        return renderer.render(
            "search", title: strings["search_title"] ?? "Search",
            model: SearchPage.make(query: query, hits: hits, strings: strings, url: Self.url), section: nil,
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

    static func url(_ hit: SearchHit) -> String? {
        switch hit.entity {
        case .account: Account.ID(string: hit.id).map { Paths.account($0) }
        case .contact: Contact.ID(string: hit.id).map { Paths.contact($0) }
        case .lead: Lead.ID(string: hit.id).map { Paths.lead($0) }
        case .deal: Deal.ID(string: hit.id).map { Paths.deal($0) }
        case .invoice: Invoice.ID(string: hit.id).map { Paths.invoice($0) }
        }
    }
}

struct SearchHitResponse: Encodable {
    let entity: String
    let id: String
    let title: String
    let subtitle: String?
}
