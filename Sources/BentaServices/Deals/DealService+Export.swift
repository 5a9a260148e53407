import BentaCore
import BentaFormats
import BentaStore
import Foundation

extension DealService {
    /// The deals of a list view (with its filters, only what the viewer may see) as CSV.
    public func exportCSV(viewer: Viewer, filter: DealFilter) async throws -> String {
        let pipelines = try await pipelines(viewer: viewer)
        let users = try await database.read { db in try await UserStore(db).all(companyID: viewer.companyID) }
        let owners = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var writer = CSVWriter(header: [
            "id", "title", "account", "owner", "pipeline", "stage", "status", "amount", "currency", "probability",
            "forecast_category", "expected_close", "next_step", "lost_reason", "created_at",
        ])
        var cursor: String?
        repeat {
            let page = try await list(viewer: viewer, filter: filter, page: PageRequest(limit: 200, cursor: cursor))
            let accountNames = try await AccountService.names(
                of: page.items.map(\.fields.accountID), viewer: viewer, database: database)
            for deal in page.items {
                let f = deal.fields
                let pipeline = pipelines.first { $0.id == deal.pipelineID }
                writer.appendRow([
                    deal.id.description, f.title, accountNames[f.accountID] ?? "", owners[f.ownerID] ?? "",
                    pipeline?.name ?? "", pipeline?.stage(deal.stageID)?.name ?? "", deal.status.rawValue,
                    f.amount.decimalString, f.amount.currency.code,
                    pipeline.map { String(deal.probability(in: $0)) } ?? "",
                    pipeline.map { deal.forecastCategory(in: $0).rawValue } ?? "", f.expectedClose.iso8601String,
                    f.nextStep ?? "", deal.lostReason ?? "", ISO8601DateFormatter().string(from: deal.createdAt),
                ])
            }
            cursor = page.nextCursor
        } while cursor != nil
        return writer.text
    }
}
