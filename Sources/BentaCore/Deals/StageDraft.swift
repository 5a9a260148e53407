import Foundation

/// A pipeline stage as typed in a form or an API body, before validation.
public struct StageDraft: Sendable, Hashable {
    /// The longest stage name accepted.
    public static let maxNameLength = 100

    public var name = ""
    /// A whole number from 0 to 100, as typed.
    public var probability = ""
    /// A ``ForecastCategory`` raw value.
    public var forecastCategory = ""
    /// "" (or "open") for an open stage, "won" or "lost" for a closing one.
    public var outcome = ""

    public init() {}

    public init(name: String, probability: String, forecastCategory: String, outcome: String = "") {
        self.name = name
        self.probability = probability
        self.forecastCategory = forecastCategory
        self.outcome = outcome
    }

    /// The draft of an existing stage, for partial updates.
    public init(_ stage: Pipeline.Stage) {
        name = stage.name
        probability = String(stage.probability)
        forecastCategory = stage.forecastCategory.rawValue
        outcome = stage.outcome?.rawValue ?? ""
    }

    /// Checks every field, and the name against the pipeline's `others` stages (case-insensitively), reporting
    /// all problems at once. Whether the pipeline as a whole stays sound is ``Pipeline/stageRuleViolations(_:)``.
    public func validated(
        id: Pipeline.Stage.ID, position: Int, others: [Pipeline.Stage]
    ) throws(ValidationErrors) -> Pipeline.Stage {
        var errors = ValidationErrors()
        let name = Validate.requiredText(name, field: "name", maxLength: Self.maxNameLength, into: &errors)
        if let name, others.contains(where: { $0.id != id && Pipeline.sameStageName($0.name, name) }) {
            errors.add(field: "name", code: "taken", message: "Another stage of this pipeline has this name.")
        }
        let probabilityText = probability.trimmingCharacters(in: .whitespaces)
        let probability = Int(probabilityText)
        if probabilityText.isEmpty {
            errors.add(field: "probability", code: "required", message: "This field is required.")
        } else if probability.map({ !(0...100).contains($0) }) ?? true {
            errors.add(
                field: "probability", code: "out_of_range", message: "Enter a whole number from 0 to 100.")
        }
        let categoryText = forecastCategory.trimmingCharacters(in: .whitespaces)
        let category = ForecastCategory(rawValue: categoryText)
        if categoryText.isEmpty {
            errors.add(field: "forecast_category", code: "required", message: "This field is required.")
        } else if category == nil {
            errors.add(
                field: "forecast_category", code: "invalid_choice",
                message: "Choose pipeline, best_case, commit, omitted or closed.")
        }
        var outcome: DealStatus?
        switch self.outcome.trimmingCharacters(in: .whitespaces) {
        case "", "none", "open": outcome = nil
        case "won": outcome = .won
        case "lost": outcome = .lost
        default: errors.add(field: "outcome", code: "invalid_choice", message: "Choose none, won or lost.")
        }
        try errors.throwIfAny()
        guard let name, let probability, let category else { throw errors }
        return Pipeline.Stage(
            id: id, name: name, position: position, probability: probability, forecastCategory: category,
            outcome: outcome)
    }
}
