import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a response: RFC 9457 problem+json under `/api/` and `/forms/`, an HTML error page
/// (with the same status) elsewhere, and a login redirect for anonymous browser requests. Unknown errors become
/// a generic 500 whose real cause goes to the log with the request id.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BentaRequestContext
    let renderer: PageRenderer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return respond(to: error, request: request, context: context)
        }
    }

    func respond(to error: any Error, request: Request, context: Context) -> Response {
        let (status, code, detail, fieldErrors) = classify(error, context: context)
        let isAPI =
            request.uri.path.hasPrefix("/api/")
            || [Paths.openAPI(), Paths.health(), Paths.ready()].contains(request.uri.path)
        var response: Response
        if isAPI {
            var problem = Problem(status: status, code: code, detail: detail, errors: fieldErrors)
            problem.instance = request.uri.path
            problem.requestID = context.requestID
            response = JSONResponse.make(problem, status: status, contentType: "application/problem+json")
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"benta\"" }
        } else if status == .unauthorized, request.method == .get || request.method == .head {
            let next =
                request.uri.path == "/"
                ? ""
                : "?next=\(request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "")"
            response = .redirect(to: Paths.login() + next, type: .normal)
        } else {
            let language = renderer.language(for: request, identity: context.identity)
            let strings = renderer.translations.table(language)
            let heading = strings["error_status_\(status.code)"] ?? status.reasonPhrase
            let message = ProblemText.message(for: error, code: code, detail: detail, in: strings)
            response = renderer.render(
                "error", title: heading,
                model: ErrorPage(
                    status: Int(status.code), heading: heading, message: message, request_id: context.requestID),
                section: nil, identity: context.identity, language: language, status: status)
        }
        if case AuthError.tooManyAttempts(let seconds) = error { response.headers[.retryAfter] = String(seconds) }
        if let http = error as? HTTPError, let allow = http.headers[.allow] { response.headers[.allow] = allow }
        return response
    }

    private func classify(
        _ error: any Error, context: Context
    )
        -> (HTTPResponse.Status, String, String, [FieldError]?)
    {
        switch error {
        case let validation as ValidationErrors:
            return (.unprocessableContent, validation.code, validation.detail, validation.errors)
        case let classified as any ClassifiedError:
            if classified.kind == .forbidden || classified.kind == .notFound {
                context.logger.notice("refused", metadata: ["code": .string(classified.code)])
            }
            return (ErrorStatus.status(for: classified.kind), classified.code, classified.detail, nil)
        case let http as HTTPError:
            let code: String
            switch http.status {
            case .notFound: code = "not_found"
            case .contentTooLarge: code = "body_too_large"
            case .methodNotAllowed: code = "method_not_allowed"
            default: code = "http_\(http.status.code)"
            }
            let detail =
                switch http.status {
                case .notFound: "There is nothing at this address."
                case .methodNotAllowed: "This address does not accept this method; see the Allow header."
                default: http.status.reasonPhrase
                }
            return (http.status, code, detail, nil)
        default:
            context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            return (
                .internalServerError, "internal_error", "Something went wrong on our side. The error was logged.", nil
            )
        }
    }
}
