import BentaCore
import BentaStore
import Foundation

/// Pipeline administration: everyone reads the pipelines; the head of sales and admins create and rename them,
/// choose the default, and add, edit, reorder and delete stages. Each change is one transaction with its audit row,
/// taken under a lock on the company's pipelines so concurrent edits apply one after the other; each checks the
/// caller's `expectedVersion` of the pipeline (nil: no check) and raises it, so a stale edit is a 412 that names
/// the stored version, and nothing changes.
extension DealService {
    /// Whether the role may change pipelines and stages.
    public static func mayEditPipelines(_ role: Role) -> Bool {
        role == .admin || role == .head
    }

    /// Refuses everyone but the head of sales and admins.
    public static func checkMayEditPipelines(_ viewer: Viewer) throws {
        guard mayEditPipelines(viewer.role) else {
            throw RecordError.forbidden(detail: "Only the head of sales or an admin can change pipelines.")
        }
    }

    /// One of the company's pipelines.
    public func pipeline(_ id: Pipeline.ID, viewer: Viewer) async throws -> Pipeline {
        guard let found = try await pipelines(viewer: viewer).first(where: { $0.id == id }) else {
            throw RecordError.notFound(entity: "pipeline")
        }
        return found
    }

    /// A new pipeline with the default stages, optionally made the company's default.
    public func createPipeline(
        _ draft: PipelineDraft, isDefault: Bool = false, viewer: Viewer
    ) async throws
        -> Pipeline
    {
        try Self.checkMayEditPipelines(viewer)
        let name = try draft.validatedName()
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = PipelineStore(db)
            try await store.lockPipelines(companyID: viewer.companyID)
            // The company's first pipeline, "Sales", exists before any other, so it stays the default unless told.
            _ = try await Self.pipelines(companyID: viewer.companyID, clock: clock, db: db)
            let pipeline = Pipeline(
                id: clock.newID(), companyID: viewer.companyID, name: name, isDefault: false,
                stages: Pipeline.defaultStages { clock.newID() })
            try await DealStore(db).insert(pipeline, at: clock.now())
            if isDefault { try await store.setDefault(pipeline.id, companyID: viewer.companyID) }
            try await audit.record(
                "pipeline.created", entityType: "pipeline", entityID: pipeline.id.description,
                companyID: viewer.companyID, by: viewer,
                details: ["name": name, "is_default": String(isDefault)], created: pipeline, on: db)
            return try await Self.reload(pipeline.id, viewer: viewer, db: db)
        }
    }

    /// Renames the pipeline and/or makes it the default; unsetting the default is refused (choose another one).
    public func updatePipeline(
        _ id: Pipeline.ID, name draft: PipelineDraft?, isDefault: Bool?, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let name = try draft?.validatedName()
        let audit = audit
        return try await database.transaction { db in
            let pipeline = try await Self.lockedPipeline(id, viewer: viewer, expectedVersion: expectedVersion, db: db)
            let store = PipelineStore(db)
            if isDefault == false && pipeline.isDefault { throw PipelineError.defaultPipelineRequired }
            guard (name != nil && name != pipeline.name) || (isDefault == true && !pipeline.isDefault) else {
                return pipeline
            }
            try await store.raiseVersion(id)
            if let name, name != pipeline.name {
                try await store.rename(id, to: name)
                try await audit.record(
                    "pipeline.renamed", entityType: "pipeline", entityID: id.description, companyID: viewer.companyID,
                    by: viewer, details: ["from": pipeline.name, "to": name],
                    changes: ["name": .init(from: pipeline.name, to: name)], on: db)
            }
            if isDefault == true && !pipeline.isDefault {
                try await store.setDefault(id, companyID: viewer.companyID)
                try await audit.record(
                    "pipeline.default_set", entityType: "pipeline", entityID: id.description,
                    companyID: viewer.companyID, by: viewer, on: db)
            }
            return try await Self.reload(id, viewer: viewer, db: db)
        }
    }

    /// Adds a stage: an open stage after the last open one, a won or lost stage at the end.
    public func addStage(
        _ draft: StageDraft, to pipelineID: Pipeline.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let pipeline = try await Self.lockedPipeline(
                pipelineID, viewer: viewer, expectedVersion: expectedVersion, db: db)
            let stage = try draft.validated(id: clock.newID(), position: 0, others: pipeline.stages)
            let stages = pipeline.addingStage(stage)
            var errors = ValidationErrors()
            for problem in pipeline.violations(introducedBy: stages) {
                errors.add(
                    field: problem == .duplicateStageName ? "name" : "outcome", code: problem.code,
                    message: problem.detail)
            }
            try errors.throwIfAny()
            let store = PipelineStore(db)
            let added = stages.first { $0.id == stage.id } ?? stage
            try await store.updateStages(stages.filter { $0.id != stage.id }, pipelineID: pipelineID)
            try await store.insertStage(added, pipelineID: pipelineID)
            try await store.raiseVersion(pipelineID)
            try await audit.record(
                "pipeline.stage_added", entityType: "pipeline", entityID: pipelineID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["stage_id": added.id.description, "name": added.name], on: db)
            return try await Self.reload(pipelineID, viewer: viewer, db: db)
        }
    }

    /// Changes a stage's name, probability or forecast category; its outcome (open, won, lost) stays.
    public func updateStage(
        _ stageID: Pipeline.Stage.ID, in pipelineID: Pipeline.ID, viewer: Viewer, expectedVersion: Int64?,
        change: @escaping @Sendable (inout StageDraft) -> Void
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let audit = audit
        return try await database.transaction { db in
            let pipeline = try await Self.lockedPipeline(
                pipelineID, viewer: viewer, expectedVersion: expectedVersion, db: db)
            guard let existing = pipeline.stage(stageID) else { throw RecordError.notFound(entity: "stage") }
            var draft = StageDraft(existing)
            change(&draft)
            draft.outcome = existing.outcome?.rawValue ?? ""
            let updated = try draft.validated(id: stageID, position: existing.position, others: pipeline.stages)
            guard updated != existing else { return pipeline }
            try await PipelineStore(db).updateStages([updated], pipelineID: pipelineID)
            try await PipelineStore(db).raiseVersion(pipelineID)
            try await audit.record(
                "pipeline.stage_updated", entityType: "pipeline", entityID: pipelineID.description,
                companyID: viewer.companyID, by: viewer,
                details: [
                    "stage_id": stageID.description, "name": updated.name,
                    "probability": String(updated.probability),
                    "forecast_category": updated.forecastCategory.rawValue,
                ], on: db)
            return try await Self.reload(pipelineID, viewer: viewer, db: db)
        }
    }

    /// Puts the stages in the given order, which names each stage once and keeps open stages before closing ones.
    public func reorderStages(
        _ pipelineID: Pipeline.ID, order: [Pipeline.Stage.ID], viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let audit = audit
        return try await database.transaction { db in
            let pipeline = try await Self.lockedPipeline(
                pipelineID, viewer: viewer, expectedVersion: expectedVersion, db: db)
            let stages = try pipeline.reorderedStages(order)
            guard stages != pipeline.stages else { return pipeline }
            try await PipelineStore(db).updateStages(stages, pipelineID: pipelineID)
            try await PipelineStore(db).raiseVersion(pipelineID)
            try await audit.record(
                "pipeline.stages_reordered", entityType: "pipeline", entityID: pipelineID.description,
                companyID: viewer.companyID, by: viewer,
                details: ["order": stages.map(\.name).joined(separator: " › ")], on: db)
            return try await Self.reload(pipelineID, viewer: viewer, db: db)
        }
    }

    /// Moves a stage one place up (`offset` −1) or down (+1) within its group (open or closing stages); a move
    /// past either end, or across the groups, changes nothing.
    public func moveStage(
        _ stageID: Pipeline.Stage.ID, in pipelineID: Pipeline.ID, by offset: Int, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let pipeline = try await pipeline(pipelineID, viewer: viewer)
        _ = try RecordError.checkVersion(expectedVersion, current: pipeline.version, entity: "pipeline")
        guard pipeline.stage(stageID) != nil else { throw RecordError.notFound(entity: "stage") }
        guard let order = pipeline.order(moving: stageID, by: offset) else { return pipeline }
        return try await reorderStages(
            pipelineID, order: order, viewer: viewer, expectedVersion: expectedVersion ?? pipeline.version)
    }

    /// Deletes a stage no deal is in and no stage history refers to, if the pipeline keeps an open, a won and a
    /// lost stage; a conflict otherwise, and nothing changes.
    public func deleteStage(
        _ stageID: Pipeline.Stage.ID, from pipelineID: Pipeline.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> Pipeline {
        try Self.checkMayEditPipelines(viewer)
        let audit = audit
        do {
            return try await database.transaction { db in
                let pipeline = try await Self.lockedPipeline(
                    pipelineID, viewer: viewer, expectedVersion: expectedVersion, db: db)
                guard let stage = pipeline.stage(stageID) else { throw RecordError.notFound(entity: "stage") }
                let remaining = try pipeline.removingStage(stageID)
                let store = PipelineStore(db)
                let deals = try await store.dealCount(inStage: stageID)
                if deals > 0 { throw PipelineError.stageHasDeals(count: deals) }
                if try await store.isInStageHistory(stageID) { throw PipelineError.stageHasHistory }
                try await store.deleteStage(stageID)
                try await store.updateStages(remaining, pipelineID: pipelineID)
                try await store.raiseVersion(pipelineID)
                try await audit.record(
                    "pipeline.stage_deleted", entityType: "pipeline", entityID: pipelineID.description,
                    companyID: viewer.companyID, by: viewer,
                    details: ["stage_id": stageID.description, "name": stage.name], on: db)
                return try await Self.reload(pipelineID, viewer: viewer, db: db)
            }
        } catch StorageError.missingReference {
            // A deal moved into the stage after the check (PostgreSQL); its foreign key kept the stage.
            throw RecordError.conflict(
                code: PipelineError.stageHasDeals(count: 1).code,
                detail: "A deal was just moved into this stage. Move it to another stage first.")
        }
    }

    /// The pipeline under the company's pipeline lock, at `expectedVersion` (nil: any); not found when it is
    /// another company's, a stale version (with the stored one) when it changed since the caller read it.
    private static func lockedPipeline(
        _ id: Pipeline.ID, viewer: Viewer, expectedVersion: Int64?, db: StoreConnection
    ) async throws
        -> Pipeline
    {
        let store = PipelineStore(db)
        try await store.lockPipelines(companyID: viewer.companyID)
        guard let pipeline = try await store.find(id, companyID: viewer.companyID) else {
            throw RecordError.notFound(entity: "pipeline")
        }
        _ = try RecordError.checkVersion(expectedVersion, current: pipeline.version, entity: "pipeline")
        return pipeline
    }

    private static func reload(_ id: Pipeline.ID, viewer: Viewer, db: StoreConnection) async throws -> Pipeline {
        guard let pipeline = try await PipelineStore(db).find(id, companyID: viewer.companyID) else {
            throw RecordError.notFound(entity: "pipeline")
        }
        return pipeline
    }
}
