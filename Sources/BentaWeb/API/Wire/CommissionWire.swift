import BentaCore
import BentaFormats
import BentaServices
import Foundation

// The wire shapes of commission (issue 13): money as decimal strings, rates in percent as decimal strings, months
// as YYYY-MM, snake_case keys. Every member is always written (null when empty, by the wire writer).

struct CommissionTierBody: Codable {
    let from: String?
    let to: String?
    let ratePercent: String?
}

struct CommissionDrawBody: Codable {
    let amount: String?
    let isRecoverable: Bool?
}

struct CommissionClawbackBody: Codable {
    let ratePercent: String?
    let daysAfterDue: Int?
}

struct CommissionProductRateBody: Codable {
    let productId: String?
    let ratePercent: String?
}

/// `PUT /api/v1/commission/plans/{user_id|default}`.
struct CommissionPlanRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "structure", "rate_percent", "gross_margin_percent", "tiers", "currency", "base_salary", "product_rates",
        "new_customer_rate_percent", "cap", "draw", "clawback", "effective_from", "reason", "quota_type", "version",
    ]
    let structure: String?
    let ratePercent: String?
    let grossMarginPercent: String?
    let tiers: [CommissionTierBody]?
    let currency: String?
    let baseSalary: String?
    let productRates: [CommissionProductRateBody]?
    let newCustomerRatePercent: String?
    let cap: String?
    let draw: CommissionDrawBody?
    let clawback: CommissionClawbackBody?
    let effectiveFrom: String?
    let reason: String?
    /// The quota type the rules apply to; `total` or absent for the whole plan share.
    let quotaType: String?
    /// The latest version read (0: none), or send `If-Match`; a version saved meanwhile answers 412.
    let version: Int64?

    /// The month the version applies from; nil when absent (the current month), a field error when unreadable.
    func month(into errors: inout ValidationErrors) -> PlanMonth? {
        errors.month(effectiveFrom, field: "effective_from")
    }

    /// The plan, checked by `CommissionPlan`; every unreadable number and every rule it breaks is one field error.
    func plan(defaultCurrency: Currency, errors: inout ValidationErrors) -> CommissionPlan? {
        var currency = defaultCurrency
        if let code = self.currency {
            if let known = Currency(code: code) {
                currency = known
            } else {
                errors.add(field: "currency", code: "invalid", message: "Enter an ISO 4217 currency code.")
            }
        }
        func decimal(_ text: String?, _ field: String, required: Bool = false) -> Decimal? {
            errors.decimal(text, field: field, required: required)
        }
        func money(_ text: String?, _ field: String) -> Money? {
            guard let text else { return nil }
            do {
                return try Money(decimalString: text, currency: currency)
            } catch {
                errors.add(field: field, code: "invalid", message: "Enter an amount.")
                return nil
            }
        }
        var structureValue: CommissionStructure?
        switch structure ?? "over_plan" {
        case "flat":
            if let rate = decimal(ratePercent, "rate_percent", required: true) {
                structureValue = .flat(ratePercent: rate)
            }
        case "over_plan":
            let margin = decimal(grossMarginPercent, "gross_margin_percent")
            if let rate = decimal(ratePercent, "rate_percent", required: true) {
                structureValue = .overPlan(ratePercent: rate, grossMarginPercent: margin)
            }
        case let kind where kind == "tiered" || kind == "retroactive":
            var bands: [CommissionBand] = []
            for (index, tier) in (tiers ?? []).enumerated() {
                let prefix = "tiers[\(index)]."
                let from = decimal(tier.from, prefix + "from", required: true)
                let to = decimal(tier.to, prefix + "to")
                let rate = decimal(tier.ratePercent, prefix + "rate", required: true)
                if let from, let rate { bands.append(CommissionBand(from: from, to: to, ratePercent: rate)) }
            }
            structureValue = kind == "tiered" ? .tiered(bands: bands) : .retroactive(bands: bands)
        default:
            errors.add(
                field: "structure", code: "invalid", message: "Choose flat, over_plan, tiered or retroactive.")
        }
        let base = baseSalary.map { money($0, "base_salary") } ?? .zero(currency)
        let rates = (productRates ?? []).enumerated().compactMap { index, entry -> CommissionPlan.ProductRate? in
            guard let rate = decimal(entry.ratePercent, "product_rates[\(index)].rate", required: true) else {
                return nil
            }
            return CommissionPlan.ProductRate(productID: entry.productId ?? "", ratePercent: rate)
        }
        let newCustomer = decimal(newCustomerRatePercent, "new_customer_rate")
        let capValue = money(cap, "cap")
        var drawValue: CommissionDraw?
        if let draw {
            if let amount = money(draw.amount ?? "", "draw.amount") {
                drawValue = CommissionDraw(amount: amount, isRecoverable: draw.isRecoverable ?? true)
            }
        }
        var clawbackValue: ClawbackRule?
        if let clawback, let rate = decimal(clawback.ratePercent, "clawback.rate", required: true) {
            clawbackValue = ClawbackRule(ratePercent: rate, daysAfterDue: clawback.daysAfterDue ?? 0)
        }
        guard errors.isEmpty, let structureValue, let base else { return nil }
        do {
            return try CommissionPlan(
                currency: currency, baseSalary: base, structure: structureValue, productRates: rates,
                newCustomerRatePercent: newCustomer, cap: capValue, draw: drawValue, clawback: clawbackValue,
                quotaType: quotaType)
        } catch {
            for field in error.errors { errors.add(field: field.field, code: field.code, message: field.message) }
            return nil
        }
    }
}

/// `POST /api/v1/commission/runs`.
struct CommissionRunRequest: Decodable {
    static let allowedKeys: Set<String> = ["month"]
    let month: String?
}

struct CommissionPlanResponse: Encodable {
    let currency: String
    let baseSalary: String
    let structure: String
    let ratePercent: String?
    let grossMarginPercent: String?
    let tiers: [CommissionTierBody]
    let productRates: [CommissionProductRateBody]
    let newCustomerRatePercent: String?
    let cap: String?
    let draw: CommissionDrawBody?
    let clawback: CommissionClawbackBody?
    /// The quota type the rules apply to; absent for the whole plan share.
    let quotaType: String?

    init(_ plan: CommissionPlan) {
        quotaType = plan.quotaType
        currency = plan.currency.code
        baseSalary = plan.baseSalary.decimalString
        var rate: Decimal?
        var margin: Decimal?
        var bands: [CommissionBand] = []
        switch plan.structure {
        case .flat(let value):
            (structure, rate) = ("flat", value)
        case .overPlan(let value, let gross):
            (structure, rate, margin) = ("over_plan", value, gross)
        case .tiered(let list):
            (structure, bands) = ("tiered", list)
        case .retroactive(let list):
            (structure, bands) = ("retroactive", list)
        }
        ratePercent = rate.map { "\($0)" }
        grossMarginPercent = margin.map { "\($0)" }
        tiers = bands.map {
            CommissionTierBody(from: "\($0.from)", to: $0.to.map { "\($0)" }, ratePercent: "\($0.ratePercent)")
        }
        productRates = plan.productRates.map {
            CommissionProductRateBody(productId: $0.productID, ratePercent: "\($0.ratePercent)")
        }
        newCustomerRatePercent = plan.newCustomerRatePercent.map { "\($0)" }
        cap = plan.cap?.decimalString
        draw = plan.draw.map { CommissionDrawBody(amount: $0.amount.decimalString, isRecoverable: $0.isRecoverable) }
        clawback = plan.clawback.map {
            CommissionClawbackBody(ratePercent: "\($0.ratePercent)", daysAfterDue: $0.daysAfterDue)
        }
    }
}

struct CommissionPlanVersionResponse: Encodable {
    let id: String
    let subject: String
    let userId: String?
    let version: Int64
    let effectiveFrom: String
    let reason: String
    let authorId: String?
    let createdAt: Date
    let plan: CommissionPlanResponse

    init(_ version: CommissionPlanVersion) {
        id = version.id.description
        subject = version.subject.key
        userId = version.subject.userID?.description
        self.version = version.version
        effectiveFrom = version.effectiveFrom.text
        reason = version.reason
        authorId = version.authorID?.description
        createdAt = version.createdAt
        plan = CommissionPlanResponse(version.plan)
    }
}

struct CommissionPlanHistoryResponse: Encodable {
    let subject: String
    let versions: [CommissionPlanVersionResponse]
}

/// One explained line, with a link to its source record when it has one.
struct CommissionLineResponse: Encodable {
    let seq: Int
    let sourceKind: String
    let sourceId: String?
    let sourceLink: String?
    let date: String?
    let basis: String
    let band: String?
    let ratePercent: String?
    let amount: String
    let note: String?

    init(seq: Int, row: CommissionExplanation.Row, line: CommissionLine) {
        self.seq = seq
        sourceKind = row.kind
        sourceId = row.sourceID
        sourceLink = Self.link(kind: row.kind, id: row.sourceID)
        date = row.date.isEmpty ? nil : row.date
        basis = line.basis.decimalString
        band = row.band.isEmpty ? nil : row.band
        ratePercent = row.rate.isEmpty ? nil : "\(line.ratePercent)"
        amount = line.amount.decimalString
        note = row.note.isEmpty ? nil : row.note
    }

    /// The API path of a line's source record: the invoice (or credit note, or the invoice clawed back), the deal,
    /// the payment; nil for the cap and adjustments.
    static func link(kind: String, id: String?) -> String? {
        guard let id else { return nil }
        switch kind {
        case "invoice", "credit_note", "clawback": return Invoice.ID(string: id).map { Paths.API.invoice($0) }
        case "deal": return Deal.ID(string: id).map { Paths.API.deal($0) }
        case "payment": return Payment.ID(string: id).map { Paths.API.payment($0) }
        default: return nil
        }
    }
}

/// A statement; with its lines for `GET /statements/{id}`, without them in lists.
struct CommissionStatementResponse: Encodable {
    let stored: StoredCommissionStatement
    let allowedActions: [String]
    let withLines: Bool

    func encode(to encoder: any Encoder) throws {
        let statement = stored.statement
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(stored.id.description, forKey: .id)
        try c.encode(stored.userID.description, forKey: .userId)
        try c.encode(stored.month.text, forKey: .month)
        try c.encode(stored.revision, forKey: .revision)
        try c.encode(stored.status.rawValue, forKey: .status)
        try c.encode(allowedActions, forKey: .allowedActions)
        try c.encode(statement.plan.currency.code, forKey: .currency)
        try c.encode(statement.target.decimalString, forKey: .target)
        try c.encode(statement.creditedSales.decimalString, forKey: .creditedSales)
        try c.encode(statement.earned.decimalString, forKey: .earned)
        try c.encode(statement.carriedDeficitIn.decimalString, forKey: .carriedDeficitIn)
        try c.encode(statement.drawPaid.decimalString, forKey: .drawPaid)
        try c.encode(statement.deficitCarried.decimalString, forKey: .deficitCarried)
        try c.encode(statement.payable.decimalString, forKey: .payable)
        try c.encode(statement.baseSalary.decimalString, forKey: .baseSalary)
        try c.encode(statement.approval?.approvedBy, forKey: .approvedBy)
        try c.encode(statement.approval?.approvedAt, forKey: .approvedAt)
        if withLines {
            let rows = CommissionExplanation.rows(statement)
            try c.encode(
                zip(rows, statement.lines).enumerated().map { index, pair in
                    CommissionLineResponse(seq: index + 1, row: pair.0, line: pair.1)
                }, forKey: .lines)
            try c.encode(CommissionPlanResponse(statement.plan), forKey: .plan)
        }
    }

    private enum Keys: String, CodingKey {
        case id, userId, month, revision, status, allowedActions, currency, target, creditedSales, earned
        case carriedDeficitIn, drawPaid, deficitCarried, payable, baseSalary, approvedBy, approvedAt, lines, plan
    }
}

/// A page of statements, in the list envelope every list answers with.
typealias CommissionStatementListResponse = ListResponse<CommissionStatementResponse>

struct CommissionRunResponse: Encodable {
    let month: String
    let statements: [CommissionStatementResponse]
    let withoutPlan: [String]
}

struct CommissionEstimateDealResponse: Encodable {
    let dealId: String
    let title: String
    let amount: String
    let expectedClose: String
    let link: String?
}

struct CommissionEstimateResponse: Encodable {
    let userId: String
    let month: String
    let currency: String
    let target: String
    let creditedSales: String
    let earned: String
    let earnedWithDeals: String
    let additional: String
    let deals: [CommissionEstimateDealResponse]

    init(_ estimate: CommissionEstimate) {
        userId = estimate.userID.description
        month = estimate.month.text
        currency = estimate.current.plan.currency.code
        target = estimate.current.target.decimalString
        creditedSales = estimate.current.creditedSales.decimalString
        earned = estimate.current.earned.decimalString
        earnedWithDeals = estimate.withDeals.earned.decimalString
        additional = estimate.additional.decimalString
        deals = estimate.deals.map { deal in
            CommissionEstimateDealResponse(
                dealId: deal.dealID, title: deal.title, amount: deal.amount.decimalString,
                expectedClose: deal.expectedClose.iso8601String,
                link: Deal.ID(string: deal.dealID).map { Paths.API.deal($0) })
        }
    }
}
