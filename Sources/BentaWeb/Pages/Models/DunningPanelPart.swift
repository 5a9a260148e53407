import BentaCore
import BentaServices
import Foundation

/// The "Collections" card of an issued invoice's page (`invoice_detail.mustache`): the dunning steps taken (level,
/// action, channel, day, days late) and what the ladder decides today — the next step and its day, or what blocks
/// it (a dispute, a promise to pay open until a day, a pending BIR Form 2307).
struct DunningPanelPart {
    struct StepRow {
        var dunning_level: String
        var dunning_action: String
        var dunning_channel: String
        var dunning_taken_on: String
        var dunning_days_late: String
    }

    var dunning_steps: [StepRow]
    var has_dunning_steps: Bool
    /// Today's decision, one sentence.
    var dunning_decision: String
    var dunning_is_blocked: Bool

    static func make(_ dunning: InvoiceDunning, strings: [String: String], language: LanguageCode) -> DunningPanelPart {
        let date = { (day: CalendarDate) in DateFormatting.display(day, language: language) }
        let action = { (value: DunningAction) in strings["dunning_action_\(value.rawValue)"] ?? value.rawValue }
        let rows = dunning.steps.map { step in
            StepRow(
                dunning_level: String(step.level), dunning_action: action(step.action),
                dunning_channel: strings["dunning_channel_\(step.channel.rawValue)"] ?? step.channel.rawValue,
                dunning_taken_on: date(step.takenOn), dunning_days_late: String(step.daysLate))
        }
        let text = { (key: String, value: String) in
            (strings[key] ?? key).replacingOccurrences(of: "{value}", with: value)
        }
        var blocked = false
        let decision: String
        switch dunning.decision {
        case .take(let step):
            decision = text("dunning_decision_take", action(step.action))
        case .blocked(.disputed):
            (blocked, decision) = (true, text("dunning_decision_disputed", ""))
        case .blocked(.withholdingCertificatePending):
            (blocked, decision) = (true, text("dunning_decision_certificate_pending", ""))
        case .blocked(.promiseOpen(let until)):
            (blocked, decision) = (true, text("dunning_decision_promise_open", date(until)))
        case .none(.nothingOpen):
            decision = text("dunning_decision_nothing_open", "")
        case .none(.ladderComplete):
            decision = text("dunning_decision_ladder_complete", "")
        case .none(.notYetDue(let day)), .none(.inGracePeriod(let day)):
            decision = text("dunning_decision_next_on", date(day))
        }
        return DunningPanelPart(
            dunning_steps: rows, has_dunning_steps: !rows.isEmpty, dunning_decision: decision,
            dunning_is_blocked: blocked)
    }
}
