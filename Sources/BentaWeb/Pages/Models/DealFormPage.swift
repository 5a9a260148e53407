import BentaCore
import Foundation

/// A deal's page (or the new-deal form): the stage card, the form as typed or saved, and for a saved deal its
/// lines, quotes, stage history and the account's panels. Property names are the template's (`deal_form.mustache`);
/// a part a new deal does not have is nil.
struct DealFormPage: PageModel {
    /// The record's audit history page (issue 15).
    var history_url: String? = nil
    /// One stage change of the history card.
    struct StageChangeRow {
        var when: String
        var who: String
        var from: String
        var to: String
    }

    /// A quote of the deal.
    struct QuoteLink {
        var url: String
        var number: String
        var status: String
        var status_label: String
        var total: String
    }

    /// What a saved deal's page adds to the form (nil on the new-deal form).
    struct Saved {
        var deal: Deal
        var history: [StageChange]
        var lineEditor: LineEditorPart
        var panels: RecordPanelsPart
        var quotes: [Quote]
        var today: CalendarDate
    }

    /// The credit-split card of a saved deal (issue 13); nil on the new-deal form.
    var credit_split: DealCreditSplitPart? = nil
    var is_new: Bool
    var action: String
    var version: String
    var title_value: String
    var amount: String
    var currency: String
    var expected_close: String
    var probability: String
    var next_step: String
    var notes: String
    var status: String
    /// The status as people read it ("Open", "Bukas").
    var status_label: String
    var lost_reason: String
    var amount_display: String
    var amount_from_lines: Bool
    var account_picker: RecordPickerField
    var contact_picker: RecordPickerField?
    var categories: [PageChoice]
    var may_reassign: Bool
    var owners: [PageOption]
    var history: [StageChangeRow]
    var has_history: Bool
    var stages: [PageOption]
    var has_stages: Bool
    var move_url: String
    var return_to: String
    var errors: [String: String]
    var has_errors: Bool
    var line_editor: LineEditorPart?
    /// The account's panels (timeline, tasks, meetings, quick forms).
    var panels: RecordPanelsPart?
    var quotes: [QuoteLink]
    var has_quotes: Bool
    var new_quote_url: String?
    /// A won deal's links to a contract and an invoice drawn from it.
    var contract_url: String?
    var invoice_url: String?

    /// The page for `draft` (as typed or saved); `saved` is nil on the new-deal form. `keptVersion` is the version a
    /// picker search kept from the form.
    static func make(
        draft: DealDraft, saved: Saved?, pipelines: [Pipeline], accountPicker: RecordPickerField,
        contactPicker: RecordPickerField?, fieldErrors: [String: String], hasErrors: Bool, keptVersion: Int64?,
        directory: PageDirectory, role: Role, strings: [String: String], language: LanguageCode
    ) -> DealFormPage {
        let money = MoneyFormatter(language: language)
        let deal = saved?.deal
        var history: [StageChangeRow] = []
        var stages: [PageOption] = []
        if let saved, let pipeline = pipelines.first(where: { $0.id == saved.deal.pipelineID }) {
            history = saved.history.reversed().map { change in
                StageChangeRow(
                    when: directory.dateTime(change.at), who: change.by.map(directory.userName) ?? "",
                    from: change.from.flatMap { pipeline.stage($0)?.name }
                        .map { StageNames.shown($0, strings: strings) } ?? "—",
                    to: StageNames.shown(pipeline.stage(change.to)?.name ?? "", strings: strings))
            }
            stages = pipeline.stages.map {
                PageOption(
                    id: $0.id.description, name: StageNames.shown($0.name, strings: strings),
                    selected: $0.id == saved.deal.stageID)
            }
        }
        let quotes = (saved.map { saved in saved.quotes.map { ($0, saved.today) } } ?? []).map { quote, today in
            let display = quote.displayStatus(today: today)
            return QuoteLink(
                url: Paths.quote(quote.id), number: quote.number ?? (strings["quote_draft"] ?? "Draft"),
                status: display.rawValue,
                status_label: strings["quote_status_\(display.rawValue)"] ?? display.rawValue,
                total: (try? quote.totals()).map { money.format($0.totalWithTax) } ?? "")
        }
        let isWon = deal?.status == .won
        return DealFormPage(
            is_new: deal == nil, action: deal.map { Paths.deal($0.id) } ?? Paths.deals(),
            version: deal.map { String(keptVersion ?? $0.version) } ?? "", title_value: draft.title,
            amount: draft.amount, currency: draft.currency, expected_close: draft.expectedClose,
            probability: draft.probability, next_step: draft.nextStep, notes: draft.notes,
            status: deal?.status.rawValue ?? "open",
            status_label: strings["deal_status_\(deal?.status.rawValue ?? "open")"] ?? deal?.status.rawValue ?? "open",
            lost_reason: deal?.lostReason ?? "",
            amount_display: deal.map { money.format($0.fields.amount) } ?? "",
            amount_from_lines: !(deal?.fields.lines.isEmpty ?? true), account_picker: accountPicker,
            contact_picker: contactPicker,
            categories: ForecastCategory.allCases.map {
                PageChoice(
                    value: $0.rawValue, label: strings["forecast_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == draft.forecastCategory)
            },
            may_reassign: role.mayReassignOwners, owners: directory.owners(selected: draft.ownerID),
            history: history, has_history: !history.isEmpty, stages: stages, has_stages: !stages.isEmpty,
            move_url: deal.map { Paths.dealStage($0.id) } ?? "", return_to: deal.map { Paths.deal($0.id) } ?? "",
            errors: fieldErrors, has_errors: hasErrors, line_editor: saved?.lineEditor, panels: saved?.panels,
            quotes: quotes, has_quotes: !quotes.isEmpty, new_quote_url: deal.map { Paths.dealQuotes($0.id) },
            contract_url: isWon
                ? deal.map { Paths.newContract() + QueryString.make([("deal_id", $0.id.description)]) } : nil,
            invoice_url: isWon ? deal.map { Paths.newInvoice() + "?deal_id=\($0.id)" } : nil)
    }
}
