import BentaCore
import Foundation
import SQLKit

/// Changes to pipelines and their stages, for the administration of the sales process. Reading and inserting
/// whole pipelines stays in ``DealStore``, next to the deals that use them.
public struct PipelineStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Locks the company's pipelines for the rest of the transaction on PostgreSQL, so two admins' changes to
    /// stages and defaults apply one after the other (SQLite's write transactions already run one at a time).
    public func lockPipelines(companyID: Company.ID) async throws {
        let lock = SQLDialectFacts.rowLockSuffix(db)
        guard !lock.isEmpty else { return }
        _ = try await db.raw(
            "SELECT id FROM pipelines WHERE company_id = \(bind: companyID.description)" + SQLQueryString(lock)
        ).all()
    }

    /// The company's pipeline `id` with its stages; nil when there is none (or it is another company's).
    public func find(_ id: Pipeline.ID, companyID: Company.ID) async throws -> Pipeline? {
        try await DealStore(db).pipelines(companyID: companyID).first { $0.id == id }
    }

    /// Raises the pipeline's version: every change to it or its stages calls this once, in its transaction.
    public func raiseVersion(_ id: Pipeline.ID) async throws {
        try await db.raw("UPDATE pipelines SET version = version + 1 WHERE id = \(bind: id.description)").run()
    }

    /// Saves a new name; the caller has validated it.
    public func rename(_ id: Pipeline.ID, to name: String) async throws {
        try await db.raw("UPDATE pipelines SET name = \(bind: name) WHERE id = \(bind: id.description)").run()
    }

    /// Makes `id` the company's one default pipeline.
    public func setDefault(_ id: Pipeline.ID, companyID: Company.ID) async throws {
        try await db.raw(
            """
            UPDATE pipelines SET is_default = \(bind: false), version = version + 1
            WHERE company_id = \(bind: companyID.description) AND id <> \(bind: id.description)
                AND is_default = \(bind: true)
            """
        ).run()
        try await db.raw(
            """
            UPDATE pipelines SET is_default = \(bind: true)
            WHERE company_id = \(bind: companyID.description) AND id = \(bind: id.description)
            """
        ).run()
    }

    /// Adds a stage at its position; the caller renumbers the others.
    public func insertStage(_ stage: Pipeline.Stage, pipelineID: Pipeline.ID) async throws {
        try await db.raw(
            """
            INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability, forecast_category, outcome)
            VALUES (\(bind: stage.id.description), \(bind: pipelineID.description), \(bind: stage.name),
                \(bind: Int64(stage.position)), \(bind: Int64(stage.probability)),
                \(bind: stage.forecastCategory.rawValue), \(bind: stage.outcome?.rawValue))
            """
        ).run()
    }

    /// Saves name, position, probability and forecast category of each stage; a stage's outcome never changes,
    /// since the deals in it were won or lost by it.
    public func updateStages(_ stages: [Pipeline.Stage], pipelineID: Pipeline.ID) async throws {
        for stage in stages {
            try await db.raw(
                """
                UPDATE pipeline_stages SET name = \(bind: stage.name), position = \(bind: Int64(stage.position)),
                    probability = \(bind: Int64(stage.probability)),
                    forecast_category = \(bind: stage.forecastCategory.rawValue)
                WHERE id = \(bind: stage.id.description) AND pipeline_id = \(bind: pipelineID.description)
                """
            ).run()
        }
    }

    /// Removes a stage; the foreign keys of deals and stage history refuse it while either refers to the stage.
    public func deleteStage(_ id: Pipeline.Stage.ID) async throws {
        try await db.raw("DELETE FROM pipeline_stages WHERE id = \(bind: id.description)").run()
    }

    /// How many deals, open or closed, are in the stage.
    public func dealCount(inStage id: Pipeline.Stage.ID) async throws -> Int {
        let row = try await db.raw(
            "SELECT COUNT(*) AS n FROM deals WHERE stage_id = \(bind: id.description)"
        ).first()
        return Int(try row?.int64("n") ?? 0)
    }

    /// Whether any deal's stage history names the stage, as the stage it left or entered.
    public func isInStageHistory(_ id: Pipeline.Stage.ID) async throws -> Bool {
        let row = try await db.raw(
            """
            SELECT 1 AS found FROM deal_stage_history
            WHERE from_stage_id = \(bind: id.description) OR to_stage_id = \(bind: id.description)
            LIMIT 1
            """
        ).first()
        return row != nil
    }
}
