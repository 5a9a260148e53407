import BentaCore
import Foundation
import SQLKit

extension InvoiceStore {
    /// Records the instalments an invoice is issued with, in the issuing transaction; once (the rows are
    /// append-only, the key is the invoice and the position).
    public func recordInstalments(_ instalments: [InvoiceInstalment], of invoice: Invoice) async throws {
        try await Self.insertInstalments(
            instalments, invoice: invoice.id.description, company: invoice.companyID.description, on: db)
    }

    /// The instalments of one invoice, in order (empty for a draft or a credit note).
    public func instalments(of invoice: Invoice.ID) async throws -> [InvoiceInstalment] {
        try await db.raw(
            """
            SELECT seq, due_date, amount_minor, currency FROM invoice_instalments
            WHERE invoice_id = \(bind: invoice.description) ORDER BY seq
            """
        ).all().map(Self.decodeInstalment)
    }

    /// One multi-row insert of an invoice's instalments.
    static func insertInstalments(
        _ instalments: [InvoiceInstalment], invoice: String, company: String, on db: any SQLDatabase
    ) async throws {
        guard !instalments.isEmpty else { return }
        var sql: SQLQueryString =
            "INSERT INTO invoice_instalments (invoice_id, seq, company_id, due_date, amount_minor, currency) VALUES "
        for (index, part) in instalments.enumerated() {
            if index > 0 { sql += ", " }
            sql += """
                (\(bind: invoice), \(bind: Int64(part.sequence)), \(bind: company), \(bind: part.dueDate.iso8601String), \
                \(bind: part.amount.minorUnits), \(bind: part.amount.currency.code))
                """
        }
        try await db.raw(sql).run()
    }

    /// An instalment row: `seq`, `due_date`, `amount_minor`, `currency`.
    static func decodeInstalment(_ row: any SQLRow) throws -> InvoiceInstalment {
        guard let currency = Currency(code: try row.string("currency")),
            let due = CalendarDate(iso8601: try row.string("due_date"))
        else { throw CorruptRow(description: "invoice instalment") }
        return InvoiceInstalment(
            sequence: Int(try row.int64("seq")), dueDate: due,
            amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency))
    }
}
