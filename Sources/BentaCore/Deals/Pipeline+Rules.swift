import Foundation

/// The rules that keep a pipeline usable while an admin edits it: new deals need an open stage to start in, a
/// deal is won in exactly one stage and lost in at least one, and the closing stages come after the open ones.
extension Pipeline {
    /// Whether two stage names are the same, ignoring case.
    public static func sameStageName(_ first: String, _ second: String) -> Bool {
        first.caseInsensitiveCompare(second) == .orderedSame
    }

    /// Everything wrong with `stages` (in their given order) as the stages of one pipeline; empty when sound.
    public static func stageRuleViolations(_ stages: [Stage]) -> [PipelineError] {
        var problems: [PipelineError] = []
        if !stages.contains(where: { $0.outcome == nil }) { problems.append(.openStageRequired) }
        switch stages.count(where: { $0.outcome == .won }) {
        case 0: problems.append(.wonStageRequired)
        case 1: break
        default: problems.append(.singleWonStage)
        }
        if !stages.contains(where: { $0.outcome == .lost }) { problems.append(.lostStageRequired) }
        if let firstClosing = stages.firstIndex(where: { $0.outcome != nil }),
            stages[firstClosing...].contains(where: { $0.outcome == nil })
        {
            problems.append(.closingStagesLast)
        }
        for (index, stage) in stages.enumerated()
        where stages[..<index].contains(where: { sameStageName($0.name, stage.name) }) {
            problems.append(.duplicateStageName)
            break
        }
        return problems
    }

    /// The problems `newStages` would have that the current stages do not; an old flaw (say, from before these
    /// rules) does not block an unrelated change.
    public func violations(introducedBy newStages: [Stage]) -> [PipelineError] {
        let existing = Self.stageRuleViolations(stages)
        return Self.stageRuleViolations(newStages).filter { !existing.contains($0) }
    }

    /// The stages with `stage` added: an open stage after the last open one, a closing stage at the end.
    /// Positions are renumbered 1…n.
    public func addingStage(_ stage: Stage) -> [Stage] {
        var result = stages
        if stage.outcome == nil, let firstClosing = result.firstIndex(where: { $0.outcome != nil }) {
            result.insert(stage, at: firstClosing)
        } else {
            result.append(stage)
        }
        return Self.renumbered(result)
    }

    /// The stages in the order of `order`, which must name every stage exactly once and keep the pipeline sound;
    /// field errors on `stage_ids` otherwise. Positions are renumbered 1…n.
    public func reorderedStages(_ order: [Stage.ID]) throws(ValidationErrors) -> [Stage] {
        var errors = ValidationErrors()
        guard order.count == stages.count, Set(order) == Set(stages.map(\.id)) else {
            errors.add(
                field: "stage_ids", code: "invalid_order", message: "List every stage of this pipeline exactly once.")
            throw errors
        }
        let reordered = Self.renumbered(order.compactMap { stage($0) })
        for problem in violations(introducedBy: reordered) {
            errors.add(field: "stage_ids", code: problem.code, message: problem.detail)
        }
        try errors.throwIfAny()
        return reordered
    }

    /// The stage order after moving one stage up (`offset` −1) or down (+1); nil when the stage is unknown, already
    /// at that end, or would cross from the open stages into the closing ones (or back).
    public func order(moving id: Stage.ID, by offset: Int) -> [Stage.ID]? {
        guard let index = stages.firstIndex(where: { $0.id == id }), stages.indices.contains(index + offset),
            (stages[index].outcome == nil) == (stages[index + offset].outcome == nil)
        else { return nil }
        var order = stages.map(\.id)
        order.swapAt(index, index + offset)
        return order
    }

    /// The stages without the stage `id`, positions renumbered; refused when the pipeline would lose its only open,
    /// won or lost stage.
    public func removingStage(_ id: Stage.ID) throws(PipelineError) -> [Stage] {
        let remaining = Self.renumbered(stages.filter { $0.id != id })
        if let problem = violations(introducedBy: remaining).first { throw problem }
        return remaining
    }

    /// The stages with positions 1…n in their current order.
    static func renumbered(_ stages: [Stage]) -> [Stage] {
        stages.enumerated().map { index, stage in
            var copy = stage
            copy.position = index + 1
            return copy
        }
    }
}
