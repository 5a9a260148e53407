import BentaCore
import SQLKit

extension QuoteStore {
    /// Moves a quote's validity date, without a version bump or an audit row: only the demo company uses it, to
    /// show a sent quote that has lapsed.
    public func setValidUntilForDemo(_ id: Quote.ID, to date: CalendarDate) async throws {
        try await db.raw(
            "UPDATE quotes SET valid_until = \(bind: date.iso8601String) WHERE id = \(bind: id.description)"
        ).run()
    }
}
