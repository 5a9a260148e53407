import Foundation

/// Why a change to a pipeline or its stages is refused: it would leave the pipeline unsound, or lose history.
///
/// Every case is a conflict with the pipeline's current state (409). Where the cause is one field of the request
/// (a second won stage, an order that puts an open stage last), the service reports it as a field error instead.
public enum PipelineError: ClassifiedError, Hashable, Sendable {
    /// No open stage would be left: new deals would have nowhere to start.
    case openStageRequired
    /// No won stage would be left.
    case wonStageRequired
    /// A second won stage; the won stage is the one that closes a deal as won.
    case singleWonStage
    /// No lost stage would be left.
    case lostStageRequired
    /// An open stage after a won or lost stage.
    case closingStagesLast
    /// Two stages with the same name (ignoring case).
    case duplicateStageName
    /// Deals are in the stage, so it cannot be deleted.
    case stageHasDeals(count: Int)
    /// The stage history of some deal refers to the stage, so it cannot be deleted.
    case stageHasHistory
    /// The company would have no default pipeline.
    case defaultPipelineRequired

    public var kind: ErrorKind { .conflict }

    public var code: String {
        switch self {
        case .openStageRequired: "open_stage_required"
        case .wonStageRequired: "won_stage_required"
        case .singleWonStage: "single_won_stage"
        case .lostStageRequired: "lost_stage_required"
        case .closingStagesLast: "closing_stages_last"
        case .duplicateStageName: "duplicate_stage_name"
        case .stageHasDeals: "stage_has_deals"
        case .stageHasHistory: "stage_has_history"
        case .defaultPipelineRequired: "default_pipeline_required"
        }
    }

    public var detail: String {
        switch self {
        case .openStageRequired: "A pipeline needs at least one open stage, where new deals start."
        case .wonStageRequired: "A pipeline needs a won stage."
        case .singleWonStage: "A pipeline has exactly one won stage; rename or edit the existing one instead."
        case .lostStageRequired: "A pipeline needs at least one lost stage."
        case .closingStagesLast: "Open stages come first; the won and lost stages come after them."
        case .duplicateStageName: "Two stages of this pipeline have the same name."
        case .stageHasDeals(let count):
            count == 1
                ? "A deal is in this stage. Move it to another stage first."
                : "\(count) deals are in this stage. Move them to another stage first."
        case .stageHasHistory:
            "Deals have passed through this stage and their history refers to it, so it stays. Rename it instead."
        case .defaultPipelineRequired:
            "The company needs a default pipeline. Make another pipeline the default instead."
        }
    }
}
