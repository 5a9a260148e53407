import BentaCore
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/withholding-certificates` (BIR Form 2307: record one, the pending report per customer and quarter) and
/// a payment's collection receipt (issue it, print it) (issue 12). Issuing a receipt honours `Idempotency-Key`.
struct WithholdingAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post(Paths.API.withholdingCertificates, use: recordCertificate)
        group.get(Paths.API.pendingCertificates, use: pending)
        group.post(Paths.API.collectionReceipt, use: issueReceipt)
        group.get(Paths.API.collectionReceiptPDF, use: receiptPDF)
    }

    @Sendable func recordCertificate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            CertificateRequest.self, from: request, allowedKeys: CertificateRequest.allowedKeys)
        let certificate = try await services.payments.recordCertificate(body.draft, viewer: context.viewer)
        return JSONResponse.make(CertificateResponse(certificate: certificate), status: .created)
    }

    @Sendable func pending(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var quarter: TaxQuarter?
        if let text = request.query("quarter") {
            guard let parsed = TaxQuarter(text: text) else {
                throw RequestError.invalidParameter(name: "quarter", message: "must be a quarter such as 2026-Q4.")
            }
            quarter = parsed
        }
        let page = try await services.payments.pendingCertificates(
            viewer: context.viewer, quarter: quarter, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(PendingCertificateResponse.init), nextCursor: page.nextCursor))
    }

    /// Issues the payment's collection receipt: 201 the first time, 200 with the same receipt after; once per
    /// `Idempotency-Key` too.
    @Sendable func issueReceipt(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Payment.ID = try PathID.parse(context, entity: "payment")
        let (services, viewer) = (services, context.viewer)
        let work: @Sendable () async throws -> CollectionReceiptIssue = {
            try await services.payments.issueCollectionReceipt(id, viewer: viewer)
        }
        guard let key = request.headers[IdempotentRequest.keyHeader] else {
            return JSONResponse.answer(try Self.answer(try await work()))
        }
        let answer = try await services.idempotency.run(
            userID: viewer.userID, key: key, request: IdempotentRequest.identity(request),
            answer: { (issue: CollectionReceiptIssue, _) in try Self.answer(issue) }, work: work)
        return JSONResponse.answer(answer)
    }

    static func answer(_ issue: CollectionReceiptIssue) throws -> IdempotencyService.Answer {
        IdempotencyService.Answer(
            status: issue.created ? 201 : 200, location: Paths.API.collectionReceipt(issue.receipt.paymentID),
            body: Data(try JSONResponse.encoder.encodeBytes(CollectionReceiptResponse(receipt: issue.receipt))))
    }

    @Sendable func receiptPDF(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Payment.ID = try PathID.parse(context, entity: "payment")
        let document = try await services.payments.collectionReceiptDocument(id, viewer: context.viewer)
        return PDFResponse.make(
            services.payments.collectionReceiptPDF(document), filename: "\(document.receipt.number).pdf")
    }
}
