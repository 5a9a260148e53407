import BentaCore
import Foundation
import HTTPTypes

/// An RFC 9457 problem document, the body of every API error.
struct Problem: Encodable, Sendable {
    /// A stable URN per problem code, documented in the OpenAPI document.
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var instance: String?
    var requestID: String?
    var errors: [FieldError]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, instance, errors
        case requestID = "request_id"
    }

    init(status: HTTPResponse.Status, code: String, detail: String, errors: [FieldError]? = nil) {
        self.type = "urn:benta:problem:\(code)"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.code = code
        self.errors = errors
    }

    /// A member without a value is left out, as RFC 9457 members are (the wire writer would send `null`): `errors`
    /// when no field is wrong; `instance` and `request_id`, which the error middleware always sets, likewise.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(code, forKey: .code)
        try c.encodeOmittingNil(instance, forKey: .instance)
        try c.encodeOmittingNil(errors, forKey: .errors)
        try c.encodeOmittingNil(requestID, forKey: .requestID)
    }
}

/// How Benta's error kinds map to HTTP.
enum ErrorStatus {
    static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .validation: .unprocessableContent
        case .malformedInput: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .staleVersion: .preconditionFailed
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .tooManyRequests: .tooManyRequests
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unavailable: .serviceUnavailable
        }
    }
}

/// Errors the web layer itself raises about the shape of a request.
enum RequestError: ClassifiedError {
    case malformedJSON(String)
    case bodyTooLarge(limit: Int)
    case versionRequired
    case versionMismatch
    case unsupportedMediaType(expected: String)
    case invalidParameter(name: String, message: String)
    case malformedUpload(String)

    var kind: ErrorKind {
        switch self {
        case .malformedJSON: .malformedInput
        case .unsupportedMediaType: .unsupportedMediaType
        case .bodyTooLarge: .payloadTooLarge
        case .versionRequired, .versionMismatch: .malformedInput
        case .invalidParameter: .validation
        case .malformedUpload: .malformedInput
        }
    }

    var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .bodyTooLarge: "body_too_large"
        case .versionRequired: "version_required"
        case .versionMismatch: "version_mismatch"
        case .unsupportedMediaType: "unsupported_media_type"
        case .invalidParameter: "invalid_parameter"
        case .malformedUpload: "malformed_upload"
        }
    }

    var detail: String {
        switch self {
        case .malformedJSON(let why): "The request body is not valid JSON for this operation: \(why)"
        case .bodyTooLarge(let limit): "The request body is larger than \(limit / 1024) KiB."
        case .versionRequired:
            "Send the record's current version, as \"version\" in the body or in an If-Match header."
        case .versionMismatch: "The version in the body and in If-Match differ; send one, or the same in both."
        case .unsupportedMediaType(let expected): "Send the body as \(expected)."
        case .invalidParameter(let name, let message): "\(name): \(message)"
        case .malformedUpload(let why): "The upload could not be read: \(why)"
        }
    }
}
