import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/calendar/{token}.ics`: a user's meetings and tasks for calendar apps. The token in the URL is the only key.
struct CalendarController {
    let services: Services
    let publicURL: PublicURL

    func addRoutes(to router: Router<BentaRequestContext>) {
        router.get(Paths.calendarFeed, use: feed)
    }

    @Sendable func feed(_ request: Request, context: BentaRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
            let text = try await services.calendar.feed(
                token: String(file.dropLast(4)), linkBase: publicURL.base(for: request))
        else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"benta.ics\""
        headers[.cacheControl] = "private, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
