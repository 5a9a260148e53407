import Foundation

/// How deals flow through a pipeline's open stages: of the deals that reached a stage, how many went further and
/// how many were finally won, with the mean days they spent there.
public struct StageConversion: Sendable, Hashable {
    public var stageID: Pipeline.Stage.ID
    public var stageName: String
    /// Deals that were ever in the stage.
    public var entered: Int
    /// Of those, deals that later reached a later open stage or were won.
    public var advanced: Int
    /// Of those, deals that are won now.
    public var won: Int
    /// Of those, deals that are lost now.
    public var lost: Int
    /// Mean days spent in the stage, over the deals that left it; nil when none left.
    public var averageDaysInStage: Decimal?

    /// advanced ÷ entered in percent, one decimal; nil when no deal entered.
    public var advanceRatePercent: Decimal? { Self.percent(advanced, of: entered) }
    /// won ÷ entered in percent, one decimal; nil when no deal entered.
    public var winRatePercent: Decimal? { Self.percent(won, of: entered) }

    /// One deal's path: its stage moves in time order and where it stands now.
    public struct Path: Sendable, Hashable {
        public var moves: [(stage: Pipeline.Stage.ID, at: Date)]
        public var status: DealStatus

        public init(moves: [(stage: Pipeline.Stage.ID, at: Date)], status: DealStatus) {
            self.moves = moves
            self.status = status
        }

        public static func == (lhs: Path, rhs: Path) -> Bool {
            lhs.status == rhs.status && lhs.moves.map(\.stage) == rhs.moves.map(\.stage)
                && lhs.moves.map(\.at) == rhs.moves.map(\.at)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(status)
            hasher.combine(moves.map(\.stage))
        }
    }

    /// The conversion of each open stage of `pipeline`, in stage order, over the deals' paths.
    public static func compute(pipeline: Pipeline, paths: [Path]) -> [StageConversion] {
        let openStages = pipeline.stages.filter { $0.outcome == nil }
        let wonStages = Set(pipeline.stages.filter { $0.outcome == .won }.map(\.id))
        return openStages.map { stage in
            var result = StageConversion(
                stageID: stage.id, stageName: stage.name, entered: 0, advanced: 0, won: 0, lost: 0,
                averageDaysInStage: nil)
            var daysTotal = Decimal(0)
            var leftCount = 0
            for path in paths {
                guard let first = path.moves.firstIndex(where: { $0.stage == stage.id }) else { continue }
                result.entered += 1
                let later = path.moves[(first + 1)...]
                let wentOn = later.contains { move in
                    wonStages.contains(move.stage)
                        || (pipeline.stage(move.stage).map { $0.outcome == nil && $0.position > stage.position }
                            ?? false)
                }
                if wentOn { result.advanced += 1 }
                if path.status == .won { result.won += 1 }
                if path.status == .lost { result.lost += 1 }
                if let next = path.moves.indices.first(where: { $0 > first && path.moves[$0].stage != stage.id }) {
                    let seconds = path.moves[next].at.timeIntervalSince(path.moves[first].at)
                    daysTotal += Decimal(seconds) / 86_400
                    leftCount += 1
                }
            }
            if leftCount > 0 {
                result.averageDaysInStage = Rounding.roundHalfUp(daysTotal / Decimal(leftCount), scale: 1)
            }
            return result
        }
    }

    private static func percent(_ part: Int, of whole: Int) -> Decimal? {
        guard whole > 0 else { return nil }
        return Rounding.roundHalfUp(Decimal(part) * 100 / Decimal(whole), scale: 1)
    }
}
