import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension PaymentService {
    // MARK: BIR Form 2307

    /// Records a customer's BIR Form 2307 for one quarter and the allocations it covers, with its audit row, in one
    /// transaction. Every allocation must be the customer's, carry withholding, be live (not a reversal, not
    /// reversed), be dated in the certificate's quarter and not be covered yet; otherwise 422 naming
    /// `allocation_ids[i]`, and nothing is written. Two certificates racing for one allocation: the second is
    /// refused by `certificate_allocations`' key (a duplicate), also with nothing written.
    public func recordCertificate(_ draft: CertificateDraft, viewer: Viewer) async throws -> WithholdingCertificate {
        try Self.requireFinance(viewer, reading: false)
        let valid = try draft.validated()
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            guard try await AccountStore(db).find(valid.accountID, viewer: viewer) != nil else {
                throw ValidationErrors([
                    FieldError(field: "account_id", code: "invalid_account", message: "Choose a customer you can see.")
                ])
            }
            let store = CertificateStore(db)
            let candidates = try await store.candidates(valid.allocationIDs, companyID: viewer.companyID)
            var errors = ValidationErrors()
            for (index, id) in valid.allocationIDs.enumerated() {
                let field = "allocation_ids[\(index)]"
                guard let candidate = candidates[id] else {
                    errors.add(
                        field: field, code: "invalid_allocation", message: "Choose an allocation of this customer.")
                    continue
                }
                if let refusal = candidate.refusal(accountID: valid.accountID, period: valid.period) {
                    errors.add(field: field, code: refusal.code, message: refusal.message)
                }
            }
            try errors.throwIfAny()
            let certificate = WithholdingCertificate(
                id: clock.newID(), companyID: viewer.companyID, accountID: valid.accountID, number: valid.number,
                period: valid.period, receivedOn: valid.receivedOn, notes: valid.notes,
                allocationIDs: valid.allocationIDs, createdBy: viewer.userID, createdAt: clock.now())
            try await store.insert(certificate)
            let withheld = valid.allocationIDs.reduce(Int64(0)) { $0 + (candidates[$1]?.withheld ?? 0) }
            try await audit.record(
                "withholding_certificate.recorded", entityType: "account", entityID: valid.accountID.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "certificate": certificate.id.description, "number": certificate.number,
                    "period": certificate.period.description, "allocations": "\(valid.allocationIDs.count)",
                    "withheld_minor": "\(withheld)",
                ], on: db)
            return certificate
        }
    }

    /// Per customer and quarter (of the allocation date), the withholding still waiting for its 2307; one aggregate
    /// query per page, keyset-paged by customer. A manager sees their customers only.
    public func pendingCertificates(
        viewer: Viewer, quarter: TaxQuarter?, page: PageRequest
    ) async throws -> Page<PendingCertificate> {
        try await database.read { db in
            try await CertificateStore(db).pending(viewer: viewer, quarter: quarter, page: page)
        }
    }

    /// The pending-certificates report as CSV (issue 13), one row per customer, quarter and currency, read 200 rows
    /// at a time (one aggregate statement per page).
    public func pendingCertificatesCSV(viewer: Viewer, quarter: TaxQuarter?) async throws -> String {
        var csv = CSVWriter(header: ["account_id", "account", "quarter", "currency", "withheld", "allocations"])
        var cursor: String?
        repeat {
            let page = try await pendingCertificates(
                viewer: viewer, quarter: quarter, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            for row in page.items {
                csv.appendRow([
                    row.accountID.description, row.accountName, row.quarter.description, row.amount.currency.code,
                    row.amount.decimalString, String(row.allocationCount),
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return csv.text
    }

    // MARK: Collection receipt

    /// Issues the collection receipt of a payment: the next number of its own gapless series, taken inside the
    /// transaction, once per payment; a second call answers the receipt already issued (`created` false).
    public func issueCollectionReceipt(
        _ paymentID: Payment.ID, viewer: Viewer
    ) async throws -> CollectionReceiptIssue {
        try Self.requireFinance(viewer, reading: false)
        guard let company = try await database.read({ db in try await CompanyStore(db).find(viewer.companyID) })
        else { throw RecordError.notFound(entity: "company") }
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            // The payment's row lock queues two issues of the same payment.
            guard try await PaymentStore(db).find(paymentID, viewer: viewer, forUpdate: true) != nil else {
                throw RecordError.notFound(entity: "payment")
            }
            let store = CertificateStore(db)
            if let existing = try await store.receipt(payment: paymentID, companyID: viewer.companyID) {
                let answer = CollectionReceiptIssue(receipt: existing, created: false)
                try await IdempotencyScope.complete(with: answer, on: db)
                return answer
            }
            let (number, date, at) = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .collectionReceipt, clock: { clock.now() },
                timeZone: company.settings.timeZone)
            let receipt = CollectionReceipt(
                paymentID: paymentID, companyID: viewer.companyID, number: number.text, sequence: number.sequence,
                issuedOn: date, issuedBy: viewer.userID,
                // As stored (milliseconds), so the first answer equals every later one.
                issuedAt: Date(millisecondsSince1970: at.millisecondsSince1970))
            try await store.insert(receipt)
            try await audit.record(
                "payment.collection_receipt_issued", entityType: "payment", entityID: paymentID.description,
                companyID: viewer.companyID, by: viewer, details: ["number": receipt.number], on: db)
            let answer = CollectionReceiptIssue(receipt: receipt, created: true)
            try await IdempotencyScope.complete(with: answer, on: db)
            return answer
        }
    }

    /// What the printed collection receipt reads; 404 until the receipt is issued.
    public func collectionReceiptDocument(
        _ paymentID: Payment.ID, viewer: Viewer
    ) async throws -> CollectionReceiptDocument {
        try await database.read { db in
            guard let payment = try await PaymentStore(db).find(paymentID, viewer: viewer),
                let receipt = try await CertificateStore(db).receipt(payment: paymentID, companyID: viewer.companyID),
                let company = try await CompanyStore(db).find(viewer.companyID),
                let account = try await AccountStore(db).find(payment.accountID, viewer: viewer)
            else { throw RecordError.notFound(entity: "collection receipt") }
            let allocations = try await PaymentStore(db).allocations(payment: paymentID)
            let reversed = Set(allocations.compactMap(\.reversesID))
            let live = allocations.filter { $0.reversesID == nil && !reversed.contains($0.id) }
            let numbers = try await CertificateStore(db).invoiceNumbers(
                live.map(\.invoiceID), companyID: viewer.companyID)
            let settings = company.settings
            let seller = InvoiceParty(
                name: settings.registeredName, address: settings.registeredAddress, tin: settings.tin?.formatted,
                isVATRegistered: settings.isVATRegistered, country: settings.country.rawValue)
            let fields = account.fields
            let payer = InvoiceParty(
                name: fields.registeredName ?? fields.name, address: fields.billingAddress ?? "",
                tin: fields.tin?.formatted, isVATRegistered: fields.isVATRegistered, country: fields.country.rawValue)
            return CollectionReceiptDocument(
                receipt: receipt, payment: payment, seller: seller, payer: payer,
                settled: live.map {
                    CollectionReceiptDocument.Settled(
                        invoiceNumber: numbers[$0.invoiceID] ?? "", cash: $0.cash, withheld: $0.withheld)
                })
        }
    }

    /// The collection receipt as a PDF (A4, standard fonts).
    public func collectionReceiptPDF(_ document: CollectionReceiptDocument) -> [UInt8] {
        CollectionReceiptPDF.render(document, creationDate: clock.now())
    }
}

/// A collection receipt as issued: `created` is false when the payment already had it.
public struct CollectionReceiptIssue: Sendable, IdempotentDocument {
    public let receipt: CollectionReceipt
    public let created: Bool

    public var idempotencyIdentity: String { "collection receipt \(receipt.paymentID)" }
}
