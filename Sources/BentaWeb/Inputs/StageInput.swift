import BentaCore
import Foundation

/// A pipeline stage as `POST /api/v1/pipelines/{id}/stages`, `PATCH /api/v1/pipelines/{id}/stages/{stage_id}`
/// and the stage forms of the pipelines page send it. The outcome is chosen when the stage is added and never
/// changes: an update takes ``updateKeys`` and applies ``update``. The form sends every field, an empty one
/// clearing it.
struct StageInput: RecordInput {
    var name: String?
    var probability: StringOrNumber?
    var forecastCategory: String?
    var outcome: String??
    /// The pipeline's version (or `If-Match`); JSON only: the page reads its hidden field itself.
    var version: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, probability, forecastCategory, outcome, version }

    static var jsonOnlyFields: Set<CodingKeys> { [.version] }

    /// The members of a stage's update: every member but the outcome.
    static var updateKeys: Set<String> { allowedKeys.subtracting([WireKeys.snakeCase(CodingKeys.outcome.stringValue)]) }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        probability = try c.decodeIfPresent(StringOrNumber.self, forKey: .probability)
        forecastCategory = try c.decodeIfPresent(String.self, forKey: .forecastCategory)
        outcome = try c.patch(String.self, forKey: .outcome)
        version = try c.decodeIfPresent(Int64.self, forKey: .version)
    }

    /// This input as a change of an existing stage: the outcome left as it is.
    var update: StageInput {
        var update = self
        update.outcome = nil
        return update
    }

    /// Writes the fields this input carries into a draft.
    func apply(to draft: inout StageDraft) {
        if let name { draft.name = name }
        if let probability { draft.probability = probability.text }
        if let forecastCategory { draft.forecastCategory = forecastCategory }
        if let outcome { draft.outcome = outcome ?? "" }
    }
}
