import BentaCore
import Foundation

extension Paths {
    static let invoices = "/invoices"
    static let newInvoice = "/invoices/new"
    static let invoiceRegister = "/invoices/register"
    static let invoiceRegisterCSV = "/invoices/register.csv"
    static let invoiceSettings = "/settings/invoicing"
    static func invoice(_ id: Invoice.ID) -> String { "/invoices/\(id)" }
    static func invoicePDF(_ id: Invoice.ID) -> String { "/invoices/\(id)/invoice.pdf" }
    static func issueInvoice(_ id: Invoice.ID) -> String { "/invoices/\(id)/issue" }
    static func discardInvoice(_ id: Invoice.ID) -> String { "/invoices/\(id)/discard" }
    static func creditInvoice(_ id: Invoice.ID) -> String { "/invoices/\(id)/credit-notes" }
}
