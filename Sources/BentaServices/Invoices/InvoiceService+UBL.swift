import BentaCore
import BentaFormats
import Foundation

extension InvoiceService {
    /// The issued invoice or credit note as a UBL 2.1 document (Peppol BIS Billing 3.0 profile).
    ///
    /// A draft has no number and is refused (409 `invoice_not_issued`). Parties carry their VAT identifier as the
    /// country prefix and the TIN's digits; a party's email is its electronic address (EAS code `EM`) where there is
    /// one, since no EAS scheme exists for a Philippine TIN. A foreign-currency document also carries its VAT in the
    /// base currency (BT-6/BT-111).
    ///
    /// EN 16931 allows at most two decimals in an amount: a document in a currency with three (KWD, BHD, OMR), or
    /// whose VAT in the base currency would need three, is refused (409 `ubl_not_possible`, naming the currency)
    /// rather than exported rounded or invalid. Currencies without decimals (JPY) are fine.
    public func ubl(_ document: Document) throws -> String {
        let invoice = document.invoice
        guard invoice.status == .issued, let number = invoice.number, let issueDate = invoice.issueDate else {
            throw RecordError.conflict(
                code: "invoice_not_issued", detail: "Only an issued invoice or credit note has a UBL rendering.")
        }
        let foreign = invoice.fields.exchangeRate != nil && invoice.fields.currency != document.baseCurrency
        for currency in foreign ? [invoice.fields.currency, document.baseCurrency] : [invoice.fields.currency]
        where currency.minorUnitDigits > Self.ublMaximumDecimals {
            throw RecordError.conflict(
                code: "ubl_not_possible",
                detail: "\(currency.code) amounts have \(currency.minorUnitDigits) decimals, but UBL invoices under "
                    + "EN 16931 allow at most \(Self.ublMaximumDecimals); this document cannot be exported as UBL. "
                    + "Send the PDF instead.")
        }
        let taxInBase = foreign ? document.inBaseCurrency?.vat : nil
        let amounts: UBLAmounts
        do {
            amounts = try UBLAmounts(
                lines: invoice.fields.lines.map(\.line), allowancesAndCharges: invoice.fields.adjustments,
                fixedTaxAmounts: invoice.fields.fixedTaxAmounts, totals: document.totals,
                taxAmountInTaxCurrency: taxInBase)
        } catch {
            throw RecordError.conflict(
                code: "ubl_not_possible", detail: "This document cannot be expressed in UBL (\(error)).")
        }
        var ubl = UBLDocument(
            kind: invoice.kind == .creditNote ? .creditNote : .invoice, number: number, issueDate: issueDate,
            dueDate: invoice.kind == .invoice ? invoice.dueDate : nil, currency: invoice.fields.currency,
            seller: Self.ublParty(document.seller), buyer: Self.ublParty(document.buyer), amounts: amounts,
            buyerReference: document.buyer.contactName ?? number,
            precedingInvoice: document.correctedNumber.map { UBLDocumentReference(number: $0) },
            paymentMeans: invoice.paymentReference.map { UBLPaymentMeans(paymentID: $0) },
            paymentTerms: invoice.fields.paymentTerms.description, note: invoice.fields.reason ?? invoice.fields.notes)
        if invoice.kind == .creditNote { ubl.paymentTerms = nil }
        return ubl.xml()
    }

    /// The most decimals EN 16931 allows in an amount (its BR-DEC rules).
    static let ublMaximumDecimals = 2

    static func ublParty(_ party: InvoiceParty) -> UBLParty {
        let digits = (party.tin ?? "").filter(\.isNumber)
        let lines = party.address.split(whereSeparator: \.isNewline).map(String.init)
        return UBLParty(
            registrationName: party.name,
            endpoint: party.email.map { UBLIdentifier($0, schemeID: "EM") },
            address: UBLAddress(
                streetName: lines.first, addressLine: lines.count > 1 ? lines.dropFirst().joined(separator: ", ") : nil,
                countryCode: party.country),
            vatIdentifier: digits.isEmpty ? nil : party.country + digits,
            contact: party.contactName.map { UBLContact(name: $0, email: party.email) })
    }
}
