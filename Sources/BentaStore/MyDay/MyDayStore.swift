import BentaCore
import Foundation
import SQLKit

/// The reads of My day (issue 14) that no list already makes: a manager's open deals per stage, their newest new
/// leads, the names of the records their tasks point at, and the accountant's money queue.
/// Each is one statement, whatever the number of rows behind it.
public struct MyDayStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// The open deals `ownerID` owns (among those the viewer sees) per pipeline and stage, with their count and
    /// amounts per currency; the default pipeline first, stages in their order. One aggregate statement.
    public func openDealsByStage(viewer: Viewer, ownerID: User.ID) async throws -> [PipelineStageTotal] {
        var sql: SQLQueryString = """
            SELECT p.id AS pipeline_id, p.name AS pipeline_name, s.id AS stage_id, s.name AS stage_name,
                d.currency, CAST(COUNT(*) AS BIGINT) AS deals, CAST(SUM(d.amount_minor) AS BIGINT) AS amount,
                CASE WHEN p.is_default THEN 0 ELSE 1 END AS pipeline_order, s.position
            FROM deals d JOIN accounts a ON a.id = d.account_id JOIN pipelines p ON p.id = d.pipeline_id
                JOIN pipeline_stages s ON s.id = d.stage_id
            WHERE d.company_id = \(bind: viewer.companyID.description) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer)
        sql += """
             AND d.owner_id = \(bind: ownerID.description) AND d.status = 'open'
            GROUP BY p.id, p.name, p.is_default, s.id, s.name, s.position, d.currency
            ORDER BY pipeline_order, p.name, p.id, s.position, s.id, d.currency
            """
        var stages: [PipelineStageTotal] = []
        for row in try await db.raw(sql).all() {
            guard let currency = Currency(code: try row.string("currency")) else {
                throw CorruptRow(description: "deal currency")
            }
            let stage: Pipeline.Stage.ID = try row.id("stage_id")
            let amount = Money(minorUnits: try row.int64("amount"), currency: currency)
            let count = Int(try row.int64("deals"))
            if let last = stages.indices.last, stages[last].stageID == stage {
                stages[last].dealCount += count
                stages[last].amounts.append(amount)
            } else {
                stages.append(
                    PipelineStageTotal(
                        pipelineID: try row.id("pipeline_id"), pipelineName: try row.string("pipeline_name"),
                        stageID: stage, stageName: try row.string("stage_name"), dealCount: count,
                        amounts: [amount]))
            }
        }
        return stages
    }

    /// The newest `limit` leads with status new that `ownerID` owns, among those the viewer sees.
    public func newestNewLeads(viewer: Viewer, ownerID: User.ID, limit: Int) async throws -> [Lead] {
        var sql: SQLQueryString = "SELECT l.* FROM leads l WHERE "
        sql += VisibilitySQL.leads(viewer)
        sql += """
             AND l.owner_id = \(bind: ownerID.description) AND l.status = 'new'
            ORDER BY l.created_at DESC, l.id DESC LIMIT \(literal: limit)
            """
        return try await db.raw(sql).all().map(LeadStore.decode)
    }

    /// The names of `accounts` and `leads` the viewer sees (the others are left out); one statement.
    public func names(viewer: Viewer, accounts: [Account.ID], leads: [Lead.ID]) async throws -> RecordNames {
        guard !accounts.isEmpty || !leads.isEmpty else { return RecordNames() }
        var parts: [SQLQueryString] = []
        if !accounts.isEmpty {
            parts.append(
                "SELECT 'account' AS kind, a.id, a.name, '' AS company_name FROM accounts a WHERE a.id IN "
                    + "(\(binds: accounts.map(\.description))) AND " + VisibilitySQL.accounts(viewer))
        }
        if !leads.isEmpty {
            parts.append(
                "SELECT 'lead' AS kind, l.id, COALESCE(l.person_name, '') AS name, "
                    + "COALESCE(l.company_name, '') AS company_name FROM leads l WHERE l.id IN "
                    + "(\(binds: leads.map(\.description))) AND " + VisibilitySQL.leads(viewer))
        }
        var names = RecordNames()
        for row in try await db.raw(parts.joined(separator: " UNION ALL ")).all() {
            let name = try row.string("name")
            if try row.string("kind") == "account" {
                names.accounts[try row.id("id")] = name
            } else {
                names.leads[try row.id("id")] = name.isEmpty ? try row.string("company_name") : name
            }
        }
        return names
    }

    /// The accountant's queue for the viewer's company: statement lines waiting for review, payments (not voided)
    /// with cash not yet allocated, and customer quarters (per currency) whose withholding waits for its 2307, as
    /// the pending-certificates report groups them. One statement.
    public func moneyQueue(viewer: Viewer) async throws -> MoneyQueueCounts {
        let company = viewer.companyID.description
        var pending: SQLQueryString = """
            SELECT pa.account_id, pa.currency, substr(pa.allocated_on, 1, 4) AS y,
                (CAST(substr(pa.allocated_on, 6, 2) AS INTEGER) + 2) / 3 AS q
            FROM payment_allocations pa JOIN accounts a ON a.id = pa.account_id
            WHERE pa.company_id = \(bind: company) AND pa.withheld_minor > 0 AND pa.reverses_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM payment_allocations r WHERE r.reverses_id = pa.id)
                AND NOT EXISTS (SELECT 1 FROM certificate_allocations c WHERE c.allocation_id = pa.id) AND
            """
        pending += " " + VisibilitySQL.accounts(viewer)
        pending += " GROUP BY pa.account_id, pa.currency, y, q"
        var sql: SQLQueryString = """
            SELECT
                (SELECT CAST(COUNT(*) AS BIGINT) FROM bank_statement_lines l
                    WHERE l.company_id = \(bind: company) AND l.status = 'unmatched') AS lines_to_review,
                (SELECT CAST(COUNT(*) AS BIGINT) FROM payments p JOIN accounts a ON a.id = p.account_id
                    WHERE p.company_id = \(bind: company)
                        AND NOT EXISTS (SELECT 1 FROM payment_voids v WHERE v.payment_id = p.id)
                        AND p.amount_minor > COALESCE((SELECT SUM(pa.cash_minor) FROM payment_allocations pa
                            WHERE pa.payment_id = p.id), 0) AND
            """
        sql += " " + VisibilitySQL.accounts(viewer) + ") AS payments_to_allocate,"
        sql += " (SELECT CAST(COUNT(*) AS BIGINT) FROM (" + pending + ") t) AS pending_certificates"
        guard let row = try await db.raw(sql).first() else {
            return MoneyQueueCounts(statementLinesToReview: 0, paymentsToAllocate: 0, pendingCertificates: 0)
        }
        return MoneyQueueCounts(
            statementLinesToReview: Int(try row.int64("lines_to_review")),
            paymentsToAllocate: Int(try row.int64("payments_to_allocate")),
            pendingCertificates: Int(try row.int64("pending_certificates")))
    }
}
