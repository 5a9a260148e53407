import BentaCore
import BentaFormats
import BentaServices
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Who is making a request, once authenticated.
public struct Identity: Sendable {
    public var user: User
    /// Set for browser sessions: the anti-forgery token forms must echo, and the cookie secret.
    public var csrfToken: String?
    public var sessionToken: String?
    /// Set for bearer tokens: what the token may be used for.
    public var tokenPurpose: APITokenPurpose? = nil
    /// The company's duty settings as authentication read them: which actions the pages offer. The services
    /// check the duties again in their own transaction.
    public var duties: DutySettings = .standard
    /// Set when `?lang=` showed this page in another language than the user's own (``LanguageMiddleware``).
    public var languageOffer: LanguageOffer? = nil

    public var viewer: Viewer { user.viewer }

    /// Whether the user's role has `duty` in the company's settings.
    public func has(_ duty: Duty) -> Bool { duties.allows(duty, for: user.role) }
}

/// Per-request facts: the request id, the caller's address, and the identity once a middleware has found one.
public struct BentaRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var remoteAddress: String
    public var identity: Identity?
    /// The urlencoded form of a state-changing browser request, read once (and CSRF-checked) by a middleware.
    public var form: FormData?
    /// The parts of a `multipart/form-data` upload, read with the form.
    public var multipart: MultipartFormData?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies above this size are refused with 413.
    public var maxUploadSize: Int { 1024 * 1024 }
}

/// Where links to Benta point: the configured public URL, else the host the request came to.
struct PublicURL: Sendable {
    let configured: String?
    let secure: Bool

    func base(for request: Request) -> String {
        if let configured { return configured }
        let host = request.head.authority ?? "127.0.0.1"
        return "\(secure ? "https" : "http")://\(host)"
    }
}

/// A request whose caller is known: "logged in" as a compile-time fact for the handlers that need it.
public struct AuthenticatedContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let remoteAddress: String
    public let identity: Identity
    public let form: FormData?
    public let multipart: MultipartFormData?

    public init(context: BentaRequestContext) throws {
        guard let identity = context.identity else { throw AuthError.unauthenticated }
        coreContext = context.coreContext
        requestID = context.requestID
        remoteAddress = context.remoteAddress
        self.identity = identity
        form = context.form
        multipart = context.multipart
    }

    /// The caller, acting in this request: the audit rows of their changes carry its id.
    public var viewer: Viewer { identity.viewer.inRequest(requestID) }
    public var user: User { identity.user }
    public var maxUploadSize: Int { 1024 * 1024 }
}
