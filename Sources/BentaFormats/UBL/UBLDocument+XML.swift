import BentaCore
import Foundation

extension UBLDocument {
    /// The document as UBL 2.1 XML (UTF-8 text with an XML declaration), elements in the order the UBL schema's
    /// sequences require; blank optional values are left out, since Peppol rejects empty elements.
    public func xml() -> String {
        var writer = UBLXMLWriter()
        let isInvoice = kind == .invoice
        let root = isInvoice ? "Invoice" : "CreditNote"
        writer.start(
            root,
            attributes: [
                ("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"),
                ("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
                ("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
            ])
        writer.leaf("cbc:CustomizationID", Self.customizationID)
        writer.leaf("cbc:ProfileID", Self.profileID)
        writer.leaf("cbc:ID", number)
        writer.leaf("cbc:IssueDate", issueDate.iso8601String)
        if isInvoice {
            writer.leaf("cbc:DueDate", dueDate?.iso8601String)
        }
        writer.leaf(isInvoice ? "cbc:InvoiceTypeCode" : "cbc:CreditNoteTypeCode", kind.typeCode)
        writer.leaf("cbc:Note", note)
        writer.leaf("cbc:DocumentCurrencyCode", currency.code)
        writer.leaf("cbc:TaxCurrencyCode", amounts.totals.taxAmountInTaxCurrency?.currency.code)
        writer.leaf("cbc:BuyerReference", buyerReference)
        if UBLXMLText.content(orderReference) != nil {
            writer.group("cac:OrderReference") { $0.leaf("cbc:ID", orderReference) }
        }
        if let precedingInvoice {
            writer.group("cac:BillingReference") { writer in
                writer.group("cac:InvoiceDocumentReference") { writer in
                    writer.leaf("cbc:ID", precedingInvoice.number)
                    writer.leaf("cbc:IssueDate", precedingInvoice.issueDate?.iso8601String)
                }
            }
        }
        writer.group("cac:AccountingSupplierParty") { $0.party(seller) }
        writer.group("cac:AccountingCustomerParty") { $0.party(buyer) }
        if let paymentMeans {
            writer.paymentMeans(paymentMeans, dueDate: isInvoice ? nil : dueDate)
        }
        if UBLXMLText.content(paymentTerms) != nil {
            writer.group("cac:PaymentTerms") { $0.leaf("cbc:Note", paymentTerms) }
        }
        for item in amounts.allowancesAndCharges {
            writer.allowanceCharge(item)
        }
        writer.taxTotals(amounts)
        writer.monetaryTotal(amounts.totals)
        for line in amounts.lines {
            writer.line(line, kind: kind, currency: currency)
        }
        return writer.finish()
    }
}

extension UBLXMLWriter {
    fileprivate mutating func party(_ party: UBLParty) {
        group("cac:Party") { writer in
            if let endpoint = party.endpoint {
                writer.leaf("cbc:EndpointID", endpoint.value, attributes: [("schemeID", endpoint.schemeID)])
            }
            if let identifier = party.identifier, UBLXMLText.content(identifier.value) != nil {
                writer.group("cac:PartyIdentification") { writer in
                    writer.leaf("cbc:ID", identifier.value, attributes: [("schemeID", identifier.schemeID)])
                }
            }
            if UBLXMLText.content(party.tradingName) != nil {
                writer.group("cac:PartyName") { $0.leaf("cbc:Name", party.tradingName) }
            }
            writer.address(party.address)
            if UBLXMLText.content(party.vatIdentifier) != nil {
                writer.group("cac:PartyTaxScheme") { writer in
                    writer.leaf("cbc:CompanyID", party.vatIdentifier)
                    writer.taxScheme()
                }
            }
            writer.group("cac:PartyLegalEntity") { writer in
                writer.leaf("cbc:RegistrationName", party.registrationName)
                if let companyID = party.companyID {
                    writer.leaf("cbc:CompanyID", companyID.value, attributes: [("schemeID", companyID.schemeID)])
                }
                writer.leaf("cbc:CompanyLegalForm", party.legalForm)
            }
            if let contact = party.contact,
                [contact.name, contact.telephone, contact.email].contains(where: { UBLXMLText.content($0) != nil })
            {
                writer.group("cac:Contact") { writer in
                    writer.leaf("cbc:Name", contact.name)
                    writer.leaf("cbc:Telephone", contact.telephone)
                    writer.leaf("cbc:ElectronicMail", contact.email)
                }
            }
        }
    }

    private mutating func address(_ address: UBLAddress) {
        group("cac:PostalAddress") { writer in
            writer.leaf("cbc:StreetName", address.streetName)
            writer.leaf("cbc:AdditionalStreetName", address.additionalStreetName)
            writer.leaf("cbc:CityName", address.cityName)
            writer.leaf("cbc:PostalZone", address.postalZone)
            writer.leaf("cbc:CountrySubentity", address.countrySubentity)
            if UBLXMLText.content(address.addressLine) != nil {
                writer.group("cac:AddressLine") { $0.leaf("cbc:Line", address.addressLine) }
            }
            writer.group("cac:Country") { $0.leaf("cbc:IdentificationCode", address.countryCode) }
        }
    }

    private mutating func taxScheme() {
        group("cac:TaxScheme") { $0.leaf("cbc:ID", "VAT") }
    }

    fileprivate mutating func paymentMeans(_ means: UBLPaymentMeans, dueDate: CalendarDate?) {
        group("cac:PaymentMeans") { writer in
            writer.leaf("cbc:PaymentMeansCode", means.code)
            writer.leaf("cbc:PaymentDueDate", dueDate?.iso8601String)
            writer.leaf("cbc:PaymentID", means.paymentID)
            if let account = means.account {
                writer.group("cac:PayeeFinancialAccount") { writer in
                    writer.leaf("cbc:ID", account.id)
                    writer.leaf("cbc:Name", account.name)
                    if UBLXMLText.content(account.bankID) != nil {
                        writer.group("cac:FinancialInstitutionBranch") { $0.leaf("cbc:ID", account.bankID) }
                    }
                }
            }
        }
    }

    fileprivate mutating func allowanceCharge(_ item: UBLAllowanceCharge) {
        group("cac:AllowanceCharge") { writer in
            writer.leaf("cbc:ChargeIndicator", item.isCharge ? "true" : "false")
            writer.leaf("cbc:AllowanceChargeReasonCode", item.reasonCode)
            writer.leaf("cbc:AllowanceChargeReason", item.reason)
            writer.leaf("cbc:MultiplierFactorNumeric", item.percent.map { UBLNumber.text($0) })
            writer.amount("cbc:Amount", item.amount)
            writer.amount("cbc:BaseAmount", item.baseAmount)
            if let category = item.taxCategory {
                writer.taxCategory("cac:TaxCategory", category)
            }
        }
    }

    private mutating func taxCategory(
        _ name: String, _ category: UBLTaxCategory, exemptionReasonCode: String? = nil,
        exemptionReason: String? = nil
    ) {
        group(name) { writer in
            writer.leaf("cbc:ID", category.code)
            writer.leaf("cbc:Percent", UBLNumber.text(category.percent))
            // EN 16931 forbids an exemption reason on standard-rated and zero-rated groups (BR-S-10, BR-Z-10).
            if category.code != "S", category.code != "Z" {
                writer.leaf("cbc:TaxExemptionReasonCode", exemptionReasonCode)
                writer.leaf("cbc:TaxExemptionReason", exemptionReason)
            }
            writer.taxScheme()
        }
    }

    fileprivate mutating func taxTotals(_ amounts: UBLAmounts) {
        group("cac:TaxTotal") { writer in
            writer.amount("cbc:TaxAmount", amounts.totals.taxAmount)
            for subtotal in amounts.taxSubtotals {
                writer.group("cac:TaxSubtotal") { writer in
                    writer.amount("cbc:TaxableAmount", subtotal.taxableAmount)
                    writer.amount("cbc:TaxAmount", subtotal.taxAmount)
                    writer.taxCategory(
                        "cac:TaxCategory", subtotal.category, exemptionReasonCode: subtotal.exemptionReasonCode,
                        exemptionReason: subtotal.exemptionReason)
                }
            }
        }
        // The VAT in the VAT accounting currency: a second TaxTotal without subtotals (BR-53, PEPPOL-EN16931-R054).
        if let inTaxCurrency = amounts.totals.taxAmountInTaxCurrency {
            group("cac:TaxTotal") { $0.amount("cbc:TaxAmount", inTaxCurrency) }
        }
    }

    fileprivate mutating func monetaryTotal(_ totals: UBLDocumentTotals) {
        group("cac:LegalMonetaryTotal") { writer in
            writer.amount("cbc:LineExtensionAmount", totals.lineExtensionAmount)
            writer.amount("cbc:TaxExclusiveAmount", totals.taxExclusiveAmount)
            writer.amount("cbc:TaxInclusiveAmount", totals.taxInclusiveAmount)
            writer.amount("cbc:AllowanceTotalAmount", totals.allowanceTotal)
            writer.amount("cbc:ChargeTotalAmount", totals.chargeTotal)
            writer.amount("cbc:PrepaidAmount", totals.prepaidAmount)
            writer.amount("cbc:PayableRoundingAmount", totals.roundingAmount)
            writer.amount("cbc:PayableAmount", totals.payableAmount)
        }
    }

    fileprivate mutating func line(_ line: UBLLine, kind: UBLDocument.Kind, currency: Currency) {
        let isInvoice = kind == .invoice
        group(isInvoice ? "cac:InvoiceLine" : "cac:CreditNoteLine") { writer in
            writer.leaf("cbc:ID", line.id)
            writer.leaf("cbc:Note", line.note)
            writer.leaf(
                isInvoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity", UBLNumber.text(line.quantity),
                attributes: [("unitCode", line.unitCode)])
            writer.amount("cbc:LineExtensionAmount", line.netAmount)
            for item in line.allowancesAndCharges {
                writer.allowanceCharge(item)
            }
            writer.group("cac:Item") { writer in
                writer.leaf("cbc:Description", line.description)
                writer.leaf("cbc:Name", line.name)
                if UBLXMLText.content(line.sellersItemID) != nil {
                    writer.group("cac:SellersItemIdentification") { $0.leaf("cbc:ID", line.sellersItemID) }
                }
                writer.taxCategory("cac:ClassifiedTaxCategory", line.taxCategory)
            }
            writer.group("cac:Price") { writer in
                writer.leaf(
                    "cbc:PriceAmount", UBLNumber.text(line.price, minimumFractionDigits: currency.minorUnitDigits),
                    attributes: [("currencyID", currency.code)])
                if let base = line.priceBaseQuantity {
                    writer.leaf("cbc:BaseQuantity", UBLNumber.text(base), attributes: [("unitCode", line.unitCode)])
                }
            }
        }
    }
}
