import BentaCore
import BentaFormats
import BentaStore
import Foundation

/// The overdue list per manager (issue 12's reports) and the CSV exports of the receivables reports (issue 13: every
/// report exports CSV): aging as of a day, the overdue list, DSO and CEI. Exports read a page at a time (a fixed
/// number of statements per page), never every invoice at once.
extension ReceivablesReportService {
    /// Rows per page read by an export.
    static let exportPageSize = 500

    /// Whose customers a report covers: a manager's own (naming another manager is 403), anyone's for the others
    /// (nil: everyone's).
    static func owner(_ ownerID: User.ID?, viewer: Viewer) throws -> User.ID? {
        guard viewer.role == .manager else { return ownerID }
        if let ownerID, ownerID != viewer.userID {
            throw RecordError.forbidden(detail: "A manager reads the figures of their own customers only.")
        }
        return viewer.userID
    }

    // MARK: Overdue list

    /// The customers with open parts due before `asOf` (default: the company's today), by manager: the totals per
    /// manager and currency and one keyset page of customers. A manager sees their own customers only; a head,
    /// admin or accountant everyone's, or one manager's with `ownerID`. Two statements, whatever the page's length.
    public func overdue(
        viewer: Viewer, ownerID: User.ID?, asOf: CalendarDate?, page: PageRequest
    ) async throws -> OverdueList {
        let owner = try Self.owner(ownerID, viewer: viewer)
        let day: CalendarDate
        if let asOf {
            day = asOf
        } else {
            day = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        }
        return try await database.read { db in
            let store = ReceivablesStore(db)
            let managers = try await store.overdueByManager(viewer: viewer, asOf: day, ownerID: owner)
            let customers = try await store.overdueCustomers(
                viewer: viewer, asOf: day, ownerID: owner, cursor: page.cursor, limit: page.limit)
            return OverdueList(asOf: day, managers: managers, customers: customers)
        }
    }

    /// The whole overdue list as CSV, one row per manager, customer and currency, read a page at a time.
    public func overdueCSV(viewer: Viewer, ownerID: User.ID?, asOf: CalendarDate?) async throws -> String {
        let managers = try await userNames(viewer: viewer)
        var day = asOf
        if day == nil {
            day = try await CompanyToday.date(companyID: viewer.companyID, database: database, clock: clock)
        }
        var csv = CSVWriter(header: [
            "as_of", "manager_id", "manager", "account_id", "account", "currency", "overdue", "open", "invoices",
            "oldest_due", "days_late",
        ])
        var cursor: String?
        repeat {
            let list = try await overdue(
                viewer: viewer, ownerID: ownerID, asOf: day,
                page: PageRequest(limit: Self.exportPageSize, cursor: cursor))
            for row in list.customers.items {
                csv.appendRow([
                    list.asOf.iso8601String, row.managerID.description, managers[row.managerID] ?? "",
                    row.accountID.description, row.accountName, row.overdue.currency.code, row.overdue.decimalString,
                    row.open.decimalString, String(row.invoiceCount), row.oldestDue.iso8601String,
                    String(row.daysLate(asOf: list.asOf)),
                ])
            }
            cursor = list.customers.nextCursor
        } while cursor != nil
        return csv.text
    }

    // MARK: Aging

    /// The aging as of `asOf` as CSV (standard buckets), grouped by customer (read 500 customers at a time),
    /// manager or currency; the customers the viewer sees, as on the receivables page.
    public func agingCSV(viewer: Viewer, asOf: CalendarDate, grouping: AgingGrouping) async throws -> String {
        let buckets = AgingBuckets.standard
        let managers = grouping == .manager ? try await userNames(viewer: viewer) : [:]
        var csv = CSVWriter(
            header: ["as_of", grouping.rawValue + "_id", grouping.rawValue, "currency"]
                + buckets.buckets.map { $0.labelKey.replacingOccurrences(of: "aging.", with: "") }
                + ["total", "invoices"])
        var cursor: String?
        repeat {
            let after = cursor
            let (rows, next, names) = try await database.read { db in
                let page = try await ReceivablesStore(db).aging(
                    viewer: viewer, asOf: asOf, buckets: buckets, grouping: grouping, cursor: after,
                    limit: Self.exportPageSize)
                var names: [String: String] = [:]
                if grouping == .customer {
                    let ids = Array(Set(page.rows.compactMap { Account.ID(string: $0.key) }))
                    for account in try await AccountStore(db).find(ids, viewer: viewer) {
                        names[account.id.description] = account.fields.name
                    }
                }
                return (page.rows, page.nextCursor, names)
            }
            for row in rows {
                let name: String
                switch grouping {
                case .customer: name = names[row.key] ?? ""
                case .manager: name = User.ID(string: row.key).flatMap { managers[$0] } ?? ""
                case .currency: name = row.key
                }
                csv.appendRow(
                    [asOf.iso8601String, row.key, name, row.currency.code] + row.amounts.map(\.decimalString)
                        + [row.total.decimalString, String(row.invoiceCount)])
            }
            cursor = grouping == .customer ? next : nil
        } while cursor != nil
        return csv.text
    }

    // MARK: DSO and CEI

    /// DSO, best possible DSO, average days delinquent and CEI for the period as CSV: one row, with the figures
    /// they come from (``metrics(from:to:currency:ownerID:viewer:)``).
    public func metricsCSV(
        from: CalendarDate?, to: CalendarDate?, currency: Currency?, ownerID: User.ID?, viewer: Viewer
    ) async throws -> String {
        let m = try await metrics(from: from, to: to, currency: currency, ownerID: ownerID, viewer: viewer)
        var csv = CSVWriter(header: [
            "from", "to", "days", "currency", "manager_id", "beginning_receivables", "ending_receivables",
            "ending_current_receivables", "credit_sales", "dso", "best_possible_dso", "average_days_delinquent",
            "cei_percent",
        ])
        func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }
        csv.appendRow([
            m.from.iso8601String, m.to.iso8601String, String(m.periodDays), m.currency.code,
            m.ownerID?.description ?? "", m.beginningReceivables.decimalString, m.endingReceivables.decimalString,
            m.endingCurrentReceivables.decimalString, m.creditSales.decimalString, text(m.dso),
            text(m.bestPossibleDSO), text(m.averageDaysDelinquent), text(m.cei),
        ])
        return csv.text
    }

    /// The names of the company's users, by id (one statement).
    func userNames(viewer: Viewer) async throws -> [User.ID: String] {
        let users = try await database.read { db in try await UserStore(db).all(companyID: viewer.companyID) }
        return Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
