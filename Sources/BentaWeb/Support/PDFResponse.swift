import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A PDF shown in the browser's viewer (or saved under `filename`).
enum PDFResponse {
    static func make(_ bytes: [UInt8], filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        let safe = filename.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        headers[.contentDisposition] = "inline; filename=\"\(safe.isEmpty ? "document.pdf" : safe)\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
