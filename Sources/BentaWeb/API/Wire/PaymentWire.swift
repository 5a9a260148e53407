import BentaCore
import BentaServices
import Foundation

// The wire shapes of payments (issue 12): money as decimal strings in the document's currency, dates as
// YYYY-MM-DD, snake_case keys (the decoder converts them; the encoder writes them).

struct BankAccountRequest: Decodable {
    static let allowedKeys: Set<String> = ["name", "bank", "number", "iban", "currency"]
    let name: String?
    let bank: String?
    let number: String?
    let iban: String?
    let currency: String?
}

struct BankAccountResponse: Encodable {
    let id: String
    let name: String
    let bank: String
    let number: String?
    let iban: String?
    let currency: String
    let createdAt: Date
    let version: Int64

    init(_ account: BankAccount) {
        id = account.id.description
        name = account.name
        bank = account.bank
        number = account.number
        iban = account.iban
        currency = account.currency.code
        createdAt = account.createdAt
        version = account.version
    }
}

struct WithholdingRequest: Decodable {
    let kind: String?
    let taxCode: String?
    let ratePercent: String?
    let base: String?
    let amount: String?

    var draft: WithholdingDraft {
        WithholdingDraft(
            kind: kind ?? "", taxCode: taxCode ?? "", ratePercent: ratePercent ?? "", base: base ?? "",
            amount: amount ?? "")
    }
}

struct AllocationRequestBody: Decodable {
    let invoiceId: String?
    let amount: String?
    /// Absent = the customer's default withholding; `[]` = none.
    let withholdings: [WithholdingRequest]?

    var draft: AllocationDraft {
        AllocationDraft(invoiceID: invoiceId ?? "", amount: amount ?? "", withholdings: withholdings?.map(\.draft))
    }
}

struct PaymentRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "account_id", "received_on", "amount", "currency", "method", "reference", "bank_account_id", "notes",
        "allocations", "exchange_rate",
    ]
    let accountId: String?
    let receivedOn: String?
    let amount: String?
    let currency: String?
    let method: String?
    let reference: String?
    let bankAccountId: String?
    let notes: String?
    let allocations: [AllocationRequestBody]?
    let exchangeRate: String?

    var draft: PaymentDraft {
        PaymentDraft(
            accountID: accountId ?? "", receivedOn: receivedOn ?? "", amount: amount ?? "", currency: currency ?? "",
            method: method ?? "", reference: reference ?? "", bankAccountID: bankAccountId ?? "", notes: notes ?? "",
            allocations: (allocations ?? []).map(\.draft), exchangeRate: exchangeRate ?? "")
    }
}

struct AllocationsRequest: Decodable {
    static let allowedKeys: Set<String> = ["allocations"]
    let allocations: [AllocationRequestBody]
}

struct WithholdingProfileRequest: Decodable {
    static let allowedKeys: Set<String> = ["preset", "rates", "version"]
    struct Rate: Decodable {
        let kind: String
        let taxCode: String?
        let ratePercent: String
    }
    let preset: String?
    let rates: [Rate]?
    let version: Int64?

    /// A preset by its code, or explicit rates (not both).
    func profile() throws -> WithholdingProfile {
        var errors = ValidationErrors()
        switch (preset, rates) {
        case (let code?, nil):
            guard let found = WithholdingProfile.presets.first(where: { $0.code == code }) else {
                errors.add(
                    field: "preset", code: "invalid_preset",
                    message: "Choose none, goods, services, government_goods or government_services.")
                throw errors
            }
            return found.profile
        case (nil, let rates?):
            var parsed: [WithholdingProfile.Rate] = []
            for (index, rate) in rates.enumerated() {
                guard let kind = WithholdingKind(rawValue: rate.kind),
                    let percent = DecimalText.parse(rate.ratePercent)
                else {
                    errors.add(
                        field: "rates[\(index)]", code: "invalid_rate", message: "Give kind ewt or vat and a rate.")
                    continue
                }
                parsed.append(.init(kind: kind, taxCode: (rate.taxCode ?? "").uppercased(), ratePercent: percent))
            }
            try errors.throwIfAny()
            return WithholdingProfile(rates: parsed)
        default:
            errors.add(field: "preset", code: "preset_or_rates", message: "Send either a preset or rates.")
            throw errors
        }
    }
}

struct WithholdingProfileResponse: Encodable {
    let profile: WithholdingProfile
    let version: Int64

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(profile.code, forKey: .preset)
        try c.encode(profile.rates.map(RateResponse.init), forKey: .rates)
        try c.encode(version, forKey: .version)
    }

    private enum Keys: String, CodingKey { case preset, rates, version }

    struct RateResponse: Encodable {
        let kind: String
        let taxCode: String
        let ratePercent: String

        init(_ rate: WithholdingProfile.Rate) {
            kind = rate.kind.rawValue
            taxCode = rate.taxCode
            ratePercent = "\(rate.ratePercent)"
        }
    }
}

struct WithholdingLineResponse: Encodable {
    let kind: String
    let taxCode: String
    let ratePercent: String
    let base: String
    let amount: String

    init(_ line: WithholdingLine) {
        kind = line.kind.rawValue
        taxCode = line.taxCode
        ratePercent = "\(line.ratePercent)"
        base = line.base.decimalString
        amount = line.amount.decimalString
    }
}

struct AllocationResponse: Encodable {
    let id: String
    let paymentId: String
    let invoiceId: String
    let amount: String
    let withheld: String
    let withholdings: [WithholdingLineResponse]
    let allocatedOn: String
    let reversesId: String?
    let isReversed: Bool

    init(_ allocation: PaymentAllocation, isReversed: Bool) {
        id = allocation.id.description
        paymentId = allocation.paymentID.description
        invoiceId = allocation.invoiceID.description
        amount = allocation.cash.decimalString
        withheld = allocation.withheld.decimalString
        withholdings = allocation.withholdings.map(WithholdingLineResponse.init)
        allocatedOn = allocation.allocatedOn.iso8601String
        reversesId = allocation.reversesID?.description
        self.isReversed = isReversed
    }
}

struct PaymentSummaryResponse: Encodable {
    let payment: Payment
    let unallocated: Money

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(payment.id.description, forKey: .id)
        try c.encode(payment.accountID.description, forKey: .accountId)
        try c.encode(payment.receivedOn.iso8601String, forKey: .receivedOn)
        try c.encode(payment.amount.decimalString, forKey: .amount)
        try c.encode(payment.amount.currency.code, forKey: .currency)
        try c.encode(payment.method.rawValue, forKey: .method)
        try c.encode(payment.reference, forKey: .reference)
        try c.encode(payment.bankAccountID?.description, forKey: .bankAccountId)
        try c.encode(payment.notes, forKey: .notes)
        try c.encode(unallocated.decimalString, forKey: .unallocated)
        try c.encode(payment.createdAt, forKey: .createdAt)
        try c.encode(payment.exchangeRate.map(DecimalText.format), forKey: .exchangeRate)
    }

    enum Keys: String, CodingKey {
        case id, accountId, receivedOn, amount, currency, method, reference, bankAccountId, notes, unallocated
        case createdAt, allocations, isVoid, exchangeRate
    }
}

struct PaymentResponse: Encodable {
    let detail: PaymentDetail

    init(_ detail: PaymentDetail) {
        self.detail = detail
    }

    func encode(to encoder: any Encoder) throws {
        try PaymentSummaryResponse(payment: detail.payment, unallocated: detail.unallocated).encode(to: encoder)
        var c = encoder.container(keyedBy: PaymentSummaryResponse.Keys.self)
        try c.encode(
            detail.allocations.map { AllocationResponse($0, isReversed: detail.reversedIDs.contains($0.id)) },
            forKey: .allocations)
        try c.encode(detail.isVoid, forKey: .isVoid)
    }
}

struct LedgerBalanceResponse: Encodable {
    let account: String
    let currency: String
    let balance: String

    init(_ balance: LedgerBalance) {
        account = balance.account.rawValue
        currency = balance.balance.currency.code
        self.balance = balance.balance.decimalString
    }
}

struct ConfirmLineRequest: Decodable {
    static let allowedKeys: Set<String> = ["account_id", "allocations", "exchange_rate"]
    let accountId: String?
    let allocations: [AllocationRequestBody]?
    /// Required for a line in another currency than the base currency (as `PaymentRequest.exchangeRate`).
    let exchangeRate: String?
}

struct StatementResponse: Encodable {
    let statement: ImportedStatement

    init(_ statement: ImportedStatement) {
        self.statement = statement
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(statement.id.description, forKey: .id)
        try c.encode(statement.bankAccountID.description, forKey: .bankAccountId)
        try c.encode(statement.format, forKey: .format)
        try c.encode(statement.fileName, forKey: .fileName)
        try c.encode(statement.identifier, forKey: .identifier)
        try c.encode(statement.fromDate?.iso8601String, forKey: .fromDate)
        try c.encode(statement.toDate?.iso8601String, forKey: .toDate)
        try c.encode(statement.currency.code, forKey: .currency)
        try c.encode(statement.opening?.decimalString, forKey: .openingBalance)
        try c.encode(statement.closing?.decimalString, forKey: .closingBalance)
        try c.encode(statement.lineCount, forKey: .lineCount)
        try c.encode(statement.duplicateCount, forKey: .duplicateCount)
        try c.encode(statement.warnings, forKey: .warnings)
        try c.encode(statement.importedAt, forKey: .importedAt)
        try c.encode(statement.importStatus.rawValue, forKey: .importStatus)
        try c.encode(statement.linesTotal, forKey: .linesTotal)
        try c.encode(statement.linesRead, forKey: .linesRead)
        try c.encode(statement.linesMatched, forKey: .linesMatched)
        try c.encode(statement.importError, forKey: .importError)
    }

    private enum Keys: String, CodingKey {
        case id, bankAccountId, format, fileName, identifier, fromDate, toDate, currency, openingBalance
        case closingBalance, lineCount, duplicateCount, warnings, importedAt
        case importStatus, linesTotal, linesRead, linesMatched, importError
    }
}

struct StatementImportResponse: Encodable {
    let result: PaymentService.StatementImport

    init(_ result: PaymentService.StatementImport) {
        self.result = result
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.statements.map(StatementResponse.init), forKey: .statements)
        try c.encode(result.warnings, forKey: .warnings)
        try c.encode(result.autoMatched, forKey: .autoMatched)
    }

    private enum Keys: String, CodingKey { case statements, warnings, autoMatched }
}

struct StatementLineResponse: Encodable {
    let line: StatementLineRecord

    init(_ line: StatementLineRecord) {
        self.line = line
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(line.id.description, forKey: .id)
        try c.encode(line.statementID.description, forKey: .statementId)
        try c.encode(line.bankAccountID.description, forKey: .bankAccountId)
        try c.encode(line.bookingDate.iso8601String, forKey: .bookingDate)
        try c.encode(line.valueDate?.iso8601String, forKey: .valueDate)
        try c.encode(line.amount.decimalString, forKey: .amount)
        try c.encode(line.amount.currency.code, forKey: .currency)
        try c.encode(line.bankReference, forKey: .bankReference)
        try c.encode(line.endToEndID, forKey: .endToEndId)
        try c.encode(line.counterpartyName, forKey: .counterpartyName)
        try c.encode(line.counterpartyAccount, forKey: .counterpartyAccount)
        try c.encode(line.remittance, forKey: .remittance)
        try c.encode(line.creditorReference, forKey: .creditorReference)
        try c.encode(line.isReversal, forKey: .isReversal)
        try c.encode(line.status.rawValue, forKey: .status)
        try c.encode(line.paymentID?.description, forKey: .paymentId)
        try c.encode(line.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, statementId, bankAccountId, bookingDate, valueDate, amount, currency, bankReference, endToEndId
        case counterpartyName, counterpartyAccount, remittance, creditorReference, isReversal, status, paymentId
        case version
    }
}

struct AgingResponse: Encodable {
    let asOf: CalendarDate
    let buckets: AgingBuckets
    let rows: [AgingRow]
    let nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(asOf.iso8601String, forKey: .asOf)
        try c.encode(buckets.buckets.map(Bucket.init), forKey: .buckets)
        try c.encode(rows.map(Row.init), forKey: .data)
        try c.encode(nextCursor, forKey: .nextCursor)
    }

    private enum Keys: String, CodingKey { case asOf, buckets, data, nextCursor }

    struct Bucket: Encodable {
        let labelKey: String
        let lowerDays: Int?
        let upperDays: Int?

        init(_ bucket: AgingBucket) {
            labelKey = bucket.labelKey
            lowerDays = bucket.lowerDays
            upperDays = bucket.upperDays
        }
    }

    struct Row: Encodable {
        let key: String
        let currency: String
        let amounts: [String]
        let total: String
        let invoiceCount: Int

        init(_ row: AgingRow) {
            key = row.key
            currency = row.currency.code
            amounts = row.amounts.map(\.decimalString)
            total = row.total.decimalString
            invoiceCount = row.invoiceCount
        }
    }
}
