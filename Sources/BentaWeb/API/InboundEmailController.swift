import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/inbound/email`: a raw RFC 5322 message as a mail server delivers it to a pipe or webhook.
struct InboundEmailController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.API.inboundEmail, use: receive)
    }

    @Sendable func receive(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("message/rfc822") || type.hasPrefix("application/octet-stream") else {
            throw RequestError.unsupportedMediaType(expected: "message/rfc822")
        }
        let limit = services.inboundEmail.limits.maximumMessageBytes
        let bytes = try await JSONBody.bytes(request, limit: limit)
        let result = try await services.inboundEmail.receive([UInt8](bytes), viewer: context.viewer)
        return JSONResponse.make(InboundEmailResponse(result), status: result.isDuplicate ? .ok : .created)
    }
}

struct InboundEmailResponse: Encodable {
    let result: InboundEmailResult

    init(_ result: InboundEmailResult) {
        self.result = result
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.message.id.description, forKey: .messageId)
        try c.encode(result.isDuplicate, forKey: .duplicate)
        try c.encode(result.message.fromAddress, forKey: .from)
        try c.encode(result.message.subject, forKey: .subject)
        try c.encode(result.activityID?.description, forKey: .activityId)
        try c.encode(result.accountID?.description, forKey: .accountId)
        try c.encode(result.contactID?.description, forKey: .contactId)
        try c.encode(result.leadID?.description, forKey: .leadId)
        try c.encode(result.createdLead, forKey: .createdLead)
        try c.encode(result.attachmentCount, forKey: .attachments)
    }

    private enum Keys: String, CodingKey {
        case messageId, duplicate, from, subject, activityId, accountId, contactId, leadId, createdLead, attachments
    }
}
