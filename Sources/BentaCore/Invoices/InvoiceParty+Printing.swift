import Foundation

extension InvoiceParty {
    /// The stamp a non-VAT seller's invoice bears (RR 7-2024 Sec 6; DOMAIN.md §1).
    public static let notValidForInputTaxNotice = "THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX"

    /// The TIN as printed under the seller: "VAT Reg. TIN 123-456-789-00000" or "NON-VAT Reg. TIN …" (RR 7-2024).
    public var printedTIN: String? {
        tin.map { Self.printedTIN($0, isVATRegistered: isVATRegistered) }
    }

    /// The seller's TIN line of any sales document (invoice, quote): the one place its wording lives.
    public static func printedTIN(_ tin: String, isVATRegistered: Bool) -> String {
        (isVATRegistered ? "VAT Reg. TIN " : "NON-VAT Reg. TIN ") + tin
    }
}
