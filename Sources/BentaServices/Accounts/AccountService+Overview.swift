import BentaCore
import BentaStore
import Foundation

extension AccountService {
    /// The account page's 360° view of `id` on `today` (the company's day): its newest deals, quotes, invoices and
    /// contracts and what the customer owes (``AccountOverview``), in two statements; empty when the viewer may not
    /// see the account (load the account first for its 404).
    public func overview(_ id: Account.ID, viewer: Viewer, today: CalendarDate) async throws -> AccountOverview {
        try await database.read { db in
            try await AccountOverviewStore(db).overview(of: id, viewer: viewer, today: today)
        }
    }
}
