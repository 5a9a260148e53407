import BentaCore
import BentaServices
import Foundation

/// The print-friendly HTML of an invoice or credit note: the same fields as the PDF (RR 7-2024), laid out for the
/// browser's print dialog. Property names are the template's (`invoice_print.mustache`); a part the document does
/// not have is nil.
struct InvoicePrintPage: PageModel {
    /// A document allowance or charge as printed, with its net share.
    struct Adjustment {
        var label: String
        var amount: String
    }

    var title_text: String
    var number: String
    var is_draft: Bool
    var is_credit: Bool
    var issue_date: String
    var due_date: String?
    var terms: String?
    var payment_reference: String?
    var corrected_number: String?
    var seller_name: String
    var seller_address: String?
    var seller_tin: String?
    var shows_vat: Bool
    var non_vat_notice: String?
    var buyer_name: String
    var buyer_address: String?
    var buyer_tin: String?
    var attention: String?
    var lines: [LineRow]
    var adjustments: [Adjustment]
    var prices_include_tax: Bool
    var vatable: String
    var zero_rated: String
    var exempt: String
    var vat: String
    var total: String
    var exempt_notice: String?
    var zero_rated_notice: String?
    var amount_in_words: String?
    var notes: String?
    var reason: String?
    var acknowledgement: String?

    static func make(_ document: InvoiceService.Document, strings: [String: String]) -> InvoicePrintPage {
        let invoice = document.invoice
        let currency = invoice.fields.currency
        let money = MoneyFormatter()
        let totals = document.totals
        let isCredit = invoice.kind == .creditNote
        let seller = document.seller
        let buyer = document.buyer
        return InvoicePrintPage(
            title_text: isCredit ? "CREDIT NOTE" : document.settings.title.uppercased(),
            number: invoice.number ?? (strings["invoice_draft"] ?? "Draft"), is_draft: invoice.status == .draft,
            is_credit: isCredit, issue_date: (invoice.issueDate ?? document.today).iso8601String,
            due_date: isCredit ? nil : invoice.dueDate?.iso8601String,
            terms: isCredit ? nil : invoice.fields.paymentTerms.description,
            payment_reference: invoice.paymentReference.map(CreditorReference.printed),
            corrected_number: document.correctedNumber, seller_name: seller.name,
            seller_address: nonEmpty(seller.address), seller_tin: seller.printedTIN,
            shows_vat: seller.isVATRegistered,
            non_vat_notice: seller.isVATRegistered ? nil : InvoiceParty.notValidForInputTaxNotice,
            buyer_name: buyer.name, buyer_address: nonEmpty(buyer.address), buyer_tin: buyer.tin,
            attention: buyer.contactName,
            lines: invoice.fields.lines.enumerated().map { index, item in
                LineRow.make(
                    item.line, currency: currency, strings: strings,
                    stated: totals.lineAmounts.indices.contains(index) ? totals.lineAmounts[index] : nil)
            },
            adjustments: zip(invoice.fields.adjustments, totals.allowanceChargeNets).filter { !$1.isZero }.map {
                Adjustment(label: $0.printedLabel(pricesIncludeTax: totals.pricesIncludeTax), amount: money.format($1))
            },
            prices_include_tax: invoice.fields.pricesIncludeTax, vatable: money.format(totals.vatableSales),
            zero_rated: money.format(totals.zeroRatedSales), exempt: money.format(totals.exemptSales),
            vat: money.format(totals.totalTax), total: money.format(totals.totalWithTax),
            exempt_notice: totals.exemptSales.isZero ? nil : "VAT-EXEMPT SALE",
            zero_rated_notice: totals.zeroRatedSales.isZero ? nil : "ZERO-RATED SALE",
            amount_in_words: currency.code == "PHP" ? AmountInWords.pesos(totals.totalWithTax) : nil,
            notes: nonEmpty(invoice.fields.notes), reason: nonEmpty(invoice.fields.reason),
            acknowledgement: document.settings.acknowledgementNumber.map { number in
                "Acknowledgement Certificate No. \(number)"
                    + (document.settings.acknowledgementDate.map { ", issued \($0.iso8601String)" } ?? "")
            })
    }
}
