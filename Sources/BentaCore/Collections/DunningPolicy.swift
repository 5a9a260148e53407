import Foundation

/// What a dunning step does.
public enum DunningAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// A friendly note a few days before the due date, usually with the invoice attached.
    case courtesyReminder = "courtesy_reminder"
    /// A reminder that the invoice is past due.
    case reminder
    /// The account owner calls to learn the reason and get a promise to pay.
    case call
    /// The last notice before stronger measures (credit hold, contracted interest, demand).
    case finalNotice = "final_notice"
    /// New orders and deliveries stop until the account is settled.
    case creditHold = "credit_hold"
    /// The formal demand that puts the debtor in delay (PH Civil Code Art 1169); its service is recorded.
    case demandLetter = "demand_letter"

    /// The translation key of the action's name: "dunning_action.final_notice".
    public var labelKey: String { "dunning_action.\(rawValue)" }
}

/// How a dunning step reaches the customer, or who acts on it (`task`: a to-do for someone in the company).
public enum DunningChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case email
    case letter
    case phone
    case task

    /// The translation key of the channel's name: "dunning_channel.email".
    public var labelKey: String { "dunning_channel.\(rawValue)" }
}

/// One rung of the dunning ladder: at `level`, `daysFromDue` days after the due date (negative = before), take
/// `action` through `channel`; the next step waits at least `graceDays` after this one was taken.
public struct DunningStep: Hashable, Sendable, Codable {
    /// The rung, 0 for the first; levels rise along the ladder.
    public var level: Int
    /// Days from the due date when the step becomes due: −3 = three days before, 15 = fifteen days after.
    public var daysFromDue: Int
    /// What the step does.
    public var action: DunningAction
    /// How it is delivered.
    public var channel: DunningChannel
    /// Days after this step was taken before the next step may follow.
    public var graceDays: Int
    /// Whether the invoice PDF goes with the message.
    public var attachesInvoice: Bool
    /// Whether the head of sales is told (a task for them) when the step is taken.
    public var escalatesToHead: Bool

    /// Creates a step.
    public init(
        level: Int, daysFromDue: Int, action: DunningAction, channel: DunningChannel, graceDays: Int,
        attachesInvoice: Bool = false, escalatesToHead: Bool = false
    ) {
        self.level = level
        self.daysFromDue = daysFromDue
        self.action = action
        self.channel = channel
        self.graceDays = graceDays
        self.attachesInvoice = attachesInvoice
        self.escalatesToHead = escalatesToHead
    }

    enum CodingKeys: String, CodingKey {
        case level
        case daysFromDue = "days_from_due"
        case action
        case channel
        case graceDays = "grace_days"
        case attachesInvoice = "attaches_invoice"
        case escalatesToHead = "escalates_to_head"
    }
}

/// One open item as the dunning run sees it: what is due when, how far dunning has gone, and what blocks it.
public struct DunningItem: Hashable, Sendable {
    /// The due date of the invoice (or instalment).
    public var dueDate: CalendarDate
    /// What is still open; dunning stops at zero.
    public var openAmount: Money
    /// The level of the last step taken; nil when no step was taken yet.
    public var currentLevel: Int?
    /// The date the last step was taken; nil when none was.
    public var lastStepDate: CalendarDate?
    /// The customer disputes the invoice.
    public var isDisputed: Bool
    /// A promise to pay is open until this date (its promised date plus grace), inclusive.
    public var promiseOpenUntil: CalendarDate?
    /// The cash part is fully paid and only the withheld tax is open, waiting for the BIR Form 2307.
    public var isAwaitingWithholdingCertificate: Bool
    /// A promise to pay was broken (or only partly kept) on this date.
    public var promiseBrokenSince: CalendarDate?

    /// Creates an item; nothing blocks it unless said.
    public init(
        dueDate: CalendarDate, openAmount: Money, currentLevel: Int? = nil, lastStepDate: CalendarDate? = nil,
        isDisputed: Bool = false, promiseOpenUntil: CalendarDate? = nil,
        isAwaitingWithholdingCertificate: Bool = false, promiseBrokenSince: CalendarDate? = nil
    ) {
        self.dueDate = dueDate
        self.openAmount = openAmount
        self.currentLevel = currentLevel
        self.lastStepDate = lastStepDate
        self.isDisputed = isDisputed
        self.promiseOpenUntil = promiseOpenUntil
        self.isAwaitingWithholdingCertificate = isAwaitingWithholdingCertificate
        self.promiseBrokenSince = promiseBrokenSince
    }
}

/// Why an item is held back from dunning (DOMAIN.md §3: the "blocked" flag).
public enum DunningBlockReason: Hashable, Sendable {
    /// The customer disputes the invoice.
    case disputed
    /// The customer promised to pay; dunning pauses until the promise's grace ends.
    case promiseOpen(until: CalendarDate)
    /// Only the withheld tax is open; the 2307 certificate is awaited, not chased.
    case withholdingCertificatePending
}

/// Why no step is taken today, although nothing blocks the item.
public enum DunningWaitReason: Hashable, Sendable {
    /// Nothing is open.
    case nothingOpen
    /// The next step becomes due on this date.
    case notYetDue(nextStepOn: CalendarDate)
    /// The previous step's grace period runs until the day before this date.
    case inGracePeriod(nextStepFrom: CalendarDate)
    /// Every step of the ladder has been taken; what follows (agency, court) is outside dunning.
    case ladderComplete
}

/// The outcome of one dunning decision for one item on one day.
public enum DunningDecision: Hashable, Sendable {
    /// No step today, and why.
    case none(DunningWaitReason)
    /// The item is blocked, and by what.
    case blocked(DunningBlockReason)
    /// Take this step today.
    case take(DunningStep)
}

/// A company's dunning ladder and the rule that decides the next step of an item.
///
/// Stored per company as JSON: `{"steps":[{"level":0,"days_from_due":-3,"action":"courtesy_reminder",
/// "channel":"email","grace_days":3,"attaches_invoice":true,"escalates_to_head":false},…]}`.
public struct DunningPolicy: Hashable, Sendable, Codable {
    /// The steps, levels and days both strictly ascending.
    public let steps: [DunningStep]

    /// The most steps a ladder may have.
    public static let maximumSteps = 12
    /// The earliest a step may come before the due date, in days.
    public static let earliestDaysBeforeDue = 30
    /// The latest a step may come after the due date, in days.
    public static let latestDaysAfterDue = 365
    /// The longest grace period, in days.
    public static let maximumGraceDays = 90

    /// The default ladder of DOMAIN.md §3: courtesy e-mail with the invoice 3 days before due; reminder the day
    /// after; the owner's call at +15; final notice at +30; credit hold with the head of sales told at +45; the
    /// formal demand letter at +60.
    public static let standard = DunningPolicy(unchecked: [
        DunningStep(
            level: 0, daysFromDue: -3, action: .courtesyReminder, channel: .email, graceDays: 3,
            attachesInvoice: true),
        DunningStep(level: 1, daysFromDue: 1, action: .reminder, channel: .email, graceDays: 7, attachesInvoice: true),
        DunningStep(level: 2, daysFromDue: 15, action: .call, channel: .phone, graceDays: 7),
        DunningStep(level: 3, daysFromDue: 30, action: .finalNotice, channel: .email, graceDays: 7),
        DunningStep(
            level: 4, daysFromDue: 45, action: .creditHold, channel: .task, graceDays: 7, escalatesToHead: true),
        DunningStep(level: 5, daysFromDue: 60, action: .demandLetter, channel: .letter, graceDays: 0),
    ])

    /// Checks and keeps `steps`; every problem is reported at once, under `steps[i].<key>`.
    public init(steps: [DunningStep]) throws(ValidationErrors) {
        try Self.validate(steps).throwIfAny()
        self.steps = steps
    }

    private init(unchecked steps: [DunningStep]) {
        self.steps = steps
    }

    /// The step at `level`, if the ladder has one.
    public func step(level: Int) -> DunningStep? {
        steps.first { $0.level == level }
    }

    /// The step to take for `item` on `date`, or why there is none. Pure: the same inputs give the same answer, so
    /// a daily job may run twice; once the step is recorded (level and date), the next run answers `.none`.
    ///
    /// In order:
    /// 1. Nothing open → `.none(.nothingOpen)`.
    /// 2. Disputed, awaiting the 2307, or a promise open until `date` or later → `.blocked`.
    /// 3. A promise broken on or before `date` and not yet answered by a step (no step taken since it broke) →
    ///    the next level at once, at least the call step, whatever the day offsets and grace periods say.
    /// 4. Otherwise a step is due when `date` ≥ due date + its `daysFromDue`, and only once the previous step's
    ///    grace has passed (and never twice on one day). When several levels are due at once — the run did not
    ///    happen for weeks, or a block has just lifted — only the highest due level is taken: sending every
    ///    missed reminder at once would only confuse the customer, and the ladder's meaning is "how far along we
    ///    are now". The skipped levels are not taken later. "One level at a time" thus means one step per decision
    ///    and per day, never a batch; that a step is recorded only once is storage's guarantee.
    public func nextStep(for item: DunningItem, on date: CalendarDate) -> DunningDecision {
        guard item.openAmount.isPositive else { return .none(.nothingOpen) }
        if item.isDisputed { return .blocked(.disputed) }
        if item.isAwaitingWithholdingCertificate { return .blocked(.withholdingCertificatePending) }
        if let until = item.promiseOpenUntil, date <= until { return .blocked(.promiseOpen(until: until)) }
        let higher = steps.filter { step in item.currentLevel.map { step.level > $0 } ?? true }
        guard let nextHigher = higher.first else { return .none(.ladderComplete) }
        if let broken = item.promiseBrokenSince, broken <= date,
            item.lastStepDate.map({ $0 < broken }) ?? true
        {
            let callLevel = steps.first { $0.action == .call }?.level
            return .take(higher.first { step in callLevel.map { step.level >= $0 } ?? true } ?? nextHigher)
        }
        let earliest = item.lastStepDate.map { last in
            let previous = item.currentLevel.flatMap { level in steps.last { $0.level <= level } }
            return last.adding(days: max(previous?.graceDays ?? 0, 1))
        }
        guard let due = higher.last(where: { date >= item.dueDate.adding(days: $0.daysFromDue) }) else {
            let dueOn = item.dueDate.adding(days: nextHigher.daysFromDue)
            return .none(.notYetDue(nextStepOn: max(dueOn, earliest ?? dueOn)))
        }
        if let earliest, date < earliest { return .none(.inGracePeriod(nextStepFrom: earliest)) }
        return .take(due)
    }

    /// Everything wrong with `steps` as a dunning ladder; empty when sound.
    public static func validate(_ steps: [DunningStep]) -> ValidationErrors {
        var errors = ValidationErrors()
        guard !steps.isEmpty else {
            errors.add(field: "steps", code: "required", message: "Add at least one dunning step.")
            return errors
        }
        if steps.count > maximumSteps {
            errors.add(field: "steps", code: "too_many", message: "Use at most \(maximumSteps) dunning steps.")
        }
        for (index, step) in steps.enumerated() {
            let prefix = "steps[\(index)]."
            if step.level < 0 {
                errors.add(field: prefix + "level", code: "out_of_range", message: "Levels start at 0.")
            }
            if !(-earliestDaysBeforeDue...latestDaysAfterDue).contains(step.daysFromDue) {
                errors.add(
                    field: prefix + "days_from_due", code: "out_of_range",
                    message: "Use a day from \(earliestDaysBeforeDue) before to \(latestDaysAfterDue) after the due "
                        + "date.")
            }
            if !(0...maximumGraceDays).contains(step.graceDays) {
                errors.add(
                    field: prefix + "grace_days", code: "out_of_range",
                    message: "Use a grace period of 0 to \(maximumGraceDays) days.")
            }
            guard index > 0 else { continue }
            let previous = steps[index - 1]
            if step.level <= previous.level {
                errors.add(
                    field: prefix + "level", code: "not_ascending",
                    message: "Each step needs a higher level than the one before.")
            }
            if step.daysFromDue <= previous.daysFromDue {
                errors.add(
                    field: prefix + "days_from_due", code: "not_ascending",
                    message: "Each step comes later after the due date than the one before.")
            }
        }
        return errors
    }

    enum CodingKeys: String, CodingKey {
        case steps
    }

    /// Decodes and validates; an invalid ladder is a `DecodingError.dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let steps = try container.decode([DunningStep].self, forKey: .steps)
        let errors = Self.validate(steps)
        guard errors.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .steps, in: container, debugDescription: "Invalid dunning ladder: \(errors)")
        }
        self.steps = steps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(steps, forKey: .steps)
    }
}
