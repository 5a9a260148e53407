import BentaCore
import Foundation
import SQLKit

/// One stored version of a month's plan with the managers' shares, in their order.
public struct StoredPlanVersion: Sendable {
    /// The row's id.
    public let id: String
    /// Who, when, why and what.
    public let version: PlanVersion<MonthPlanContent>
    /// The weights of a split by weights (empty for a split by hand).
    public let weights: [PlanSplit.Weight]
    /// The amounts as stored (for either method).
    public let amounts: [PlanSplit.Amount]
    /// The managers' plans per quota type, in their order.
    public var typeShares: [TypeShare] = []

    /// The plan and split this version derives.
    public func monthPlan() throws -> MonthPlan {
        try MonthPlan.rebuild(version: version, weights: weights, amounts: amounts, typeShares: typeShares)
    }
}

/// Monthly plans (append-only versions and their shares), the company's credit basis, and the open pipeline the
/// attainment report weighs. Plans are the head's and admin's; the service checks the role.
public struct PlanStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Plan versions

    /// Every version of the company's plan for `month`, oldest first, with their shares (two statements).
    public func versions(companyID: Company.ID, month: PlanMonth) async throws -> [StoredPlanVersion] {
        try await versions(companyID: companyID, months: month...month)[month] ?? []
    }

    /// Every version of the company's plans for the months in `months`, per month, oldest first, with their
    /// shares and shares by quota type (two statements for the whole range: the shares of both kinds are one
    /// `UNION ALL`). Months without a plan are absent.
    public func versions(
        companyID: Company.ID, months: ClosedRange<PlanMonth>
    ) async throws -> [PlanMonth: [StoredPlanVersion]] {
        let rows = try await db.raw(
            """
            SELECT id, month, number, content_json, author_id, reason, effective_at FROM plan_versions
            WHERE company_id = \(bind: companyID.description) AND month >= \(bind: months.lowerBound.text)
                AND month <= \(bind: months.upperBound.text)
            ORDER BY month, number
            """
        ).all()
        guard !rows.isEmpty else { return [:] }
        let ids = try rows.map { try $0.string("id") }
        var shares: [String: [(user: String, minor: Int64, weight: Decimal?)]] = [:]
        var typed: [String: [(user: String, type: String, minor: Int64)]] = [:]
        for row in try await db.raw(
            """
            SELECT version_id, position, user_id, amount_minor, weight, NULL AS quota_type FROM plan_shares
            WHERE version_id IN (\(binds: ids))
            UNION ALL
            SELECT version_id, position, user_id, amount_minor, NULL AS weight, quota_type FROM plan_type_shares
            WHERE version_id IN (\(binds: ids))
            ORDER BY version_id, position
            """
        ).all() {
            if let type = try row.optionalString("quota_type") {
                typed[try row.string("version_id"), default: []].append(
                    (try row.string("user_id"), type, try row.int64("amount_minor")))
                continue
            }
            shares[try row.string("version_id"), default: []].append(
                (
                    try row.string("user_id"), try row.int64("amount_minor"),
                    try row.optionalString("weight").flatMap(DecimalText.parse)
                ))
        }
        var result: [PlanMonth: [StoredPlanVersion]] = [:]
        for row in rows {
            guard let month = PlanMonth(parsing: try row.string("month")) else {
                throw CorruptRow(description: "plan month")
            }
            let id = try row.string("id")
            let content = try row.json("content_json", as: MonthPlanContent.self)
            let version = try PlanVersion(
                number: Int(try row.int64("number")), effectiveAt: try row.date("effective_at"),
                authorID: try row.string("author_id"), reason: try row.string("reason"), content: content)
            let list = shares[id] ?? []
            let currency = content.inputs.currency
            let stored = StoredPlanVersion(
                id: id, version: version,
                weights: list.compactMap { entry in
                    entry.weight.map { PlanSplit.Weight(managerID: entry.user, weight: $0) }
                },
                amounts: list.map {
                    PlanSplit.Amount(managerID: $0.user, amount: Money(minorUnits: $0.minor, currency: currency))
                },
                typeShares: (typed[id] ?? []).map {
                    TypeShare(
                        managerID: $0.user, quotaType: $0.type,
                        amount: Money(minorUnits: $0.minor, currency: currency))
                })
            result[month, default: []].append(stored)
        }
        return result
    }

    /// Adds a version and its shares; a second version with the same number (two saves at once) fails on the
    /// unique key, so the transaction rolls back.
    public func insert(id: String, companyID: Company.ID, plan: MonthPlan) async throws {
        let version = plan.version
        try await db.raw(
            """
            INSERT INTO plan_versions (id, company_id, month, number, content_json, currency, target_minor,
                author_id, reason, effective_at)
            VALUES (\(bind: id), \(bind: companyID.description), \(bind: plan.month.text),
                \(bind: Int64(version.number)), \(bind: try jsonText(version.content)),
                \(bind: plan.plan.targetRevenue.currency.code), \(bind: plan.plan.targetRevenue.minorUnits),
                \(bind: version.authorID), \(bind: version.reason), \(bind: version.effectiveAt.millisecondsSince1970))
            """
        ).run()
        guard !plan.split.shares.isEmpty else { return }
        var sql: SQLQueryString =
            "INSERT INTO plan_shares (version_id, position, user_id, amount_minor, weight) VALUES "
        for (index, share) in plan.split.shares.enumerated() {
            if index > 0 { sql += ", " }
            sql += """
                (\(bind: id), \(bind: Int64(index)), \(bind: share.managerID), \(bind: share.amount.minorUnits),
                \(bind: share.weight.map(DecimalText.format)))
                """
        }
        try await db.raw(sql).run()
        guard !plan.typeShares.isEmpty else { return }
        var typed: SQLQueryString =
            "INSERT INTO plan_type_shares (version_id, position, user_id, quota_type, amount_minor) VALUES "
        for (index, share) in plan.typeShares.enumerated() {
            if index > 0 { typed += ", " }
            typed += """
                (\(bind: id), \(bind: Int64(index)), \(bind: share.managerID), \(bind: share.quotaType),
                \(bind: share.amount.minorUnits))
                """
        }
        try await db.raw(typed).run()
    }

    /// Locks the company's row until the transaction ends, so two saves of a plan take their numbers one after the
    /// other (nothing on SQLite, whose writers already queue).
    public func lockCompany(_ companyID: Company.ID) async throws {
        let sql =
            "SELECT id FROM companies WHERE id = \(bind: companyID.description)"
            + SQLQueryString(SQLDialectFacts.rowLockSuffix(db))
        _ = try await db.raw(sql).first()
    }

    // MARK: Credit basis

    /// The company's credit basis and the setting's version (0 and `invoiced` until one is saved).
    public func creditBasis(companyID: Company.ID) async throws -> (basis: CreditBasis, version: Int64) {
        guard
            let row = try await db.raw(
                "SELECT credit_basis, version FROM plan_settings WHERE company_id = \(bind: companyID.description)"
            ).first()
        else { return (.invoiced, 0) }
        guard let basis = CreditBasis(rawValue: try row.string("credit_basis")) else {
            throw CorruptRow(description: "credit basis")
        }
        return (basis, try row.int64("version"))
    }

    /// Saves the credit basis if the stored version is still `expectedVersion` (0: none saved yet); false when
    /// another save came first.
    public func saveCreditBasis(
        _ basis: CreditBasis, companyID: Company.ID, by user: User.ID, at now: Date, expectedVersion: Int64
    ) async throws -> Bool {
        if expectedVersion == 0 {
            let existing = try await db.raw(
                "SELECT version FROM plan_settings WHERE company_id = \(bind: companyID.description)"
            ).first()
            guard existing == nil else { return false }
            try await db.raw(
                """
                INSERT INTO plan_settings (company_id, credit_basis, updated_by, updated_at, version)
                VALUES (\(bind: companyID.description), \(bind: basis.rawValue), \(bind: user.description),
                    \(bind: now.millisecondsSince1970), 1)
                """
            ).run()
            return true
        }
        let rows = try await db.raw(
            """
            UPDATE plan_settings SET credit_basis = \(bind: basis.rawValue), updated_by = \(bind: user.description),
                updated_at = \(bind: now.millisecondsSince1970), version = version + 1
            WHERE company_id = \(bind: companyID.description) AND version = \(bind: expectedVersion)
            RETURNING version
            """
        ).all()
        return !rows.isEmpty
    }

    // MARK: Pipeline

    /// The open deals in the company's base currency expected to close in `month`, per owner, each with its
    /// probability in force (the deal's own, else its stage's): one statement.
    public func openPipeline(
        companyID: Company.ID, month: PlanMonth, currency: Currency, ownerIDs: [User.ID]? = nil
    ) async throws -> [User.ID: [PipelineDeal]] {
        if let ownerIDs, ownerIDs.isEmpty { return [:] }
        var sql: SQLQueryString = """
            SELECT d.owner_id, d.amount_minor, COALESCE(d.probability, s.probability) AS probability
            FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
            WHERE d.company_id = \(bind: companyID.description) AND d.status = 'open'
                AND d.expected_close >= \(bind: month.firstDay.iso8601String)
                AND d.expected_close <= \(bind: month.lastDay.iso8601String) AND d.currency = \(bind: currency.code)
            """
        if let ownerIDs { sql += " AND d.owner_id IN (\(binds: ownerIDs.map(\.description)))" }
        var result: [User.ID: [PipelineDeal]] = [:]
        for row in try await db.raw(sql).all() {
            let owner: User.ID = try row.id("owner_id")
            result[owner, default: []].append(
                PipelineDeal(
                    amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
                    probabilityPercent: Int(try row.int64("probability"))))
        }
        return result
    }
}
