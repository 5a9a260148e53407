import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// Money-creating POSTs that a client may retry under an `Idempotency-Key` (see `IdempotencyService.run`): a retry
/// with the same key and the same request gets the first answer again; nothing is written twice. Without a key the
/// work simply runs.
enum IdempotentRequest {
    /// The request header that names the attempt.
    static let keyHeader = HTTPField.Name("Idempotency-Key")!

    /// What a key is bound to: the method, the target (the path unless named) and the body. The same key with
    /// another request is refused.
    static func identity(_ request: Request, target: String? = nil, body: Data = Data()) -> Data {
        Data("\(request.method.rawValue) \(target ?? request.uri.path)\n".utf8) + body
    }
}
