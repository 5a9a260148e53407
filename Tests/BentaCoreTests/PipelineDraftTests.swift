import Foundation
import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct PipelineDraftTests {
    /// Stage IDs that read well in failures: `id(1)` … `id(9)`.
    static func id(_ number: Int) -> Pipeline.Stage.ID {
        Pipeline.Stage.ID(string: "00000000-0000-7000-8000-00000000000\(number)") ?? Pipeline.Stage.ID(UUID())
    }

    static func stage(
        _ number: Int, _ name: String, _ outcome: DealStatus? = nil, probability: Int = 50
    ) -> Pipeline.Stage {
        Pipeline.Stage(
            id: id(number), name: name, position: number, probability: probability, forecastCategory: .pipeline,
            outcome: outcome)
    }

    /// Qualification, Proposal, Won, Lost.
    static let sound = [
        stage(1, "Qualification"), stage(2, "Proposal"), stage(3, "Won", .won), stage(4, "Lost", .lost),
    ]

    static var pipeline: Pipeline {
        Pipeline(
            id: Pipeline.ID(UUID()), companyID: Company.ID(UUID()), name: "Sales", isDefault: true, stages: sound)
    }

    @Test(arguments: [
        ("Renewals", "Renewals", [String]()),
        ("  Corporate sales  ", "Corporate sales", []),
        ("", nil, ["required"]),
        ("   ", nil, ["required"]),
        (String(repeating: "p", count: 100), String(repeating: "p", count: 100), []),
        (String(repeating: "p", count: 101), nil, ["too_long"]),
    ])
    func pipelineNamesAreRequiredAndShort(input: String, expected: String?, codes: [String]) {
        let draft = PipelineDraft(name: input)
        do throws(ValidationErrors) {
            let name = try draft.validatedName()
            #expect(name == expected && codes.isEmpty)
        } catch {
            #expect(expected == nil)
            #expect(error["name"].map(\.code) == codes)
        }
    }

    struct StageCase: Sendable, CustomTestStringConvertible {
        var name = "Contract review"
        var probability = "90"
        var category = "commit"
        var outcome = ""
        /// Expected problems as "field:code", in order; empty for a valid draft.
        var problems: [String] = []
        var testDescription: String { "\(name)/\(probability)/\(category)/\(outcome) → \(problems)" }
    }

    @Test(arguments: [
        StageCase(),
        StageCase(name: "  Demo  ", probability: " 0 ", category: "pipeline"),
        StageCase(probability: "100", outcome: "won"),
        StageCase(outcome: "lost"),
        StageCase(outcome: "open"),
        StageCase(outcome: "none"),
        StageCase(name: "", problems: ["name:required"]),
        StageCase(name: String(repeating: "x", count: 101), problems: ["name:too_long"]),
        StageCase(name: "proposal", problems: ["name:taken"]),
        StageCase(name: "PROPOSAL ", problems: ["name:taken"]),
        StageCase(probability: "", problems: ["probability:required"]),
        StageCase(probability: "101", problems: ["probability:out_of_range"]),
        StageCase(probability: "-1", problems: ["probability:out_of_range"]),
        StageCase(probability: "50.5", problems: ["probability:out_of_range"]),
        StageCase(probability: "half", problems: ["probability:out_of_range"]),
        StageCase(category: "", problems: ["forecast_category:required"]),
        StageCase(category: "maybe", problems: ["forecast_category:invalid_choice"]),
        StageCase(category: "Commit", problems: ["forecast_category:invalid_choice"]),
        StageCase(outcome: "draw", problems: ["outcome:invalid_choice"]),
        StageCase(
            name: "", probability: "x", category: "", outcome: "maybe",
            problems: [
                "name:required", "probability:out_of_range", "forecast_category:required", "outcome:invalid_choice",
            ]
        ),
    ])
    func stageDraftsAreCheckedFieldByField(input: StageCase) throws {
        let draft = StageDraft(
            name: input.name, probability: input.probability, forecastCategory: input.category, outcome: input.outcome)
        do throws(ValidationErrors) {
            let stage = try draft.validated(id: Self.id(9), position: 7, others: Self.sound)
            #expect(input.problems.isEmpty)
            #expect(stage.name == input.name.trimmingCharacters(in: .whitespaces))
            #expect(stage.probability == Int(input.probability.trimmingCharacters(in: .whitespaces)))
            #expect(stage.forecastCategory.rawValue == input.category && stage.position == 7)
            #expect(stage.outcome == DealStatus(rawValue: input.outcome).flatMap { $0 == .open ? nil : $0 })
        } catch {
            #expect(error.errors.map { "\($0.field):\($0.code)" } == input.problems)
        }
    }

    @Test func aStageKeepsItsOwnNameWhenEdited() throws {
        var draft = StageDraft(Self.sound[1])
        draft.name = "PROPOSAL"
        draft.probability = "55"
        let stage = try draft.validated(id: Self.id(2), position: 2, others: Self.sound)
        #expect(stage.name == "PROPOSAL" && stage.probability == 55 && stage.outcome == nil)
    }

    @Test(arguments: [
        ([1, 2, 3, 4], [PipelineError]()),
        ([1, 3, 4], []),
        ([3, 4], [.openStageRequired]),
        ([1, 2, 4], [.wonStageRequired]),
        ([1, 2, 3], [.lostStageRequired]),
        ([1, 2, 3, 5, 4], [.singleWonStage]),
        ([1, 3, 2, 4], [.closingStagesLast]),
        ([4, 1, 2, 3], [.closingStagesLast]),
        ([1, 2, 4, 3], []),
        ([1, 2, 6, 3, 4], [.duplicateStageName]),
        ([Int](), [.openStageRequired, .wonStageRequired, .lostStageRequired]),
    ])
    func aSoundPipelineHasOpenStagesThenOneWonAndSomeLost(numbers: [Int], expected: [PipelineError]) {
        let extra = [5: Self.stage(5, "Won again", .won), 6: Self.stage(6, "qualification")]
        let stages = numbers.compactMap { number in extra[number] ?? Self.sound.first { $0.id == Self.id(number) } }
        #expect(Pipeline.stageRuleViolations(stages) == expected)
    }

    @Test func addedOpenStagesGoAfterTheLastOpenStageAndClosingOnesAtTheEnd() {
        let open = Self.pipeline.addingStage(Self.stage(5, "Negotiation"))
        #expect(open.map(\.name) == ["Qualification", "Proposal", "Negotiation", "Won", "Lost"])
        #expect(open.map(\.position) == [1, 2, 3, 4, 5])
        let lost = Self.pipeline.addingStage(Self.stage(5, "Lost to a competitor", .lost))
        #expect(lost.map(\.name) == ["Qualification", "Proposal", "Won", "Lost", "Lost to a competitor"])
        #expect(Self.pipeline.violations(introducedBy: lost).isEmpty)
        let won = Self.pipeline.addingStage(Self.stage(5, "Won again", .won))
        #expect(Self.pipeline.violations(introducedBy: won) == [.singleWonStage])
    }

    @Test func reorderingNeedsEveryStageOnceAndKeepsClosingStagesLast() throws {
        let pipeline = Self.pipeline
        let swapped = try pipeline.reorderedStages([Self.id(2), Self.id(1), Self.id(4), Self.id(3)])
        #expect(swapped.map(\.name) == ["Proposal", "Qualification", "Lost", "Won"])
        #expect(swapped.map(\.position) == [1, 2, 3, 4])
        let refused: [([Pipeline.Stage.ID], String)] = [
            ([Self.id(1), Self.id(2), Self.id(3)], "invalid_order"),
            ([Self.id(1), Self.id(1), Self.id(2), Self.id(3)], "invalid_order"),
            ([Self.id(1), Self.id(2), Self.id(3), Self.id(9)], "invalid_order"),
            ([Self.id(1), Self.id(2), Self.id(3), Self.id(4), Self.id(4)], "invalid_order"),
            ([Self.id(3), Self.id(1), Self.id(2), Self.id(4)], "closing_stages_last"),
        ]
        for (order, code) in refused {
            #expect(throws: ValidationErrors.self) { try pipeline.reorderedStages(order) }
            do throws(ValidationErrors) {
                _ = try pipeline.reorderedStages(order)
            } catch {
                #expect(error.errors.map(\.code) == [code])
                #expect(error.fields == ["stage_ids"])
            }
        }
    }

    @Test func movingAStageStaysWithinItsGroup() {
        let pipeline = Self.pipeline
        #expect(pipeline.order(moving: Self.id(2), by: -1) == [Self.id(2), Self.id(1), Self.id(3), Self.id(4)])
        #expect(pipeline.order(moving: Self.id(1), by: 1) == [Self.id(2), Self.id(1), Self.id(3), Self.id(4)])
        #expect(pipeline.order(moving: Self.id(4), by: -1) == [Self.id(1), Self.id(2), Self.id(4), Self.id(3)])
        #expect(pipeline.order(moving: Self.id(1), by: -1) == nil)
        #expect(pipeline.order(moving: Self.id(4), by: 1) == nil)
        #expect(pipeline.order(moving: Self.id(2), by: 1) == nil)
        #expect(pipeline.order(moving: Self.id(3), by: -1) == nil)
        #expect(pipeline.order(moving: Self.id(9), by: 1) == nil)
    }

    @Test func removingAStageKeepsAnOpenAWonAndALostStage() throws {
        let pipeline = Self.pipeline
        let remaining = try pipeline.removingStage(Self.id(2))
        #expect(remaining.map(\.name) == ["Qualification", "Won", "Lost"] && remaining.map(\.position) == [1, 2, 3])
        #expect(throws: PipelineError.wonStageRequired) { try pipeline.removingStage(Self.id(3)) }
        #expect(throws: PipelineError.lostStageRequired) { try pipeline.removingStage(Self.id(4)) }
        let single = Pipeline(
            id: pipeline.id, companyID: pipeline.companyID, name: "Short", isDefault: false,
            stages: Array(Self.sound[1...]))
        #expect(throws: PipelineError.openStageRequired) { try single.removingStage(Self.id(2)) }
    }

    @Test func pipelineErrorsAreConflictsWithStableCodes() {
        #expect(PipelineError.stageHasDeals(count: 3).kind == .conflict)
        #expect(PipelineError.stageHasDeals(count: 3).code == "stage_has_deals")
        #expect(PipelineError.stageHasDeals(count: 3).detail.hasPrefix("3 deals are in this stage."))
        #expect(PipelineError.stageHasDeals(count: 1).detail.hasPrefix("A deal is in this stage."))
        #expect(PipelineError.defaultPipelineRequired.code == "default_pipeline_required")
    }
}
