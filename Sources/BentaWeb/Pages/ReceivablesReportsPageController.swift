import BentaCore
import BentaServices
import Foundation
import Hummingbird

/// The receivables report pages beside the aging (issue 12's reports, issue 13's CSV exports): the overdue list per
/// manager (page and CSV), the quarterly list of invoices unpaid past their term (page and CSV), and the aging, DSO
/// and CEI and pending 2307 certificates as CSV. Everyone reads them over the customers they see; a manager only
/// their own customers. Registered by ``PaymentsPageController``.
struct ReceivablesReportsPageController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get(Paths.overdueCustomers, use: overdue)
        group.get(Paths.overdueCustomersCSV, use: overdueCSV)
        group.get(Paths.receivablesAgingCSV, use: agingCSV)
        group.get(Paths.receivablesMetricsCSV, use: metricsCSV)
        group.get(Paths.pendingCertificatesCSV, use: pendingCertificatesCSV)
        group.get(Paths.unpaidPastTermPage, use: unpaidPastTerm)
        group.get(Paths.unpaidPastTermPageCSV, use: unpaidPastTermCSV)
    }

    /// `?as_of=YYYY-MM-DD` (default today; a date that is not one is a 400).
    private static func asOf(_ request: Request) throws -> CalendarDate? {
        guard let text = request.query("as_of") else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            throw RequestError.invalidParameter(name: "as_of", message: "must be a date as YYYY-MM-DD.")
        }
        return date
    }

    /// A manager's reports are their own customers'; the others may name a manager with `?owner_id=`.
    private static func owner(_ request: Request, context: AuthenticatedContext) throws -> User.ID? {
        context.viewer.role == .manager ? context.user.id : try ListQuery.owner(request)
    }

    // MARK: Overdue list

    /// `?as_of=`, `?owner_id=` (head, admin, accountant), `?cursor=` (the next customers).
    @Sendable func overdue(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let owner = try Self.owner(request, context: context)
        let list = try await services.receivables.overdue(
            viewer: context.viewer, ownerID: owner, asOf: try Self.asOf(request),
            page: PageRequest(limit: 100, cursor: request.query("cursor")))
        let directory = try await PageDirectory.load(services, context: context)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        let isManager = context.viewer.role == .manager
        return renderer.render(
            "receivables_overdue", title: strings["overdue_title"] ?? "Overdue customers",
            model: OverduePage.make(
                list, ownerID: owner, isManager: isManager, directory: directory, language: language),
            section: .receivables, identity: context.identity, language: language)
    }

    @Sendable func overdueCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let asOf = try Self.asOf(request)
        let csv = try await services.receivables.overdueCSV(
            viewer: context.viewer, ownerID: try Self.owner(request, context: context), asOf: asOf)
        return CSVResponse.make(csv, filename: "overdue-\(asOf?.iso8601String ?? "today").csv")
    }

    // MARK: CSV exports of the aging, DSO/CEI and pending certificates

    /// `?as_of=` (default today), `?group=customer|manager|currency` (default customer).
    @Sendable func agingCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var asOf = try Self.asOf(request)
        if asOf == nil { asOf = try await services.invoices.today(companyID: context.viewer.companyID) }
        guard let asOf else { throw RecordError.notFound(entity: "company") }
        var grouping = AgingGrouping.customer
        if let text = request.query("group") {
            guard let value = AgingGrouping(rawValue: text) else {
                throw RequestError.invalidParameter(name: "group", message: "must be customer, manager or currency.")
            }
            grouping = value
        }
        let csv = try await services.receivables.agingCSV(viewer: context.viewer, asOf: asOf, grouping: grouping)
        return CSVResponse.make(csv, filename: "aging-\(grouping.rawValue)-\(asOf.iso8601String).csv")
    }

    /// `?from=&to=` (default: the 90 days up to today), `?currency=`, `?owner_id=`.
    @Sendable func metricsCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let period = try StatementQuery(request)
        let csv = try await services.receivables.metricsCSV(
            from: period.from, to: period.to, currency: period.currency,
            ownerID: context.viewer.role == .manager ? nil : try ListQuery.owner(request), viewer: context.viewer)
        return CSVResponse.make(csv, filename: "dso-cei-\(period.to?.iso8601String ?? "today").csv")
    }

    /// `?quarter=2026-Q3` (default: every quarter).
    @Sendable func pendingCertificatesCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var quarter: TaxQuarter?
        if request.query("quarter") != nil { quarter = try ReceivablesAPIController.quarter(request) }
        let csv = try await services.payments.pendingCertificatesCSV(viewer: context.viewer, quarter: quarter)
        return CSVResponse.make(csv, filename: "pending-2307-\(quarter?.description ?? "all").csv")
    }

    // MARK: Unpaid past term

    /// `?quarter=2026-Q3` (default: the current quarter), `?cursor=`.
    @Sendable func unpaidPastTerm(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let today = try await services.invoices.today(companyID: context.viewer.companyID)
        let quarter =
            request.query("quarter") == nil
            ? TaxQuarter(containing: today) : try ReceivablesAPIController.quarter(request)
        let page = try await services.receivables.unpaidPastTerm(
            quarter: quarter, page: PageRequest(limit: 100, cursor: request.query("cursor")), viewer: context.viewer)
        let language = context.user.language
        let strings = renderer.translations.table(language)
        return renderer.render(
            "receivables_unpaid_past_term", title: strings["unpaid_title"] ?? "Invoices unpaid past their term",
            model: UnpaidPastTermPage.make(page, quarter: quarter, today: today, language: language),
            section: .receivables, identity: context.identity, language: language)
    }

    @Sendable func unpaidPastTermCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let quarter = try ReceivablesAPIController.quarter(request)
        let csv = try await services.receivables.unpaidPastTermCSV(quarter: quarter, viewer: context.viewer)
        return CSVResponse.make(csv, filename: "unpaid-past-term-\(quarter).csv")
    }
}
