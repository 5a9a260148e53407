import BentaCore

/// A pipeline stage's name as the reader sees it. Stage names are the company's own and stored as typed; a company
/// keeps the default pipeline's English names (`Pipeline.defaultStages`) until an admin renames them, so those six
/// names, unchanged, are shown in the reader's language ("Proposal" → "Panukala"), like the default pipeline's name
/// ("Sales"); any other name shows as typed.
enum StageNames {
    /// The strings key of each default stage name.
    static let defaultKeys: [String: String] = [
        "Qualification": "stage_default_qualification", "Needs analysis": "stage_default_needs_analysis",
        "Proposal": "stage_default_proposal", "Negotiation": "stage_default_negotiation",
        "Won": "stage_default_won", "Lost": "stage_default_lost",
    ]

    /// The strings key of the default pipeline's name (`DealService` names it "Sales").
    static let defaultPipelineKey = ("Sales", "pipeline_default_name")

    /// `name` in the reader's language when it is a default stage's unchanged name, else `name` itself.
    static func shown(_ name: String, strings: [String: String]) -> String {
        defaultKeys[name].flatMap { strings[$0] } ?? name
    }

    /// A pipeline's name in the reader's language when it is the default pipeline's unchanged name.
    static func pipeline(_ name: String, strings: [String: String]) -> String {
        name == defaultPipelineKey.0 ? strings[defaultPipelineKey.1] ?? name : name
    }
}
