import BentaCore
import BentaFormats
import BentaServices
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/payments`, `/api/v1/bank-accounts`, allocations and their reversals, each customer's withholding
/// default, and the ledger's balances (issue 12). Recording a payment honours `Idempotency-Key`.
struct PaymentsAPIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.API.bankAccounts, use: bankAccounts)
        group.post(Paths.API.bankAccounts, use: createBankAccount)
        group.get(Paths.API.payments, use: list)
        group.post(Paths.API.payments, use: record)
        group.get(Paths.API.payment, use: show)
        group.post(Paths.API.paymentAllocations, use: allocate)
        group.post(Paths.API.allocationReversal, use: reverse)
        group.get(Paths.API.accountWithholding, use: withholding)
        group.put(Paths.API.accountWithholding, use: saveWithholding)
        group.get(Paths.API.ledgerBalances, use: ledgerBalances)
        group.get(Paths.API.receivablesAging, use: aging)
        group.get(Paths.API.bankStatements, use: statements)
        group.post(Paths.API.bankStatements, use: importStatement)
        group.get(Paths.API.bankStatement, use: statement)
        group.get(Paths.API.bankStatementLines, use: statementLines)
        group.post(Paths.API.confirmStatementLine, use: confirmLine)
        group.post(Paths.API.ignoreStatementLine, use: ignoreLine)
    }

    // MARK: Bank accounts

    @Sendable func bankAccounts(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accounts = try await services.payments.bankAccounts(viewer: context.viewer)
        return JSONResponse.make(ListResponse(data: accounts.map(BankAccountResponse.init), nextCursor: nil))
    }

    @Sendable func createBankAccount(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let body = try await JSONBody.decode(
            BankAccountRequest.self, from: request, allowedKeys: BankAccountRequest.allowedKeys)
        let account = try await services.payments.createBankAccount(
            BankAccountDraft(
                name: body.name ?? "", bank: body.bank ?? "", number: body.number, iban: body.iban,
                currency: body.currency ?? ""), viewer: context.viewer)
        return JSONResponse.make(BankAccountResponse(account), status: .created)
    }

    // MARK: Payments

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID? = try ListQuery.id(request, "account_id", message: "must be an account id.")
        let page = try await services.payments.list(
            viewer: context.viewer, accountID: accountID, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(
                data: page.items.map { PaymentSummaryResponse(payment: $0.payment, unallocated: $0.unallocated) },
                nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let detail = try await services.payments.payment(
            try PathID.parse(context, entity: "payment"), viewer: context.viewer)
        return JSONResponse.make(PaymentResponse(detail))
    }

    /// Records a payment (and its allocations, if any) once per `Idempotency-Key`: a retry gets the same answer.
    @Sendable func record(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw RequestError.unsupportedMediaType(expected: "application/json")
        }
        let data = try await JSONBody.bytes(request)
        let body = try JSONBody.decode(PaymentRequest.self, data: data, allowedKeys: PaymentRequest.allowedKeys)
        let draft = body.draft
        let (services, viewer) = (services, context.viewer)
        let work: @Sendable () async throws -> PaymentDetail = {
            try await services.payments.record(draft, viewer: viewer)
        }
        guard let key = request.headers[IdempotentRequest.keyHeader] else {
            return JSONResponse.answer(try Self.answer(try await work()))
        }
        let answer = try await services.idempotency.run(
            userID: viewer.userID, key: key, request: IdempotentRequest.identity(request, body: data),
            answer: { (detail: PaymentDetail, _) in try Self.answer(detail) }, work: work)
        return JSONResponse.answer(answer)
    }

    static func answer(_ detail: PaymentDetail) throws -> IdempotencyService.Answer {
        IdempotencyService.Answer(
            status: 201, location: Paths.API.payment(detail.payment.id),
            body: Data(try JSONResponse.encoder.encodeBytes(PaymentResponse(detail))))
    }

    @Sendable func allocate(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: Payment.ID = try PathID.parse(context, entity: "payment")
        let body = try await JSONBody.decode(
            AllocationsRequest.self, from: request, allowedKeys: AllocationsRequest.allowedKeys)
        let detail = try await services.payments.allocate(
            body.allocations.map(\.draft), paymentID: id, viewer: context.viewer)
        return JSONResponse.make(PaymentResponse(detail))
    }

    @Sendable func reverse(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let reversal = try await services.payments.reverse(
            try PathID.parse(context, entity: "allocation"), viewer: context.viewer)
        return JSONResponse.make(AllocationResponse(reversal, isReversed: false), status: .created)
    }

    // MARK: Withholding defaults

    @Sendable func withholding(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let saved = try await services.payments.withholdingProfile(
            accountID: try PathID.parse(context, entity: "account"), viewer: context.viewer)
        return JSONResponse.record(
            WithholdingProfileResponse(profile: saved.profile, version: saved.version), version: saved.version)
    }

    @Sendable func saveWithholding(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID: Account.ID = try PathID.parse(context, entity: "account")
        let body = try await JSONBody.decode(
            WithholdingProfileRequest.self, from: request, allowedKeys: WithholdingProfileRequest.allowedKeys)
        let version = try VersionPrecondition.required(body: body.version, request: request)
        let profile = try body.profile()
        let saved = try await services.payments.saveWithholdingProfile(
            profile, accountID: accountID, viewer: context.viewer, expectedVersion: version)
        return JSONResponse.record(
            WithholdingProfileResponse(profile: saved.profile, version: saved.version), version: saved.version)
    }

    // MARK: Ledger

    @Sendable func ledgerBalances(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var asOf: CalendarDate?
        if let text = request.query("as_of") {
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: "as_of", message: "must be a date YYYY-MM-DD.")
            }
            asOf = date
        }
        let balances = try await services.payments.ledgerBalances(viewer: context.viewer, asOf: asOf)
        return JSONResponse.make(ListResponse(data: balances.map(LedgerBalanceResponse.init), nextCursor: nil))
    }

    // MARK: Bank statements

    /// The file is the body (camt XML, MT940, OFX or CSV; up to 50 MiB); `?bank_account_id=` for a file that names
    /// no account, `?profile=` for a CSV layout, `?file_name=` for the record. Honours `Idempotency-Key`.
    @Sendable func importStatement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let accepted = [
            "application/xml", "text/xml", "text/csv", "text/plain", "application/x-ofx", "application/ofx",
            "application/octet-stream",
        ]
        guard accepted.contains(where: { type.hasPrefix($0) }) else {
            throw RequestError.unsupportedMediaType(
                expected: "application/xml, text/csv, text/plain or application/x-ofx")
        }
        let bankAccountID: BankAccount.ID? = try ListQuery.id(
            request, "bank_account_id", message: "must be a bank account id.")
        let profile = request.query("profile")
        let fileName = request.query("file_name") ?? "statement"
        guard fileName.count <= 200 else {
            throw RequestError.invalidParameter(name: "file_name", message: "must have at most 200 characters.")
        }
        let data = try await JSONBody.bytes(request, limit: BankFileRules.maximumBytes)
        let (services, viewer, account) = (services, context.viewer, bankAccountID)
        let work: @Sendable () async throws -> PaymentService.StatementImport = {
            try await services.payments.importStatement(
                data, fileName: fileName, bankAccountID: account, profileID: profile, viewer: viewer)
        }
        let build: @Sendable (PaymentService.StatementImport) throws -> IdempotencyService.Answer = { result in
            IdempotencyService.Answer(
                status: 201, location: nil,
                body: Data(try JSONResponse.encoder.encodeBytes(StatementImportResponse(result))))
        }
        guard let key = request.headers[IdempotentRequest.keyHeader] else {
            return JSONResponse.answer(try build(try await work()))
        }
        // The key is bound to the query too: the bank account, profile and file name are in it.
        let answer = try await services.idempotency.run(
            userID: viewer.userID, key: key,
            request: IdempotentRequest.identity(request, target: "\(request.uri)", body: data),
            answer: { (result: PaymentService.StatementImport, _) in try build(result) }, work: work)
        return JSONResponse.answer(answer)
    }

    @Sendable func statements(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let page = try await services.payments.statements(viewer: context.viewer, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(StatementResponse.init), nextCursor: page.nextCursor))
    }

    /// One statement, with its import's progress (`import_status`, `lines_read` of `lines_total`, `line_count`
    /// filed, `lines_matched`) as each batch commits: poll it while a large file imports.
    @Sendable func statement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let statement = try await services.payments.statement(
            try PathID.parse(context, entity: "bank_statement"), viewer: context.viewer)
        return JSONResponse.make(StatementResponse(statement))
    }

    @Sendable func statementLines(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var status: StatementLineStatus?
        if let text = request.query("status") {
            guard let parsed = StatementLineStatus(rawValue: text) else {
                throw RequestError.invalidParameter(name: "status", message: "must be unmatched, matched or ignored.")
            }
            status = parsed
        }
        let statementID: ImportedStatement.ID? = try ListQuery.id(
            request, "statement_id", message: "must be a statement id.")
        let page = try await services.payments.statementLines(
            viewer: context.viewer, status: status, statementID: statementID, page: try ListQuery.page(request))
        return JSONResponse.make(
            ListResponse(data: page.items.map(StatementLineResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func confirmLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id: StatementLineRecord.ID = try PathID.parse(context, entity: "statement_line")
        let body = try await JSONBody.decode(
            ConfirmLineRequest.self, from: request, allowedKeys: ConfirmLineRequest.allowedKeys)
        let detail = try await services.payments.confirmLine(
            id, accountID: body.accountId ?? "", allocations: (body.allocations ?? []).map(\.draft),
            exchangeRate: body.exchangeRate ?? "", viewer: context.viewer)
        return JSONResponse.make(
            PaymentResponse(detail), status: .created, location: Paths.API.payment(detail.payment.id))
    }

    @Sendable func ignoreLine(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let line = try await services.payments.ignoreLine(
            try PathID.parse(context, entity: "statement_line"), viewer: context.viewer)
        return JSONResponse.make(StatementLineResponse(line))
    }

    // MARK: Receivables

    /// `?as_of=` (default today in the company's time zone), `?group=customer|manager|currency` (default customer;
    /// customers come one keyset page at a time).
    @Sendable func aging(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let asOf: CalendarDate
        if let text = request.query("as_of") {
            guard let date = CalendarDate(iso8601: text) else {
                throw RequestError.invalidParameter(name: "as_of", message: "must be a date YYYY-MM-DD.")
            }
            asOf = date
        } else {
            asOf = try await services.invoices.today(companyID: context.viewer.companyID)
        }
        let grouping: AgingGrouping
        switch request.query("group") {
        case nil: grouping = .customer
        case let text?:
            guard let parsed = AgingGrouping(rawValue: text) else {
                throw RequestError.invalidParameter(name: "group", message: "must be customer, manager or currency.")
            }
            grouping = parsed
        }
        let page = try ListQuery.page(request)
        var cursor: String?
        if let text = request.query("cursor") {
            guard Account.ID(string: text) != nil else {
                throw RequestError.invalidParameter(name: "cursor", message: "must be the next_cursor of a page.")
            }
            cursor = text
        }
        let result = try await services.payments.aging(
            viewer: context.viewer, asOf: asOf, grouping: grouping, cursor: cursor, limit: page.limit)
        return JSONResponse.make(
            AgingResponse(asOf: asOf, buckets: AgingBuckets.standard, rows: result.rows, nextCursor: result.nextCursor))
    }
}
