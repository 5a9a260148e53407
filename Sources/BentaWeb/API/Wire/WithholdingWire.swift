import BentaCore
import BentaServices
import Foundation

// The wire shapes of BIR Form 2307 certificates and collection receipts (issue 12): money as decimal strings,
// dates as YYYY-MM-DD, snake_case keys.

struct CertificateRequest: Decodable {
    static let allowedKeys: Set<String> = [
        "account_id", "number", "period", "period_from", "period_to", "received_on", "notes", "allocation_ids",
    ]
    let accountId: String?
    let number: String?
    let period: String?
    let periodFrom: String?
    let periodTo: String?
    let receivedOn: String?
    let notes: String?
    let allocationIds: [String]?

    var draft: CertificateDraft {
        CertificateDraft(
            accountID: accountId ?? "", number: number ?? "", period: period ?? "", periodFrom: periodFrom ?? "",
            periodTo: periodTo ?? "", receivedOn: receivedOn ?? "", notes: notes ?? "",
            allocationIDs: allocationIds ?? [])
    }
}

struct CertificateResponse: Encodable {
    let certificate: WithholdingCertificate

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(certificate.id.description, forKey: .id)
        try c.encode(certificate.accountID.description, forKey: .accountId)
        try c.encode(certificate.number, forKey: .number)
        try c.encode(certificate.period.description, forKey: .period)
        try c.encode(certificate.period.firstDay.iso8601String, forKey: .periodFrom)
        try c.encode(certificate.period.lastDay.iso8601String, forKey: .periodTo)
        try c.encode(certificate.receivedOn.iso8601String, forKey: .receivedOn)
        try c.encode(certificate.notes, forKey: .notes)
        try c.encode(certificate.allocationIDs.map(\.description), forKey: .allocationIds)
        try c.encode(certificate.createdAt, forKey: .createdAt)
    }

    private enum Keys: String, CodingKey {
        case id, accountId, number, period, periodFrom, periodTo, receivedOn, notes, allocationIds, createdAt
    }
}

struct PendingCertificateResponse: Encodable {
    let row: PendingCertificate

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(row.accountID.description, forKey: .accountId)
        try c.encode(row.accountName, forKey: .accountName)
        try c.encode(row.quarter.description, forKey: .quarter)
        try c.encode(row.amount.currency.code, forKey: .currency)
        try c.encode(row.amount.decimalString, forKey: .amount)
        try c.encode(row.allocationCount, forKey: .allocationCount)
    }

    private enum Keys: String, CodingKey { case accountId, accountName, quarter, currency, amount, allocationCount }
}

struct CollectionReceiptResponse: Encodable {
    let receipt: CollectionReceipt

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(receipt.paymentID.description, forKey: .paymentId)
        try c.encode(receipt.number, forKey: .number)
        try c.encode(receipt.issuedOn.iso8601String, forKey: .issuedOn)
        try c.encode(receipt.issuedAt, forKey: .issuedAt)
        try c.encode(Paths.API.collectionReceiptPDF(receipt.paymentID), forKey: .pdfUrl)
    }

    private enum Keys: String, CodingKey { case paymentId, number, issuedOn, issuedAt, pdfUrl }
}
