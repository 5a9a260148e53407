import BentaCore
import Foundation

/// The deals as a table: the filters as submitted, one row per deal on this page, the next page's link.
/// Property names are the template's (`deals_list.mustache`).
struct DealListPage: PageModel {
    struct Row {
        var url: String
        var title: String
        var account: String
        var stage: String
        var amount: String
        var probability: String
        var close: String
        var owner: String
        var is_closed: Bool
        var status_label: String
    }

    var deals: [Row]
    var has_deals: Bool
    var q: String
    var close_from: String
    var close_to: String
    var statuses: [PageChoice]
    var stages: [PageOption]
    var owners: [PageOption]
    var show_owner_filter: Bool
    var export_url: String
    var has_next: Bool
    var next_url: String?

    /// The page for `page` of deals read with `filter`; `status` is the status filter as submitted ("open" when none).
    static func make(
        _ page: Page<Deal>, filter: DealFilter, status: String, pipelines: [Pipeline], names: [Account.ID: String],
        directory: PageDirectory, role: Role, strings: [String: String], language: LanguageCode
    ) -> DealListPage {
        let money = MoneyFormatter(language: language)
        let filters: [(String, String?)] = [
            ("q", filter.query), ("status", status), ("owner_id", filter.ownerID?.description),
            ("stage_id", filter.stageID?.description), ("close_from", filter.closeFrom?.iso8601String),
            ("close_to", filter.closeTo?.iso8601String),
        ]
        let rows = page.items.map { deal in
            let pipeline = pipelines.first { $0.id == deal.pipelineID }
            return Row(
                url: Paths.deal(deal.id), title: deal.fields.title, account: names[deal.fields.accountID] ?? "",
                stage: StageNames.shown(pipeline?.stage(deal.stageID)?.name ?? "", strings: strings),
                amount: money.format(deal.fields.amount),
                probability: pipeline.map { "\(deal.probability(in: $0))%" } ?? "",
                close: DateFormatting.display(deal.fields.expectedClose, language: language),
                owner: directory.userName(deal.fields.ownerID), is_closed: deal.status != .open,
                status_label: strings["deal_status_\(deal.status.rawValue)"] ?? deal.status.rawValue)
        }
        return DealListPage(
            deals: rows, has_deals: !rows.isEmpty, q: filter.query ?? "",
            close_from: filter.closeFrom?.iso8601String ?? "", close_to: filter.closeTo?.iso8601String ?? "",
            statuses: ["open", "won", "lost", "all"].map {
                PageChoice(value: $0, label: strings["deal_status_\($0)"] ?? $0, selected: $0 == status)
            },
            stages: pipelines.flatMap { pipeline in
                pipeline.stages.map {
                    let stage = StageNames.shown($0.name, strings: strings)
                    return PageOption(
                        id: $0.id.description,
                        name: pipelines.count > 1
                            ? "\(StageNames.pipeline(pipeline.name, strings: strings)): \(stage)" : stage,
                        selected: $0.id == filter.stageID)
                }
            },
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, export_url: Paths.dealsExport() + QueryString.make(filters),
            has_next: page.nextCursor != nil,
            next_url: page.nextCursor.map { Paths.dealList() + QueryString.make(filters + [("cursor", $0)]) })
    }
}
