import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// JSON in and out: snake_case keys, ISO 8601 UTC instants, decimals as strings (never JSON floats).
enum JSONResponse {
    /// The API's writer (``WireJSONEncoder``): Foundation's `convertToSnakeCase` names without its per-member cost,
    /// members in the order the wire type writes them.
    static let encoder = WireJSONEncoder()

    /// The response for an answer a money-creating request made or replays under its `Idempotency-Key` (status,
    /// `Location`, JSON body as stored), with the document's version as its ETag when the body carries one.
    static func answer(_ answer: IdempotencyService.Answer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if let location = answer.location { headers[.location] = location }
        if let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
            let version = object["version"] as? Int
        {
            headers[.eTag] = "\"\(version)\""
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// `value` as JSON in `status`, with `location` as the `Location` of what a request just made or started.
    static func make<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, location: String? = nil,
        contentType: String = "application/json"
    ) -> Response {
        let bytes = (try? encoder.encodeBytes(value)) ?? Array("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "\(contentType); charset=utf-8"
        headers[.cacheControl] = "no-store"
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A versioned record's JSON (``make(_:status:location:contentType:)``) with its version as the strong ETag,
    /// which the client sends back as `If-Match` with its next change. Every record answer of the API goes here.
    static func record<T: Encodable>(
        _ value: T, version: Int64, status: HTTPResponse.Status = .ok, location: String? = nil
    ) -> Response {
        var response = make(value, status: status, location: location)
        response.setVersionTag(version)
        return response
    }
}

/// Instants as `2026-11-29T09:15:45.123Z`.
enum ISO8601 {
    /// Written by hand from the UTC calendar fields (every response has a few instants, and a `FormatStyle` per
    /// instant was a visible share of a list's time): the text of
    /// `.iso8601.year().month().day().time(includingFractionalSeconds: true)` in UTC, at the stored millisecond
    /// (Foundation cut the binary fraction of a millisecond read back from storage, and printed …20.123 as
    /// …20.122 now and then).
    static func string(_ date: Date) -> String {
        var text = [UInt8]()
        text.reserveCapacity(24)
        append(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of ``string(_:)`` to `text` (the JSON writer writes instants straight into its bytes).
    static func append(_ date: Date, to text: inout [UInt8]) {
        // An instant read back from its stored milliseconds is a binary fraction a hair below or above them: the
        // nearest millisecond then, else the millisecond it is in.
        let scaled = date.timeIntervalSince1970 * 1_000
        guard abs(scaled) < 33e12 else { return text.append(contentsOf: formatted(date).utf8) }
        let nearest = scaled.rounded()
        let milliseconds = Int64(abs(scaled - nearest) < 0.01 ? nearest : scaled.rounded(.down))
        let days = Int64((Double(milliseconds) / 86_400_000).rounded(.down))
        let ofDay = milliseconds - days * 86_400_000
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Foundation's calendar is Julian before 1582; the rest is the proleptic Gregorian one used here.
        guard (1600...2999).contains(year) else { return text.append(contentsOf: formatted(date).utf8) }
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(month, 2)
        text.append(UInt8(ascii: "-"))
        digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(ofDay / 3_600_000, 2)
        text.append(UInt8(ascii: ":"))
        digits(ofDay / 60_000 % 60, 2)
        text.append(UInt8(ascii: ":"))
        digits(ofDay / 1_000 % 60, 2)
        text.append(UInt8(ascii: "."))
        digits(ofDay % 1_000, 3)
        text.append(UInt8(ascii: "Z"))
    }

    /// Foundation's formatting, for instants outside the years 1600–2999.
    static func formatted(_ date: Date) -> String {
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
        decoder.userInfo[.jsonBody] = true
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
        if let nullable = (T.self as? any NullableMembers.Type)?.nullableKeys,
            let member = dictionary.filter({ $0.value is NSNull && !nullable.contains($0.key) }).keys.sorted().first
        {
            throw RequestError.malformedJSON("field '\(member)' may not be null.")
        }
        do {
            return try decoder.decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw RequestError.malformedJSON("field '\(path(context.codingPath))' has the wrong type.")
        } catch let DecodingError.keyNotFound(key, _) {
            throw RequestError.malformedJSON("field '\(key.stringValue)' is missing.")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Foundation names no field when a number does not fit (a huge `version`).
            throw RequestError.malformedJSON("a value is not valid: \(context.debugDescription.prefix(120))")
        } catch let DecodingError.dataCorrupted(context) {
            throw RequestError.malformedJSON("field '\(path(context.codingPath))' is not valid.")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
