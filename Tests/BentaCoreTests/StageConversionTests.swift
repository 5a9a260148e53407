import BentaCore
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct StageConversionTests {
    @Test func conversionCountsWhoEnteredWentOnAndWonPerOpenStage() throws {
        var next = 0
        let stages = Pipeline.defaultStages {
            next += 1
            return Pipeline.Stage.ID(string: String(format: "01945c30-0000-7000-8000-%012d", next))!
        }
        let pipeline = Pipeline(
            id: Pipeline.ID(string: "01945c30-0000-7000-8000-999999999999")!,
            companyID: Company.ID(string: "01945c30-0000-7000-8000-999999999998")!, name: "Sales", isDefault: true,
            stages: stages)
        let (qualification, needs, proposal, negotiation, won, lost) =
            (stages[0].id, stages[1].id, stages[2].id, stages[3].id, stages[4].id, stages[5].id)
        let day = { (n: Double) in Date(timeIntervalSince1970: n * 86_400) }
        let paths = [
            // Straight to a win: 2 days in qualification, 3 in proposal.
            StageConversion.Path(moves: [(qualification, day(0)), (proposal, day(2)), (won, day(5))], status: .won),
            // Lost after needs analysis.
            StageConversion.Path(moves: [(qualification, day(0)), (needs, day(4)), (lost, day(10))], status: .lost),
            // Still in qualification.
            StageConversion.Path(moves: [(qualification, day(1))], status: .open),
            // Went back from negotiation to proposal; still open.
            StageConversion.Path(
                moves: [(qualification, day(0)), (negotiation, day(1)), (proposal, day(3))], status: .open),
        ]
        let result = StageConversion.compute(pipeline: pipeline, paths: paths)
        #expect(result.map(\.stageName) == ["Qualification", "Needs analysis", "Proposal", "Negotiation"])
        let first = result[0]
        #expect(first.entered == 4 && first.advanced == 3 && first.won == 1 && first.lost == 1)
        #expect(first.advanceRatePercent == 75 && first.winRatePercent == 25)
        #expect(first.averageDaysInStage == Decimal(string: "2.3"))
        #expect(result[1].entered == 1 && result[1].advanced == 0 && result[1].lost == 1)
        #expect(result[2].entered == 2 && result[2].advanced == 1 && result[2].won == 1)
        // Moving back to an earlier stage is not advancing.
        #expect(result[3].entered == 1 && result[3].advanced == 0 && result[3].averageDaysInStage == 2)
    }
}
