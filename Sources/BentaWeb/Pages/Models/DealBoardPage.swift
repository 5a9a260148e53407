import BentaCore
import Foundation

/// The deal board: this month's figures, one column per open stage of the pipeline with its first cards (or the page
/// of the one column being paged), the won and lost stages as narrow summaries linking to their deals, and the stage
/// conversion table. Property names are the template's (`deals_board.mustache`).
struct DealBoardPage: PageModel {
    struct Column {
        var count: Int
        var total: String
        var name: String
        var probability: Int
        var is_closed: Bool
        /// The deals of a won or lost stage, in the list (the board shows only their count and total).
        var closed_url: String
        var has_cards: Bool
        var is_paged: Bool
        var first_url: String
        /// The column's next page; nil on its last.
        var more_url: String?
        var cards: [Card]
    }

    /// One deal on the board: a link to the deal and, folded away under "Move", a form that moves it to another
    /// stage (won and lost included) and comes back to this board.
    struct Card {
        var id: String
        var url: String
        var move_url: String
        /// Every stage of the pipeline, the deal's own selected.
        var stages: [PageOption]
        var title: String
        var account: String
        var amount: String
        var owner: String
        var close: String
    }

    struct ConversionRow {
        var name: String
        var entered: Int
        var advanced: String
        var won: String
        var lost: Int
        var days: String
    }

    var conversion: [ConversionRow]
    var has_conversion: Bool
    var columns: [Column]
    /// This board as shown (filters and the paged column), where a card's move form comes back to.
    var return_to: String
    var q: String
    var owners: [PageOption]
    var show_owner_filter: Bool
    var weighted: String
    var open_total: String
    /// The month's win rate, or why it cannot be told yet (too few closed deals).
    var win_rate: String
    /// The average days to win, or why it cannot be told yet (too few won deals).
    var cycle: String
    var commit: String
    var best_case: String
    var month: String

    /// What the board shows; `pages` are the columns' deals by stage, `pagedStage` and `cursor` the column being
    /// paged and where (a card moved from that page comes back to it), `names` the accounts' names.
    static func make(
        pipeline: Pipeline, pages: [Pipeline.Stage.ID: Page<Deal>],
        summaries: [Pipeline.Stage.ID: (count: Int, totals: [Money])], names: [Account.ID: String],
        metrics: PipelineMetrics, conversion: [StageConversion], filter: DealFilter,
        pagedStage: Pipeline.Stage.ID?, cursor: String?, month: CalendarDate, directory: PageDirectory,
        role: Role, strings: [String: String], language: LanguageCode
    ) -> DealBoardPage {
        let money = MoneyFormatter(language: language)
        let filters: [(String, String?)] = [("q", filter.query), ("owner_id", filter.ownerID?.description)]
        let columns = pipeline.stages.map { stage in
            let page = pages[stage.id] ?? Page(items: [], nextCursor: nil)
            let summary = summaries[stage.id] ?? (0, [])
            return Column(
                count: summary.count,
                total: summary.totals.isEmpty
                    ? money.format(.zero(directory.company.settings.baseCurrency))
                    : summary.totals.map { money.format($0) }.joined(separator: " + "),
                name: StageNames.shown(stage.name, strings: strings), probability: stage.probability,
                is_closed: stage.outcome != nil,
                closed_url: stage.outcome.map {
                    Paths.dealList() + QueryString.make(filters + [("status", $0.rawValue)])
                } ?? "",
                has_cards: !page.items.isEmpty, is_paged: stage.id == pagedStage && cursor != nil,
                first_url: Paths.deals() + QueryString.make(filters),
                more_url: page.nextCursor.map {
                    Paths.deals() + QueryString.make(filters + [("stage_id", stage.id.description), ("cursor", $0)])
                },
                cards: page.items.map { deal in
                    Card(
                        id: deal.id.description, url: Paths.deal(deal.id), move_url: Paths.dealStage(deal.id),
                        stages: pipeline.stages.map {
                            PageOption(
                                id: $0.id.description, name: StageNames.shown($0.name, strings: strings),
                                selected: $0.id == deal.stageID)
                        },
                        title: deal.fields.title,
                        account: names[deal.fields.accountID] ?? "", amount: money.format(deal.fields.amount),
                        owner: directory.userName(deal.fields.ownerID),
                        close: DateFormatting.display(deal.fields.expectedClose, language: language))
                })
        }
        let rate = { (value: Decimal?, count: Int) in value.map { "\(count) (\($0)%)" } ?? "\(count)" }
        return DealBoardPage(
            conversion: conversion.map { stage in
                ConversionRow(
                    name: StageNames.shown(stage.stageName, strings: strings), entered: stage.entered,
                    advanced: rate(stage.advanceRatePercent, stage.advanced),
                    won: rate(stage.winRatePercent, stage.won), lost: stage.lost,
                    days: stage.averageDaysInStage.map { "\($0)" } ?? "—")
            },
            has_conversion: conversion.contains { $0.entered > 0 }, columns: columns,
            return_to: Paths.deals()
                + QueryString.make(
                    filters + [("stage_id", cursor == nil ? nil : pagedStage?.description), ("cursor", cursor)]),
            q: filter.query ?? "",
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, weighted: money.format(metrics.weightedPipeline),
            open_total: money.format(metrics.openPipeline),
            win_rate: winRate(metrics, strings: strings), cycle: cycle(metrics, strings: strings),
            commit: money.format(metrics.commit),
            best_case: money.format(metrics.bestCase),
            month: DateFormatting.monthName(month.month, language: language) + " \(month.year)")
    }

    /// Fewer closed deals than this, and the month's win rate and days to win are not told: one same-day win
    /// would read 100% and 0 days.
    static let smallestSample = 5

    /// "40% (2 of 5)", or "Too few closed deals to tell (1)" under `smallestSample`.
    static func winRate(_ metrics: PipelineMetrics, strings: [String: String]) -> String {
        let closed = metrics.won + metrics.lost
        guard closed >= smallestSample, let percent = metrics.winRatePercent else {
            return (strings["deal_win_rate_too_few"] ?? "Too few closed deals to tell ({count})")
                .replacingOccurrences(of: "{count}", with: "\(closed)")
        }
        return (strings["deal_win_rate_value"] ?? "{percent}% ({won} of {closed})")
            .replacingOccurrences(of: "{percent}", with: "\(percent)")
            .replacingOccurrences(of: "{won}", with: "\(metrics.won)")
            .replacingOccurrences(of: "{closed}", with: "\(closed)")
    }

    /// "12.5", "under a day" for wins on the day they were opened, or "Too few won deals to tell (1)".
    static func cycle(_ metrics: PipelineMetrics, strings: [String: String]) -> String {
        guard metrics.won >= smallestSample, let days = metrics.averageCycleDays else {
            return (strings["deal_cycle_too_few"] ?? "Too few won deals to tell ({count})")
                .replacingOccurrences(of: "{count}", with: "\(metrics.won)")
        }
        return days < 1 ? strings["deal_cycle_under_a_day"] ?? "under a day" : "\(days)"
    }
}
