import BentaCore
import BentaServices
import Foundation

// The wire shapes of the dunning engine (issue 12): the company's ladder, a run's summary and an invoice's dunning.
// Dates as YYYY-MM-DD, money as decimal strings, snake_case keys (the decoder converts them; the encoder writes
// them).

/// `PUT /api/v1/dunning/policy`: the whole ladder and the version read.
struct DunningPolicyRequest: Decodable {
    static let allowedKeys: Set<String> = ["steps", "version"]

    struct Step: Decodable {
        let level: Int?
        let daysFromDue: Int?
        let action: String?
        let channel: String?
        let graceDays: Int?
        let attachesInvoice: Bool?
        let escalatesToHead: Bool?
    }

    let steps: [Step]?
    let version: Int64?

    /// The steps as the core reads them; a missing member or an unknown action or channel is a field error under
    /// `steps[i].<member>`, all reported at once.
    func ladder() throws -> [DunningStep] {
        var errors = ValidationErrors()
        guard let steps else {
            errors.add(field: "steps", code: "required", message: "Send the ladder's steps.")
            throw errors
        }
        var parsed: [DunningStep] = []
        for (index, step) in steps.enumerated() {
            let prefix = "steps[\(index)]."
            func required<T>(_ value: T?, _ name: String) -> T? {
                if value == nil { errors.add(field: prefix + name, code: "required", message: "Give the \(name).") }
                return value
            }
            let level = required(step.level, "level")
            let days = required(step.daysFromDue, "days_from_due")
            let grace = required(step.graceDays, "grace_days")
            let action = required(step.action, "action").flatMap { text in
                let found = DunningAction(rawValue: text)
                if found == nil {
                    errors.add(
                        field: prefix + "action", code: "invalid_action",
                        message: "Use courtesy_reminder, reminder, call, final_notice, credit_hold or demand_letter.")
                }
                return found
            }
            let channel = required(step.channel, "channel").flatMap { text in
                let found = DunningChannel(rawValue: text)
                if found == nil {
                    errors.add(
                        field: prefix + "channel", code: "invalid_channel", message: "Use email, letter, phone or task."
                    )
                }
                return found
            }
            guard let level, let days, let grace, let action, let channel else { continue }
            parsed.append(
                DunningStep(
                    level: level, daysFromDue: days, action: action, channel: channel, graceDays: grace,
                    attachesInvoice: step.attachesInvoice ?? false, escalatesToHead: step.escalatesToHead ?? false))
        }
        try errors.throwIfAny()
        return parsed
    }
}

/// The company's ladder with its version (0 while the standard ladder applies).
struct DunningPolicyResponse: Encodable {
    let policy: DunningPolicy
    let version: Int64

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(policy.steps.map(StepResponse.init), forKey: .steps)
        try c.encode(version, forKey: .version)
    }

    private enum Keys: String, CodingKey { case steps, version }

    struct StepResponse: Encodable {
        let step: DunningStep

        init(_ step: DunningStep) { self.step = step }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(step.level, forKey: .level)
            try c.encode(step.daysFromDue, forKey: .daysFromDue)
            try c.encode(step.action.rawValue, forKey: .action)
            try c.encode(step.channel.rawValue, forKey: .channel)
            try c.encode(step.graceDays, forKey: .graceDays)
            try c.encode(step.attachesInvoice, forKey: .attachesInvoice)
            try c.encode(step.escalatesToHead, forKey: .escalatesToHead)
        }

        private enum Keys: String, CodingKey {
            case level, daysFromDue, action, channel, graceDays, attachesInvoice, escalatesToHead
        }
    }
}

/// `POST /api/v1/dunning/runs`: the day to run for (the company's today when absent).
struct DunningRunRequest: Decodable {
    static let allowedKeys: Set<String> = ["date"]
    let date: String?
}

/// What a run did: steps by action, promises by outcome, and the calls, holds, emails and tasks it made.
struct DunningRunResponse: Encodable {
    let date: CalendarDate
    let summary: DunningRunSummary

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(date.iso8601String, forKey: .date)
        var steps = c.nestedContainer(keyedBy: WireCodingKey.self, forKey: .stepsTaken)
        for action in DunningAction.allCases {
            try steps.encode(summary.stepsTaken[action] ?? 0, forKey: WireCodingKey(action.rawValue))
        }
        var promises = c.nestedContainer(keyedBy: WireCodingKey.self, forKey: .promisesDecided)
        for status in PaymentPromiseStatus.allCases where status != .open {
            try promises.encode(summary.promisesDecided[status] ?? 0, forKey: WireCodingKey(status.rawValue))
        }
        try c.encode(summary.callsOpened, forKey: .callsOpened)
        try c.encode(summary.holdsPlaced, forKey: .holdsPlaced)
        try c.encode(summary.emailsQueued, forKey: .emailsQueued)
        try c.encode(summary.tasksCreated, forKey: .tasksCreated)
    }

    private enum Keys: String, CodingKey {
        case date, stepsTaken, promisesDecided, callsOpened, holdsPlaced, emailsQueued, tasksCreated
    }
}

/// `GET /api/v1/invoices/{id}/dunning`: the steps taken and today's decision.
struct InvoiceDunningResponse: Encodable {
    let invoiceID: Invoice.ID
    let dunning: InvoiceDunning

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(invoiceID.description, forKey: .invoiceId)
        try c.encode(dunning.today.iso8601String, forKey: .today)
        try c.encode(dunning.steps.map(StepResponse.init), forKey: .steps)
        try c.encode(DecisionResponse(decision: dunning.decision), forKey: .decision)
    }

    private enum Keys: String, CodingKey { case invoiceId, today, steps, decision }

    struct StepResponse: Encodable {
        let step: DunningStepTaken

        init(_ step: DunningStepTaken) { self.step = step }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(step.level, forKey: .level)
            try c.encode(step.action.rawValue, forKey: .action)
            try c.encode(step.channel.rawValue, forKey: .channel)
            try c.encode(step.takenOn.iso8601String, forKey: .takenOn)
            try c.encode(step.daysLate, forKey: .daysLate)
            try c.encode(step.open.decimalString, forKey: .openAmount)
            try c.encode(step.open.currency.code, forKey: .currency)
            try c.encode(step.callID?.description, forKey: .callId)
            try c.encode(step.messageID, forKey: .messageId)
        }

        private enum Keys: String, CodingKey {
            case level, action, channel, takenOn, daysLate, openAmount, currency, callId, messageId
        }
    }

    /// `status`: `take` (with `next_step`), `blocked` (with `reason` and, for a promise, `until`) or `waiting`
    /// (with `reason` and, when a step will follow, `next_step_on`).
    struct DecisionResponse: Encodable {
        let decision: DunningDecision

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var status = "waiting"
            var reason: String?
            var step: DunningStep?
            var date: CalendarDate?
            switch decision {
            case .take(let next):
                status = "take"
                step = next
            case .blocked(.disputed):
                (status, reason) = ("blocked", "disputed")
            case .blocked(.withholdingCertificatePending):
                (status, reason) = ("blocked", "withholding_certificate_pending")
            case .blocked(.promiseOpen(let until)):
                (status, reason, date) = ("blocked", "promise_open", until)
            case .none(.nothingOpen):
                reason = "nothing_open"
            case .none(.ladderComplete):
                reason = "ladder_complete"
            case .none(.notYetDue(let on)):
                (reason, date) = ("not_yet_due", on)
            case .none(.inGracePeriod(let from)):
                (reason, date) = ("in_grace_period", from)
            }
            try c.encode(status, forKey: .status)
            try c.encode(reason, forKey: .reason)
            try c.encode(step.map(DunningPolicyResponse.StepResponse.init), forKey: .nextStep)
            try c.encode(date?.iso8601String, forKey: .date)
        }

        private enum Keys: String, CodingKey { case status, reason, nextStep, date }
    }
}
