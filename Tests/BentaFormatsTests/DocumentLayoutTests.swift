import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

/// The quote, invoice and contract layouts are pure functions in BentaFormats: core values in, PDF bytes out, with
/// no database and no service (this target builds without either).
@Suite(.timeLimit(.minutes(20))) struct DocumentLayoutTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let today = CalendarDate(iso8601: "2026-05-28")!
    static let line = LineItem(
        line: DocumentLine(description: "Laser printer toner", quantity: 3, unit: "pc", unitPrice: 1_250))

    @Test func aQuoteLaysOutFromCoreValues() async throws {
        let account = Account(
            id: Account.ID(UUID()), companyID: Company.ID(UUID()),
            fields: AccountFields(
                name: "Tala Foods", registeredName: "Tala Foods Corp.", billingAddress: "Marikina City",
                ownerID: User.ID(UUID())),
            status: .active, createdAt: Self.now, updatedAt: Self.now, version: 1)
        let quote = Quote(
            id: Quote.ID(UUID()), companyID: account.companyID, dealID: Deal.ID(UUID()), accountID: account.id,
            ownerID: account.fields.ownerID,
            fields: QuoteFields(currency: .php, validUntil: Self.today.adding(days: 30), lines: [Self.line]),
            number: "Q-2026-00012", status: .sent, createdAt: Self.now, updatedAt: Self.now, version: 2)
        let document = QuoteDocument(
            quote: quote, seller: CompanySettings.initial(name: "Bituin Office Solutions Inc."), account: account,
            contact: nil, totals: try quote.totals(), today: Self.today)
        let pdf = QuotePDF.render(document, creationDate: Self.now)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        guard let text = try await Poppler.text(of: pdf) else { return }
        for expected in ["QUOTATION", "Q-2026-00012", "Tala Foods Corp.", "Laser printer toner", "3,750.00"] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }

    @Test func anInvoiceLaysOutFromCoreValues() async throws {
        let invoice = Invoice(
            id: Invoice.ID(UUID()), companyID: Company.ID(UUID()), accountID: Account.ID(UUID()),
            ownerID: User.ID(UUID()), fields: InvoiceFields(currency: .php, lines: [Self.line]),
            number: "INV-2026-000123", createdAt: Self.now, updatedAt: Self.now, version: 1)
        let document = InvoiceDocument(
            invoice: invoice,
            seller: InvoiceParty(
                name: "Bituin Office Solutions Inc.", address: "Makati City", tin: "009-123-456-00000",
                isVATRegistered: true, country: "PH"),
            buyer: InvoiceParty(
                name: "Tala Foods Corp.", address: "Marikina City", tin: "111-222-333-00000", isVATRegistered: false,
                country: "PH"),
            settings: InvoiceSettings(), totals: try invoice.totals(), balance: nil, baseCurrency: .php,
            inBaseCurrency: nil, correctedNumber: nil, today: Self.today)
        let pdf = InvoicePDF.render(document, creationDate: Self.now)
        guard let text = try await Poppler.text(of: pdf) else { return }
        for expected in ["INV-2026-000123", "Tala Foods Corp.", "111-222-333-00000", "Total Amount Due", "4,200.00"] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }

    @Test func aContractLaysOutFromCoreValues() async throws {
        let fields = ContractFields(
            accountID: Account.ID(UUID()), signatoryContactID: Contact.ID(UUID()), ownerID: User.ID(UUID()),
            title: "Printer supply 2026", bodyTemplate: "Between {{seller_name}} and {{buyer_name}}.",
            startDate: Self.today, endDate: Self.today.adding(days: 364),
            value: Money(minorUnits: 12_000_000, currency: .php), paymentTerms: .net(days: 30))
        let contract = Contract(
            id: Contract.ID(UUID()), companyID: Company.ID(UUID()), fields: fields, status: .draft,
            createdAt: Self.now, updatedAt: Self.now, version: 1)
        let parties = ContractParties(
            sellerName: "Bituin Office Solutions Inc.", sellerAddress: "Makati City", sellerTIN: "009-123-456-00000",
            buyerName: "Tala Foods Corp.", buyerAddress: "Marikina City", buyerTIN: nil, signatoryName: "Ana Reyes")
        let pdf = ContractPDF.render(contract, parties: parties, amendments: [], now: Self.now)
        guard let text = try await Poppler.text(of: pdf) else { return }
        for expected in [
            "CONTRACT", "Printer supply 2026", "Between Bituin Office Solutions Inc. and Tala Foods Corp.",
            "PHP 120,000.00", "Net 30", "Draft - not for signature.",
        ] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }
}
