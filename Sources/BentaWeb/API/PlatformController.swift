import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/health`, `/ready` and `/openapi.json`: no login needed.
struct PlatformController {
    let services: Services
    let openAPIDocument: ByteBuffer

    func addRoutes(to router: Router<BentaRequestContext>) {
        router.get(Paths.health) { _, _ in
            JSONResponse.make(["status": "ok"])
        }
        router.get(Paths.ready) { _, _ in
            let ready = await services.isDatabaseReachable()
            return JSONResponse.make(
                ["status": ready ? "ready" : "database unreachable"], status: ready ? .ok : .serviceUnavailable)
        }
        let document = openAPIDocument
        router.get(Paths.openAPI) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
        }
    }
}
