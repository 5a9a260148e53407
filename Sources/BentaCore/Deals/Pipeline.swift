import Foundation

/// A sales process: ordered stages a deal moves through, configured per company.
public struct Pipeline: Sendable, Hashable {
    public typealias ID = Identifier<Pipeline>

    public var id: ID
    public var companyID: Company.ID
    public var name: String
    public var isDefault: Bool
    public var stages: [Stage]
    /// Raised by every change to the pipeline or its stages (a stale edit is refused, not applied).
    public var version: Int64

    public init(
        id: ID, companyID: Company.ID, name: String, isDefault: Bool, stages: [Stage], version: Int64 = 1
    ) {
        self.id = id
        self.companyID = companyID
        self.name = name
        self.isDefault = isDefault
        self.stages = stages.sorted { $0.position < $1.position }
        self.version = version
    }

    /// The first open stage, where new deals start.
    public var firstStage: Stage? { stages.first { $0.outcome == nil } }

    public func stage(_ id: Stage.ID) -> Stage? { stages.first { $0.id == id } }

    /// One step of a pipeline, with the win probability and forecast category a deal gets there by default.
    public struct Stage: Sendable, Hashable {
        public typealias ID = Identifier<Stage>

        public var id: ID
        public var name: String
        public var position: Int
        /// 0…100.
        public var probability: Int
        public var forecastCategory: ForecastCategory
        /// Closing stages: a deal moved here is won or lost.
        public var outcome: DealStatus?

        public init(
            id: ID, name: String, position: Int, probability: Int, forecastCategory: ForecastCategory,
            outcome: DealStatus? = nil
        ) {
            self.id = id
            self.name = name
            self.position = position
            self.probability = probability
            self.forecastCategory = forecastCategory
            self.outcome = outcome
        }
    }

    /// The stages a new company starts with (the admin edits them later).
    public static func defaultStages(makeID: () -> Stage.ID) -> [Stage] {
        [
            Stage(id: makeID(), name: "Qualification", position: 1, probability: 10, forecastCategory: .pipeline),
            Stage(id: makeID(), name: "Needs analysis", position: 2, probability: 25, forecastCategory: .pipeline),
            Stage(id: makeID(), name: "Proposal", position: 3, probability: 50, forecastCategory: .bestCase),
            Stage(id: makeID(), name: "Negotiation", position: 4, probability: 75, forecastCategory: .commit),
            Stage(id: makeID(), name: "Won", position: 5, probability: 100, forecastCategory: .closed, outcome: .won),
            Stage(id: makeID(), name: "Lost", position: 6, probability: 0, forecastCategory: .omitted, outcome: .lost),
        ]
    }
}

/// Salesforce's forecast categories: how sure a deal is for the forecast.
public enum ForecastCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case pipeline
    case bestCase = "best_case"
    case commit
    case omitted
    case closed
}

/// Whether a deal is still being worked, or closed won or lost.
public enum DealStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case won
    case lost
}
