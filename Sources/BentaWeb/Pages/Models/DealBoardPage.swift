import BentaCore
import Foundation

/// The deal board: this month's figures, one column per stage of the pipeline with its first cards (or the page of
/// the one column being paged) and the stage conversion table. Property names are the template's
/// (`deals_board.mustache`).
struct DealBoardPage: PageModel {
    struct Column {
        var count: Int
        var total: String
        var name: String
        var probability: Int
        var is_closed: Bool
        var has_cards: Bool
        var is_paged: Bool
        var first_url: String
        /// The column's next page; nil on its last.
        var more_url: String?
        var cards: [Card]
    }

    /// One deal on the board, with the form that moves it to another stage.
    struct Card {
        var url: String
        var title: String
        var account: String
        var amount: String
        var owner: String
        var close: String
        var move_url: String
        var return_to: String
        var stages: [PageOption]
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
    var q: String
    var owners: [PageOption]
    var show_owner_filter: Bool
    var weighted: String
    var open_total: String
    var win_rate: String
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
        role: Role, language: LanguageCode
    ) -> DealBoardPage {
        let money = MoneyFormatter(language: language)
        let filters: [(String, String?)] = [("q", filter.query), ("owner_id", filter.ownerID?.description)]
        let boardURL =
            Paths.deals()
            + QueryString.make(
                filters + [("stage_id", pagedStage?.description), ("cursor", pagedStage == nil ? nil : cursor)])
        let columns = pipeline.stages.map { stage in
            let page = pages[stage.id] ?? Page(items: [], nextCursor: nil)
            let summary = summaries[stage.id] ?? (0, [])
            return Column(
                count: summary.count,
                total: summary.totals.isEmpty
                    ? money.format(.zero(directory.company.settings.baseCurrency))
                    : summary.totals.map { money.format($0) }.joined(separator: " + "),
                name: stage.name, probability: stage.probability, is_closed: stage.outcome != nil,
                has_cards: !page.items.isEmpty, is_paged: stage.id == pagedStage && cursor != nil,
                first_url: Paths.deals() + QueryString.make(filters),
                more_url: page.nextCursor.map {
                    Paths.deals() + QueryString.make(filters + [("stage_id", stage.id.description), ("cursor", $0)])
                },
                cards: page.items.map { deal in
                    Card(
                        url: Paths.deal(deal.id), title: deal.fields.title,
                        account: names[deal.fields.accountID] ?? "", amount: money.format(deal.fields.amount),
                        owner: directory.userName(deal.fields.ownerID),
                        close: DateFormatting.display(deal.fields.expectedClose, language: language),
                        move_url: Paths.dealStage(deal.id), return_to: boardURL,
                        stages: pipeline.stages.map {
                            PageOption(id: $0.id.description, name: $0.name, selected: $0.id == deal.stageID)
                        })
                })
        }
        let rate = { (value: Decimal?, count: Int) in value.map { "\(count) (\($0)%)" } ?? "\(count)" }
        return DealBoardPage(
            conversion: conversion.map { stage in
                ConversionRow(
                    name: stage.stageName, entered: stage.entered,
                    advanced: rate(stage.advanceRatePercent, stage.advanced),
                    won: rate(stage.winRatePercent, stage.won), lost: stage.lost,
                    days: stage.averageDaysInStage.map { "\($0)" } ?? "—")
            },
            has_conversion: conversion.contains { $0.entered > 0 }, columns: columns, q: filter.query ?? "",
            owners: directory.owners(selected: filter.ownerID?.description ?? ""),
            show_owner_filter: role.seesAllRecords, weighted: money.format(metrics.weightedPipeline),
            open_total: money.format(metrics.openPipeline),
            win_rate: metrics.winRatePercent.map { "\($0)%" } ?? "—",
            cycle: metrics.averageCycleDays.map { "\($0)" } ?? "—", commit: money.format(metrics.commit),
            best_case: money.format(metrics.bestCase),
            month: DateFormatting.monthName(month.month, language: language) + " \(month.year)")
    }
}
