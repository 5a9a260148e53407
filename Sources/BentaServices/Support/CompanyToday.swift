import BentaCore
import BentaStore

/// "Today" for a company, read the one way every service reads it: the company's settings, then
/// ``CompanySettings/today(at:)`` at the clock's now.
enum CompanyToday {
    /// The company's date today; a company that does not exist is `RecordError.notFound(entity: "company")`.
    static func date(
        companyID: Company.ID, database: any AppDatabase, clock: AppClock
    ) async throws -> CalendarDate {
        guard let company = try await database.read({ db in try await CompanyStore(db).find(companyID) }) else {
            throw RecordError.notFound(entity: "company")
        }
        return company.settings.today(at: clock.now())
    }
}
