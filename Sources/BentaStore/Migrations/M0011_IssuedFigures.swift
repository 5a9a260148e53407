import BentaCore
import Foundation
import SQLKit

/// Issued invoices and credit notes keep what they state (`IssuedFigures`: totals, title, acknowledgement, base
/// currency) in `issued_json`, so they read and print as issued whatever later changes to the settings or to the
/// code that computes totals.
///
/// The backfill freezes the documents already issued: their totals as the code computes them now (the code that
/// issued them; nothing in the arithmetic changed since) and the title and acknowledgement from the invoicing
/// settings as they stand, which is what those documents printed until now. It reads only the columns that
/// existed at this migration, so it keeps working when later migrations add more.
struct M0011_IssuedFigures: Migration {
    let number = 11
    let name = "issued_figures"

    func statements(for engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE invoices ADD COLUMN issued_json TEXT"]
    }

    func backfill(_ db: any SQLDatabase) async throws {
        var settings: [String: (InvoiceSettings, Currency)] = [:]
        var after = ""
        while true {
            let rows = try await db.raw(
                """
                SELECT id, company_id, kind, currency, prices_include_tax, adjustments_json, fixed_tax_json
                FROM invoices WHERE status = 'issued' AND issued_json IS NULL AND id > \(bind: after)
                ORDER BY id LIMIT 200
                """
            ).all()
            guard let last = rows.last else { return }
            after = try last.string("id")
            var currencies: [String: Currency] = [:]
            for row in rows {
                guard let currency = Currency(code: try row.string("currency")) else {
                    throw CorruptRow(description: "invoice currency")
                }
                currencies[try row.string("id")] = currency
            }
            let lines = try await LineStore(db, table: .invoice).lines(
                of: Array(currencies.keys), currencies: currencies)
            for row in rows {
                let id = try row.string("id")
                let companyID = try row.string("company_id")
                if settings[companyID] == nil { settings[companyID] = try await Self.settings(of: companyID, db: db) }
                guard let (invoiceSettings, baseCurrency) = settings[companyID], let currency = currencies[id],
                    let kind = InvoiceKind(rawValue: try row.string("kind"))
                else { throw CorruptRow(description: "invoice \(id)") }
                let totals = try DocumentTotals.compute(
                    lines: (lines[id] ?? []).map(\.line),
                    allowancesAndCharges: try row.json("adjustments_json", as: [DocumentAllowanceCharge].self),
                    pricesIncludeTax: try row.bool("prices_include_tax"),
                    fixedTaxAmounts: try row.json("fixed_tax_json", as: [FixedTaxAmount].self), currency: currency)
                let figures = IssuedFigures(
                    totals: totals, title: kind == .creditNote ? "Credit Note" : invoiceSettings.title,
                    acknowledgementNumber: invoiceSettings.acknowledgementNumber,
                    acknowledgementDate: invoiceSettings.acknowledgementDate, baseCurrency: baseCurrency)
                try await db.raw(
                    "UPDATE invoices SET issued_json = \(bind: try jsonText(figures)) WHERE id = \(bind: id)"
                ).run()
            }
        }
    }

    /// The invoicing settings as saved (else the country's defaults) and the base currency of a company.
    static func settings(of companyID: String, db: any SQLDatabase) async throws -> (InvoiceSettings, Currency) {
        guard
            let company = try await db.raw(
                "SELECT country, base_currency FROM companies WHERE id = \(bind: companyID)"
            ).first(),
            let base = Currency(code: try company.string("base_currency"))
        else { throw CorruptRow(description: "company \(companyID)") }
        var settings = InvoiceSettings.defaults(country: CountryCode(rawValue: try company.string("country")) ?? .PH)
        if let row = try await db.raw(
            """
            SELECT title, acknowledgement_number, acknowledgement_date FROM invoice_settings
            WHERE company_id = \(bind: companyID)
            """
        ).first() {
            settings.title = try row.string("title")
            settings.acknowledgementNumber = try row.optionalString("acknowledgement_number")
            settings.acknowledgementDate = try row.optionalString("acknowledgement_date").flatMap(
                CalendarDate.init(iso8601:))
        }
        return (settings, base)
    }
}
