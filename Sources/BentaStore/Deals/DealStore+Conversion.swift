import BentaCore
import Foundation
import SQLKit

extension DealStore {
    /// The stage path of every deal of `pipeline` the viewer may see (optionally one owner's), for conversion.
    public func paths(
        pipeline: Pipeline.ID, ownerID: User.ID?, viewer: Viewer
    ) async throws -> [StageConversion.Path] {
        var sql: SQLQueryString = """
            SELECT h.deal_id, h.to_stage_id, h.changed_at, d.status FROM deal_stage_history h
            JOIN deals d ON d.id = h.deal_id JOIN accounts a ON a.id = d.account_id
            WHERE d.pipeline_id = \(bind: pipeline.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        if let ownerID { sql += " AND d.owner_id = \(bind: ownerID.description)" }
        sql += " ORDER BY h.deal_id, h.changed_at, h.id"
        var paths: [StageConversion.Path] = []
        var current: String?
        for row in try await db.raw(sql).all() {
            let deal = try row.string("deal_id")
            guard let status = DealStatus(rawValue: try row.string("status")) else {
                throw CorruptRow(description: "deal status")
            }
            let move = (stage: try row.id("to_stage_id", as: Pipeline.Stage.ID.self), at: try row.date("changed_at"))
            if deal == current, !paths.isEmpty {
                paths[paths.count - 1].moves.append(move)
            } else {
                paths.append(StageConversion.Path(moves: [move], status: status))
                current = deal
            }
        }
        return paths
    }
}
