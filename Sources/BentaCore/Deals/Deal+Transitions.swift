import Foundation

extension Deal {
    /// Moves the deal to `stageID` of its own pipeline (one of the company's `pipelines`) at `now`: a closing stage
    /// wins or loses it, and a loss needs a reason (at most 500 characters); an open stage reopens a closed deal.
    /// Returns the stage moved to, or nil when the deal is already there (nothing changes).
    public mutating func move(
        to stageID: Pipeline.Stage.ID, among pipelines: [Pipeline], lostReason: String?, now: Date
    ) throws(ValidationErrors) -> Pipeline.Stage? {
        guard let pipeline = pipelines.first(where: { $0.id == pipelineID }), let stage = pipeline.stage(stageID)
        else {
            var errors = ValidationErrors()
            errors.add(field: "stage_id", code: "invalid_stage", message: "Choose a stage of this deal's pipeline.")
            throw errors
        }
        if self.stageID == stageID { return nil }
        var errors = ValidationErrors()
        let reason = Validate.optionalText(lostReason ?? "", field: "lost_reason", maxLength: 500, into: &errors)
        if stage.outcome == .lost && reason == nil && errors.isEmpty {
            errors.add(field: "lost_reason", code: "required", message: "Say why the deal was lost.")
        }
        try errors.throwIfAny()
        self.stageID = stageID
        status = stage.outcome ?? .open
        self.lostReason = stage.outcome == .lost ? reason : nil
        closedAt = stage.outcome == nil ? nil : now
        return stage
    }
}
