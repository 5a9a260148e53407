import BentaCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// JSON in and out: snake_case keys, ISO 8601 UTC instants, decimals as strings (never JSON floats).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, contentType: String = "application/json"
    ) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "\(contentType); charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Instants as `2026-11-29T09:15:45.123Z`.
enum ISO8601 {
    static func string(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
        .replacingOccurrences(of: "+0000", with: "Z")
    }
}

/// Reading JSON request bodies with clear 400/413/415 errors instead of crashes or silent defaults.
enum JSONBody {
    static let limit = 1024 * 1024

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// The body as raw bytes, refusing more than `limit`.
    static func bytes(_ request: Request, limit: Int = JSONBody.limit) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer: buffer)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw RequestError.bodyTooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            throw RequestError.bodyTooLarge(limit: limit)
        }
    }

    /// Decodes the body as `T`; a wrong content type, broken JSON, wrong types or unknown fields are 400.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, allowedKeys: Set<String>) async throws -> T
    {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json") else {
            throw RequestError.unsupportedMediaType(expected: "application/json")
        }
        return try decode(T.self, data: try await bytes(request), allowedKeys: allowedKeys)
    }

    /// Decodes an already-read JSON body (after its content type was checked) as `T`, like `decode(_:from:)`.
    static func decode<T: Decodable>(_ type: T.Type, data: Data, allowedKeys: Set<String>) throws -> T {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw RequestError.malformedJSON("it does not parse.")
        }
        guard let dictionary = object as? [String: Any] else {
            throw RequestError.malformedJSON("the body must be a JSON object.")
        }
        let unknown = Set(dictionary.keys).subtracting(allowedKeys)
        if let first = unknown.sorted().first {
            throw RequestError.malformedJSON("unknown field '\(first.prefix(60))'.")
        }
        do {
            return try decoder.decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw RequestError.malformedJSON("field '\(path(context.codingPath))' has the wrong type.")
        } catch let DecodingError.keyNotFound(key, _) {
            throw RequestError.malformedJSON("field '\(key.stringValue)' is missing.")
        } catch let DecodingError.dataCorrupted(context) {
            throw RequestError.malformedJSON("field '\(path(context.codingPath))' is not valid.")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
