import BentaCore
import BentaServices
import Foundation

// The wire shapes of collection calls, promises to pay, disputes and the late-payment report (issue 12): money as
// decimal strings, dates as YYYY-MM-DD, snake_case keys (the decoder converts them; the encoder writes them). Every
// member is always written (null when empty).

/// `POST /api/v1/collection-calls`.
struct CollectionCallCreateRequest: Decodable {
    static let allowedKeys: Set<String> = ["account_id", "due_on", "assignee_id"]
    let accountId: String?
    let dueOn: String?
    let assigneeId: String?

    private enum CodingKeys: String, CodingKey { case accountId, dueOn, assigneeId }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.decodeIfPresent(String.self, forKey: .accountId)
        dueOn = try c.decodeIfPresent(String.self, forKey: .dueOn)
        // A user id when sent (`""` is 422 `invalid_id` in JSON; leave it out for the account's owner).
        assigneeId = try c.patchID(forKey: .assigneeId, in: decoder) ?? nil
    }
}

/// A promise as sent, on a call's outcome or on its own (`account_id` then).
struct PromiseRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "account_id", "promised_on", "amount", "invoice_ids", "grace_days", "contact_name", "note",
    ]
    let accountId: String?
    let promisedOn: String?
    let amount: String?
    let invoiceIds: [String]?
    let graceDays: Int?
    let contactName: String?
    let note: String?

    var draft: PromiseDraft {
        PromiseDraft(
            accountID: accountId ?? "", promisedOn: promisedOn ?? "", amount: amount ?? "",
            invoiceIDs: invoiceIds ?? [], graceDays: graceDays, contactName: contactName, note: note)
    }
}

/// `POST /api/v1/collection-calls/{id}/outcome`.
struct CallOutcomeRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "version", "reason", "note", "promise", "disputed_invoice_ids", "dispute_note",
    ]
    let version: Int64?
    let reason: String?
    let note: String?
    let promise: PromiseRequest?
    let disputedInvoiceIds: [String]?
    let disputeNote: String?

    var draft: CallOutcomeDraft {
        CallOutcomeDraft(
            reason: reason ?? "", note: note, promise: promise?.draft, disputedInvoiceIDs: disputedInvoiceIds ?? [],
            disputeNote: disputeNote)
    }
}

/// `POST /api/v1/invoices/{id}/disputes`.
struct DisputeCreateRequest: Decodable {
    static let allowedKeys: Set<String> = ["note"]
    let note: String?
}

/// `POST /api/v1/invoice-disputes/{id}/resolution`.
struct DisputeResolutionRequest: Decodable {
    static let allowedKeys: Set<String> = ["version", "resolution"]
    let version: Int64?
    let resolution: String?
}

struct OverdueInvoiceResponse: Encodable {
    let invoice: OverdueInvoice

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(invoice.invoiceID.description, forKey: .id)
        try c.encode(invoice.number, forKey: .number)
        try c.encode(invoice.dueDate.iso8601String, forKey: .dueDate)
        try c.encode(invoice.openAmount.decimalString, forKey: .openAmount)
        try c.encode(invoice.openAmount.currency.code, forKey: .currency)
        try c.encode(invoice.daysLate, forKey: .daysLate)
    }

    private enum Keys: String, CodingKey { case id, number, dueDate, openAmount, currency, daysLate }
}

struct MoneyResponse: Encodable {
    let money: Money

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(money.decimalString, forKey: .amount)
        try c.encode(money.currency.code, forKey: .currency)
    }

    private enum Keys: String, CodingKey { case amount, currency }
}

struct CollectionCallResponse: Encodable {
    let call: CollectionCall
    /// Present on the list: the account's name, whom to call and what is overdue.
    let detail: CallToMake?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(call.id.description, forKey: .id)
        try c.encode(call.accountID.description, forKey: .accountId)
        try c.encode(call.assigneeID.description, forKey: .assigneeId)
        try c.encode(call.cause.rawValue, forKey: .cause)
        try c.encode(call.dueOn.iso8601String, forKey: .dueOn)
        try c.encode(call.isOpen ? "open" : "done", forKey: .status)
        try c.encode(call.reason?.rawValue, forKey: .reason)
        try c.encode(call.outcomeNote, forKey: .note)
        try c.encode(call.overdueAtOutcome.map(MoneyResponse.init), forKey: .overdueAtOutcome)
        try c.encode(call.promiseID, forKey: .promiseId)
        try c.encode(call.loggedBy?.description, forKey: .loggedBy)
        try c.encode(call.loggedAt, forKey: .loggedAt)
        try c.encode(call.createdAt, forKey: .createdAt)
        try c.encode(call.version, forKey: .version)
        if let detail {
            try c.encode(detail.accountName, forKey: .accountName)
            var contact = c.nestedContainer(keyedBy: ContactKeys.self, forKey: .contact)
            try contact.encode(detail.contact.name, forKey: .name)
            try contact.encode(detail.contact.phone, forKey: .phone)
            try c.encode(detail.overdueInvoices.map(OverdueInvoiceResponse.init), forKey: .overdueInvoices)
            try c.encode(detail.overdueTotals.map(MoneyResponse.init), forKey: .overdueTotals)
        }
    }

    private enum Keys: String, CodingKey {
        case id, accountId, assigneeId, cause, dueOn, status, reason, note, overdueAtOutcome, promiseId, loggedBy
        case loggedAt, createdAt, version, accountName, contact, overdueInvoices, overdueTotals
    }

    private enum ContactKeys: String, CodingKey { case name, phone }
}

struct PromiseResponse: Encodable {
    let stored: StoredPromise

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let promise = stored.promise
        try c.encode(stored.id.description, forKey: .id)
        try c.encode(stored.accountID.description, forKey: .accountId)
        try c.encode(stored.callID?.description, forKey: .callId)
        try c.encode(promise.promisedDate.iso8601String, forKey: .promisedOn)
        try c.encode(promise.amount.decimalString, forKey: .amount)
        try c.encode(promise.amount.currency.code, forKey: .currency)
        try c.encode(promise.invoiceIDs, forKey: .invoiceIds)
        try c.encode(promise.graceDays, forKey: .graceDays)
        try c.encode(promise.deadline.iso8601String, forKey: .deadline)
        try c.encode(promise.contactName, forKey: .contactName)
        try c.encode(promise.note, forKey: .note)
        try c.encode(promise.loggedBy, forKey: .loggedBy)
        try c.encode(stored.status.rawValue, forKey: .status)
        try c.encode(stored.paid?.decimalString, forKey: .paid)
        try c.encode(stored.decidedOn?.iso8601String, forKey: .decidedOn)
        try c.encode(stored.createdAt, forKey: .createdAt)
    }

    private enum Keys: String, CodingKey {
        case id, accountId, callId, promisedOn, amount, currency, invoiceIds, graceDays, deadline, contactName, note
        case loggedBy, status, paid, decidedOn, createdAt
    }
}

struct DisputeResponse: Encodable {
    let dispute: InvoiceDispute

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(dispute.id.description, forKey: .id)
        try c.encode(dispute.invoiceID.description, forKey: .invoiceId)
        try c.encode(dispute.accountID.description, forKey: .accountId)
        try c.encode(dispute.resolvedOn == nil ? "open" : "resolved", forKey: .status)
        try c.encode(dispute.openedOn.iso8601String, forKey: .openedOn)
        try c.encode(dispute.openedBy?.description, forKey: .openedBy)
        try c.encode(dispute.callID?.description, forKey: .callId)
        try c.encode(dispute.note, forKey: .note)
        try c.encode(dispute.resolvedOn?.iso8601String, forKey: .resolvedOn)
        try c.encode(dispute.resolvedBy?.description, forKey: .resolvedBy)
        try c.encode(dispute.resolution, forKey: .resolution)
        try c.encode(dispute.version, forKey: .version)
    }

    private enum Keys: String, CodingKey {
        case id, invoiceId, accountId, status, openedOn, openedBy, callId, note, resolvedOn, resolvedBy, resolution
        case version
    }
}

/// What `POST /api/v1/collection-calls/{id}/outcome` answers: the closed call, the promise and the disputes.
struct CallOutcomeResponse: Encodable {
    let result: CallOutcomeResult

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(CollectionCallResponse(call: result.call, detail: nil), forKey: .call)
        try c.encode(result.promise.map(PromiseResponse.init), forKey: .promise)
        try c.encode(result.disputes.map(DisputeResponse.init), forKey: .disputes)
    }

    private enum Keys: String, CodingKey { case call, promise, disputes }
}

struct LatePaymentReportResponse: Encodable {
    let report: LatePaymentReport

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.from.iso8601String, forKey: .from)
        try c.encode(report.to.iso8601String, forKey: .to)
        try c.encode(report.reasons.map(Reason.init), forKey: .reasons)
        try c.encode(report.promises.map(Promises.init), forKey: .promises)
        try c.encode(report.broken.map(Broken.init), forKey: .brokenPromises)
    }

    private enum Keys: String, CodingKey { case from, to, reasons, promises, brokenPromises }

    struct Reason: Encodable {
        let row: LatePaymentReport.ReasonRow

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.managerID.description, forKey: .managerId)
            try c.encode(row.reason.rawValue, forKey: .reason)
            try c.encode(row.calls, forKey: .calls)
            try c.encode(row.overdue?.decimalString, forKey: .overdue)
            try c.encode(row.overdue?.currency.code, forKey: .currency)
        }

        private enum Keys: String, CodingKey { case managerId, reason, calls, overdue, currency }
    }

    struct Promises: Encodable {
        let row: LatePaymentReport.PromiseRow

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.managerID.description, forKey: .managerId)
            try c.encode(row.kept, forKey: .kept)
            try c.encode(row.partlyKept, forKey: .partlyKept)
            try c.encode(row.broken, forKey: .broken)
            try c.encode(row.decided, forKey: .decided)
            try c.encode(row.keptPercent.map { "\($0)" }, forKey: .keptPercent)
        }

        private enum Keys: String, CodingKey { case managerId, kept, partlyKept, broken, decided, keptPercent }
    }

    struct Broken: Encodable {
        let row: LatePaymentReport.BrokenRow

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.accountID.description, forKey: .accountId)
            try c.encode(row.accountName, forKey: .accountName)
            try c.encode(row.broken, forKey: .broken)
        }

        private enum Keys: String, CodingKey { case accountId, accountName, broken }
    }
}
