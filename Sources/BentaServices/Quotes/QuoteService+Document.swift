import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension QuoteService {
    /// Everything a rendering of the quote needs (seller, buyer, contact, totals), read in one go.
    public typealias Document = QuoteDocument

    /// The quote with its parties and totals, for the HTML and PDF renderings.
    public func document(_ id: Quote.ID, viewer: Viewer) async throws -> Document {
        let quote = try await quote(id, viewer: viewer)
        let today = try await today(viewer: viewer)
        return try await database.read { db in
            guard let company = try await CompanyStore(db).find(viewer.companyID),
                let account = try await AccountStore(db).find(quote.accountID, viewer: viewer)
            else { throw RecordError.notFound(entity: "quote") }
            let contact = try await quote.fields.contactID.asyncFlatMap {
                try await ContactStore(db).find($0, viewer: viewer)
            }
            return Document(
                quote: quote, seller: company.settings, account: account, contact: contact,
                totals: try quote.totals(), today: today)
        }
    }

    /// The quote as a PDF (A4, standard fonts: amounts carry the currency code, as "₱" cannot be drawn).
    public func pdf(_ id: Quote.ID, viewer: Viewer) async throws -> [UInt8] {
        let document = try await document(id, viewer: viewer)
        return QuotePDF.render(document, creationDate: clock.now())
    }
}

extension Optional {
    /// `flatMap` with an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
