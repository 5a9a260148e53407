import Foundation

/// Which legal rules decide the fields an invoice must carry when it is issued.
public enum CountryProfile: String, Sendable, Hashable, Codable, CaseIterable {
    /// BIR rules after EOPT (RA 11976, RR 7-2024): TINs of both parties, the VAT breakdown, the acknowledgement
    /// certificate of the invoicing software.
    case ph
    /// EU VAT Directive Art. 226 / EN 16931: names and addresses of both parties and the seller's VAT number.
    case eu
    /// No legal profile: an invoice needs lines and a buyer.
    case none
}

/// How a company invoices: its legal profile, default price mode and terms, and the BIR acknowledgement of the
/// software that issues its invoices.
public struct InvoiceSettings: Sendable, Hashable {
    public var profile: CountryProfile
    /// The default price mode of new invoices (each invoice may override it).
    public var pricesIncludeTax: Bool
    public var defaultPaymentTerms: PaymentTerms
    /// The name printed above the number: "Sales Invoice", "Service Invoice", "Invoice".
    public var title: String
    /// The BIR Acknowledgement Certificate number of the invoicing system (formerly the PTU) and its date.
    public var acknowledgementNumber: String?
    public var acknowledgementDate: CalendarDate?
    public var version: Int64

    public init(
        profile: CountryProfile = .ph, pricesIncludeTax: Bool = false,
        defaultPaymentTerms: PaymentTerms = .net(days: 30),
        title: String = "Sales Invoice", acknowledgementNumber: String? = nil, acknowledgementDate: CalendarDate? = nil,
        version: Int64 = 0
    ) {
        self.profile = profile
        self.pricesIncludeTax = pricesIncludeTax
        self.defaultPaymentTerms = defaultPaymentTerms
        self.title = title
        self.acknowledgementNumber = acknowledgementNumber
        self.acknowledgementDate = acknowledgementDate
        self.version = version
    }

    /// The settings a company starts with, from its country.
    public static func defaults(country: CountryCode) -> InvoiceSettings {
        InvoiceSettings(profile: country == .PH ? .ph : .none)
    }
}

/// The fields an invoice must carry before it may be issued, by country profile; each problem names what is
/// missing and where to add it, so the user can fix it.
///
/// The buyer rules of the Philippine profile (DOMAIN.md §1, "Content of a VAT invoice" and "Critical fields"):
/// - a **domestic business** buyer (VAT-registered or not) needs its TIN and address: the TIN is a critical field
///   of the buyer's input-VAT claim (RR 7-2024 Sec 6(B)), and DOMAIN.md says to capture it for every B2B sale so
///   the sale is traceable; a domestic buyer registered for VAT needs its TIN even when it buys as an individual;
/// - an **individual consumer** needs only a name: no TIN (EIS would send `000000000`; the invoice simply omits
///   the TIN line) and no address;
/// - a **foreign** buyer (its country is not the seller's) has no Philippine TIN and needs none, but a business
///   still needs its address; the sale is an export, zero-rated (DOMAIN.md §1, "Zero-rated (0%, e.g. exports)"),
///   so a VATable line or document charge to a foreign buyer is refused with `export_must_be_zero_rated`.
public enum IssueRequirements {
    public static func check(
        _ invoice: Invoice, seller: InvoiceParty, buyer: InvoiceParty, settings: InvoiceSettings
    ) -> ValidationErrors {
        var errors = ValidationErrors()
        if invoice.fields.lines.isEmpty {
            errors.add(field: "lines", code: "required", message: "Add at least one line.")
        } else if let totals = try? invoice.totals() {
            errors.merge(
                totals.issueProblems(
                    lines: invoice.fields.lines.map(\.line), allowancesAndCharges: invoice.fields.adjustments))
        }
        if !seller.isVATRegistered {
            // A non-VAT seller's invoice shows no VAT (RR 7-2024): its sales are not VATable.
            for (index, item) in invoice.fields.lines.enumerated() where item.line.taxCategory == .vatable {
                errors.add(
                    field: "lines[\(index)].tax_category", code: "vat_not_registered",
                    message: "The seller is not VAT-registered (company settings), so the invoice carries no VAT: "
                        + "make the line exempt.")
            }
            for (index, item) in invoice.fields.adjustments.enumerated() where item.taxCategory == .vatable {
                errors.add(
                    field: "allowancesAndCharges[\(index)].taxCategory", code: "vat_not_registered",
                    message: "The seller is not VAT-registered (company settings): make it exempt.")
            }
        }
        if buyer.name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add(field: "buyer.name", code: "required", message: "The buyer's name is missing.")
        }
        switch settings.profile {
        case .none:
            break
        case .eu:
            require(seller.name, "seller.name", "the seller's registered name (company settings)", into: &errors)
            require(seller.address, "seller.address", "the seller's address (company settings)", into: &errors)
            require(seller.tin, "seller.tin", "the seller's VAT number (company settings)", into: &errors)
            require(
                buyer.address, "buyer.address", "the buyer's address (the account's billing address)", into: &errors)
        case .ph:
            require(seller.name, "seller.name", "the seller's registered name (company settings)", into: &errors)
            require(
                seller.address, "seller.address", "the seller's registered address (company settings)", into: &errors)
            require(seller.tin, "seller.tin", "the seller's TIN (company settings)", into: &errors)
            checkPhilippineBuyer(invoice, seller: seller, buyer: buyer, into: &errors)
            require(
                settings.acknowledgementNumber, "settings.acknowledgement_number",
                "the BIR acknowledgement certificate number (invoicing settings)", into: &errors)
            if settings.acknowledgementDate == nil {
                errors.add(
                    field: "settings.acknowledgement_date", code: "required_by_profile",
                    message: "A Philippine invoice needs the date of the BIR acknowledgement certificate "
                        + "(invoicing settings).")
            }
            for (index, item) in invoice.fields.lines.enumerated()
            where item.line.description.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.add(
                    field: "lines[\(index)].description", code: "required_by_profile",
                    message: "Each line needs a description.")
            }
        }
        return errors
    }

    /// Whether the buyer is established outside the seller's country (an export sale).
    public static func isForeign(buyer: InvoiceParty, seller: InvoiceParty) -> Bool {
        buyer.country.uppercased() != seller.country.uppercased()
    }

    /// The buyer rules of the Philippine profile (see the type's documentation).
    private static func checkPhilippineBuyer(
        _ invoice: Invoice, seller: InvoiceParty, buyer: InvoiceParty, into errors: inout ValidationErrors
    ) {
        let isIndividual = buyer.buyerKind == .individual
        let isForeign = isForeign(buyer: buyer, seller: seller)
        if !isIndividual {
            require(
                buyer.address, "buyer.address", "the buyer's address (the account's billing address)", into: &errors)
        }
        if !isForeign && (!isIndividual || buyer.isVATRegistered) {
            require(
                buyer.tin, "buyer.tin",
                "the buyer's TIN (on the account): a Philippine business buyer needs it to claim input VAT; if the "
                    + "buyer is a consumer, set the account's buyer kind to individual", into: &errors)
        }
        // A non-VAT seller's VATable lines are already refused above (make them exempt); no second message.
        guard isForeign, seller.isVATRegistered else { return }
        func name(_ code: String) -> String { CountryCode(rawValue: code.uppercased())?.displayName ?? code }
        let export =
            "The account's country is \(name(buyer.country)), not the seller's (\(name(seller.country))): this is an "
            + "export sale"
        for (index, item) in invoice.fields.lines.enumerated() where item.line.taxCategory == .vatable {
            errors.add(
                field: "lines[\(index)].tax_category", code: "export_must_be_zero_rated",
                message: export + ", so make the line zero-rated.")
        }
        for (index, item) in invoice.fields.adjustments.enumerated() where item.taxCategory == .vatable {
            errors.add(
                field: "allowancesAndCharges[\(index)].taxCategory", code: "export_must_be_zero_rated",
                message: export + ", so make it zero-rated.")
        }
    }

    private static func require(_ value: String?, _ field: String, _ what: String, into errors: inout ValidationErrors)
    {
        guard (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        errors.add(field: field, code: "required_by_profile", message: "The invoice cannot be issued without \(what).")
    }
}
