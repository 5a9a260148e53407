import BentaCore
import Foundation
import SQLKit

/// A contract due for a renewal reminder, as claimed by the sweep.
public struct RenewalCandidate: Sendable, Hashable {
    public var contractID: Contract.ID
    public var companyID: Company.ID
    public var accountID: Account.ID
    public var ownerID: User.ID
    public var number: String?
    public var title: String
    public var endDate: CalendarDate
}

/// Contracts, amendments, signed copies, templates and the renewal setting. A contract is visible exactly when
/// its account is.
public struct ContractStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    // MARK: Contracts

    public func find(_ id: Contract.ID, viewer: Viewer, forUpdate: Bool = false) async throws -> Contract? {
        guard
            let contract = try await db.firstSeenThroughAccount(
                "contracts", alias: "c", where: "c.id = \(bind: id.description)", viewer: viewer, forUpdate: forUpdate,
                decode: Self.decode)
        else { return nil }
        return try await withFiles([contract]).first
    }

    /// One page of the contracts the viewer may see that match `filter`, sorted by title.
    ///
    /// The text filter (`filter.query`) goes through the full-text index, over the contract's number, title and
    /// account's name, by the rule of ``SearchWords``: every word whole but the last, which may be a prefix
    /// ("tala cof" finds Tala Coffee's contracts; "CTR-2026-00" and "2026-0001" find CTR-2026-0001). A text found
    /// only inside a word ("offee") no longer matches, as it did with the `LIKE` scan this replaces: that is the
    /// price of a filter that reads an index at a million records. The engine starts from the matches and reaches
    /// each contract by its primary key.
    public func list(viewer: Viewer, filter: ContractFilter, page: PageRequest) async throws -> Page<Contract> {
        var sql: SQLQueryString = "SELECT c.* FROM "
        let text = filter.query?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            sql += "contracts c JOIN accounts a ON a.id = c.account_id WHERE "
        } else {
            let search = SearchStore.textFilter(
                .contract, column: "c.id", text: text, companyID: viewer.companyID, db: db)
            sql += search.from + "contracts c CROSS JOIN accounts a WHERE " + search.condition
            sql += " AND a.id = c.account_id AND "
        }
        sql += VisibilitySQL.accounts(viewer)
        if let status = filter.status { sql += " AND c.status = \(bind: status.rawValue)" }
        if let account = filter.accountID { sql += " AND c.account_id = \(bind: account.description)" }
        if let owner = filter.ownerID { sql += " AND c.owner_id = \(bind: owner.description)" }
        if filter.endingFrom != nil || filter.endingTo != nil {
            sql += " AND c.status IN ('signed', 'active')"
            if let from = filter.endingFrom { sql += " AND c.effective_end_date >= \(bind: from.iso8601String)" }
            if let to = filter.endingTo { sql += " AND c.effective_end_date <= \(bind: to.iso8601String)" }
        }
        let contracts = try await db.sortedPage(sql, alias: "c", page: page, decode: Self.decode)
        return Page(items: try await withFiles(contracts.items), nextCursor: contracts.nextCursor)
    }

    public func insert(_ contract: Contract, createdBy: User.ID?) async throws {
        let f = contract.fields
        try await db.raw(
            """
            INSERT INTO contracts (id, company_id, account_id, signatory_contact_id, owner_id, deal_id, quote_id,
                template_id, language, number, sequence, status, title, sort_name, body_template, rendered_body,
                parties_json, start_date, end_date, value_minor, currency, payment_terms, billing_schedule_json,
                effective_end_date, effective_value_minor, issue_date, signed_date, terminated_date,
                termination_reason, renewal_task_id, created_by, created_at, updated_at, version)
            VALUES (\(bind: contract.id.description), \(bind: contract.companyID.description),
                \(bind: f.accountID.description), \(bind: f.signatoryContactID.description),
                \(bind: f.ownerID.description), \(bind: f.dealID?.description), \(bind: f.quoteID),
                \(bind: f.templateID?.description), \(bind: f.language.rawValue), \(bind: contract.number),
                \(bind: contract.sequence), \(bind: contract.status.rawValue), \(bind: f.title),
                \(bind: f.title.lowercased()), \(bind: f.bodyTemplate), \(bind: contract.renderedBody),
                \(bind: try contract.parties.map(jsonText)), \(bind: f.startDate.iso8601String),
                \(bind: f.endDate.iso8601String), \(bind: f.value.minorUnits), \(bind: f.value.currency.code),
                \(bind: f.paymentTerms.code), \(bind: try f.billingSchedule.map(jsonText)),
                \(bind: contract.effectiveEndDate.iso8601String), \(bind: contract.effectiveValue.minorUnits),
                \(bind: contract.issueDate?.iso8601String), \(bind: contract.signedDate?.iso8601String),
                \(bind: contract.terminatedDate?.iso8601String), \(bind: contract.terminationReason),
                \(bind: contract.renewalTaskID?.description), \(bind: createdBy?.description),
                \(bind: contract.createdAt.millisecondsSince1970), \(bind: contract.updatedAt.millisecondsSince1970),
                \(bind: contract.version))
            """
        ).run()
        try await writeIndex(contract)
    }

    /// Writes every column of `contract` when its stored version is `expectedVersion`; false when it is not.
    public func update(_ contract: Contract, expectedVersion: Int64) async throws -> Bool {
        let f = contract.fields
        let saved =
            !(try await db.raw(
                """
                UPDATE contracts SET account_id = \(bind: f.accountID.description),
                    signatory_contact_id = \(bind: f.signatoryContactID.description), owner_id = \(bind: f.ownerID.description),
                    deal_id = \(bind: f.dealID?.description), quote_id = \(bind: f.quoteID),
                    template_id = \(bind: f.templateID?.description), language = \(bind: f.language.rawValue),
                    number = \(bind: contract.number), sequence = \(bind: contract.sequence),
                    status = \(bind: contract.status.rawValue), title = \(bind: f.title), sort_name = \(bind: f.title.lowercased()),
                    body_template = \(bind: f.bodyTemplate), rendered_body = \(bind: contract.renderedBody),
                    parties_json = \(bind: try contract.parties.map(jsonText)), start_date = \(bind: f.startDate.iso8601String),
                    end_date = \(bind: f.endDate.iso8601String), value_minor = \(bind: f.value.minorUnits),
                    currency = \(bind: f.value.currency.code), payment_terms = \(bind: f.paymentTerms.code),
                    billing_schedule_json = \(bind: try f.billingSchedule.map(jsonText)),
                    effective_end_date = \(bind: contract.effectiveEndDate.iso8601String),
                    effective_value_minor = \(bind: contract.effectiveValue.minorUnits),
                    issue_date = \(bind: contract.issueDate?.iso8601String), signed_date = \(bind: contract.signedDate?.iso8601String),
                    terminated_date = \(bind: contract.terminatedDate?.iso8601String),
                    termination_reason = \(bind: contract.terminationReason),
                    updated_at = \(bind: contract.updatedAt.millisecondsSince1970), version = \(bind: contract.version)
                WHERE id = \(bind: contract.id.description) AND version = \(bind: expectedVersion)
                RETURNING id
                """
            ).all().isEmpty)
        if saved { try await writeIndex(contract) }
        return saved
    }

    /// The contract's row in the full-text index: its number, title and account's name (kept current when the
    /// account is renamed, by ``SearchStore/refreshRecords(of:)``).
    private func writeIndex(_ contract: Contract) async throws {
        let search = SearchStore(db)
        let accountName = try await search.accountName(contract.fields.accountID)
        try await search.index(
            .contract, id: contract.id.description, companyID: contract.companyID,
            content: SearchWords.document(
                contract: contract.number, title: contract.fields.title, accountName: accountName))
    }

    /// Whether a quote with this id exists for the account (quotes belong to the quotes feature; only the link is
    /// checked here).
    public func quoteBelongs(_ quoteID: String, to account: Account.ID, companyID: Company.ID) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM quotes WHERE id = \(bind: quoteID) AND account_id = \(bind: account.description)
                AND company_id = \(bind: companyID.description)
            """
        ).first() != nil
    }

    // MARK: Renewal

    /// Contracts of every company that are signed or active, end from `today` to `horizonDays` later, and have no
    /// renewal task yet: the sweep's work list (it applies each company's notice and claims each one separately).
    public func renewalCandidates(today: CalendarDate, horizonDays: Int) async throws -> [RenewalCandidate] {
        let latest = today.adding(days: horizonDays)
        return try await db.raw(
            """
            SELECT c.id, c.company_id, c.account_id, c.owner_id, c.number, c.title, c.effective_end_date
            FROM contracts c
            WHERE c.status IN ('signed', 'active') AND c.renewal_task_id IS NULL
                AND c.effective_end_date >= \(bind: today.iso8601String)
                AND c.effective_end_date <= \(bind: latest.iso8601String)
            ORDER BY c.effective_end_date, c.id
            """
        ).all().compactMap { row in
            guard let end = CalendarDate(iso8601: try row.string("effective_end_date")) else { return nil }
            return RenewalCandidate(
                contractID: try row.id("id"), companyID: try row.id("company_id"),
                accountID: try row.id("account_id"), ownerID: try row.id("owner_id"),
                number: try row.optionalString("number"), title: try row.string("title"), endDate: end)
        }
    }

    /// Claims a contract for its renewal task: sets `renewal_task_id` only if no one else has; false when another
    /// sweep (another app server) got there first.
    public func claimRenewal(_ id: Contract.ID, taskID: TaskItem.ID) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE contracts SET renewal_task_id = \(bind: taskID.description)
            WHERE id = \(bind: id.description) AND renewal_task_id IS NULL
            RETURNING id
            """
        ).all().isEmpty)
    }

    /// Marks active contracts whose effective end date is before `today` as expired; returns them.
    public func expire(before today: CalendarDate, at now: Date) async throws -> [(Contract.ID, Company.ID)] {
        try await db.raw(
            """
            UPDATE contracts SET status = 'expired', updated_at = \(bind: now.millisecondsSince1970), version = version + 1
            WHERE status = 'active' AND effective_end_date < \(bind: today.iso8601String)
            RETURNING id, company_id
            """
        ).all().map { (try $0.id("id"), try $0.id("company_id")) }
    }

    /// Days before the end date at which the owner gets a renewal task (30 unless the company set another).
    public func renewalNoticeDays(companyID: Company.ID) async throws -> Int {
        let row = try await db.raw(
            "SELECT renewal_notice_days FROM contract_settings WHERE company_id = \(bind: companyID.description)"
        ).first()
        return try row.map { Int(try $0.int64("renewal_notice_days")) } ?? 30
    }

    /// Every company's notice days that differ from the default.
    public func renewalNoticeDaysByCompany() async throws -> [Company.ID: Int] {
        var result: [Company.ID: Int] = [:]
        for row in try await db.raw("SELECT company_id, renewal_notice_days FROM contract_settings").all() {
            result[try row.id("company_id")] = Int(try row.int64("renewal_notice_days"))
        }
        return result
    }

    /// The notice days and the settings' version (30 at version 0 until saved).
    public func renewalNoticeSetting(companyID: Company.ID) async throws -> (days: Int, version: Int64) {
        let row = try await db.raw(
            """
            SELECT renewal_notice_days, version FROM contract_settings
            WHERE company_id = \(bind: companyID.description)
            """
        ).first()
        guard let row else { return (30, 0) }
        return (Int(try row.int64("renewal_notice_days")), try row.int64("version"))
    }

    /// Saves the notice days if the stored version is still `expectedVersion` (0: never saved); the new version, or
    /// nil when another save came first.
    public func setRenewalNoticeDays(
        _ days: Int, companyID: Company.ID, at now: Date, expectedVersion: Int64
    ) async throws -> Int64? {
        let rows = try await db.raw(
            """
            INSERT INTO contract_settings (company_id, renewal_notice_days, updated_at, version)
            VALUES (\(bind: companyID.description), \(bind: Int64(days)), \(bind: now.millisecondsSince1970), 1)
            ON CONFLICT (company_id) DO UPDATE SET renewal_notice_days = \(bind: Int64(days)),
                updated_at = \(bind: now.millisecondsSince1970), version = contract_settings.version + 1
            WHERE contract_settings.version = \(bind: expectedVersion)
            RETURNING version
            """
        ).all()
        guard let version = try rows.first?.int64("version"), version == expectedVersion + 1 else { return nil }
        return version
    }

    // MARK: Signed copies

    public func insertFile(
        id: String, contract: Contract, filename: String, mediaType: String, data: Data, by user: User.ID?,
        at now: Date
    ) async throws {
        try await db.raw(
            """
            INSERT INTO contract_files (id, company_id, contract_id, filename, media_type, byte_count, data,
                uploaded_by, created_at)
            VALUES (\(bind: id), \(bind: contract.companyID.description), \(bind: contract.id.description),
                \(bind: filename), \(bind: mediaType), \(bind: Int64(data.count)), \(bind: data),
                \(bind: user?.description), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }

    /// The latest signed copy of a contract (call after checking the contract is visible).
    public func latestFile(of contract: Contract.ID) async throws -> ContractFile? {
        guard
            let row = try await db.raw(
                """
                SELECT id, filename, media_type, byte_count, data, created_at FROM contract_files
                WHERE contract_id = \(bind: contract.description) ORDER BY created_at DESC, id DESC LIMIT 1
                """
            ).first()
        else { return nil }
        return ContractFile(
            id: try row.string("id"), filename: try row.string("filename"), mediaType: try row.string("media_type"),
            byteCount: try row.int64("byte_count"), data: try row.decode(column: "data", as: Data.self),
            createdAt: try row.date("created_at"))
    }

    // MARK: Amendments

    public func amendments(of contract: Contract.ID) async throws -> [ContractAmendment] {
        try await db.raw(
            """
            SELECT m.*, c.currency FROM contract_amendments m JOIN contracts c ON c.id = m.contract_id
            WHERE m.contract_id = \(bind: contract.description) ORDER BY m.created_at, m.id
            """
        ).all().map(Self.decodeAmendment)
    }

    public func insert(_ amendment: ContractAmendment, createdBy: User.ID?) async throws {
        try await db.raw(
            """
            INSERT INTO contract_amendments (id, company_id, contract_id, number, sequence, status, title, body,
                effective_date, new_end_date, new_value_minor, issue_date, signed_date, created_by, created_at,
                updated_at, version)
            VALUES (\(bind: amendment.id.description), \(bind: amendment.companyID.description),
                \(bind: amendment.contractID.description), \(bind: amendment.number), \(bind: amendment.sequence),
                \(bind: amendment.status.rawValue), \(bind: amendment.title), \(bind: amendment.body),
                \(bind: amendment.effectiveDate.iso8601String), \(bind: amendment.newEndDate?.iso8601String),
                \(bind: amendment.newValue?.minorUnits), \(bind: amendment.issueDate?.iso8601String),
                \(bind: amendment.signedDate?.iso8601String), \(bind: createdBy?.description),
                \(bind: amendment.createdAt.millisecondsSince1970), \(bind: amendment.updatedAt.millisecondsSince1970),
                \(bind: amendment.version))
            """
        ).run()
    }

    public func update(_ amendment: ContractAmendment, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE contract_amendments SET number = \(bind: amendment.number), sequence = \(bind: amendment.sequence),
                status = \(bind: amendment.status.rawValue), title = \(bind: amendment.title), body = \(bind: amendment.body),
                effective_date = \(bind: amendment.effectiveDate.iso8601String),
                new_end_date = \(bind: amendment.newEndDate?.iso8601String),
                new_value_minor = \(bind: amendment.newValue?.minorUnits),
                issue_date = \(bind: amendment.issueDate?.iso8601String),
                signed_date = \(bind: amendment.signedDate?.iso8601String),
                updated_at = \(bind: amendment.updatedAt.millisecondsSince1970), version = \(bind: amendment.version)
            WHERE id = \(bind: amendment.id.description) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    // MARK: Templates

    public func templates(companyID: Company.ID) async throws -> [ContractTemplate] {
        try await db.raw(
            """
            SELECT * FROM contract_templates WHERE company_id = \(bind: companyID.description)
            ORDER BY is_built_in DESC, name, id
            """
        ).all().map(Self.decodeTemplate)
    }

    public func insert(_ template: ContractTemplate) async throws {
        try await db.raw(
            """
            INSERT INTO contract_templates (id, company_id, name, language, body, is_built_in, created_at,
                updated_at, version)
            VALUES (\(bind: template.id.description), \(bind: template.companyID.description), \(bind: template.name),
                \(bind: template.language.rawValue), \(bind: template.body), \(bind: template.isBuiltIn),
                \(bind: template.createdAt.millisecondsSince1970), \(bind: template.updatedAt.millisecondsSince1970),
                \(bind: template.version))
            """
        ).run()
    }

    public func update(_ template: ContractTemplate, expectedVersion: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE contract_templates SET name = \(bind: template.name), language = \(bind: template.language.rawValue),
                body = \(bind: template.body), updated_at = \(bind: template.updatedAt.millisecondsSince1970),
                version = \(bind: template.version)
            WHERE id = \(bind: template.id.description) AND company_id = \(bind: template.companyID.description)
                AND version = \(bind: expectedVersion)
            RETURNING id
            """
        ).all().isEmpty)
    }

    // MARK: Decoding

    private func withFiles(_ contracts: [Contract]) async throws -> [Contract] {
        guard !contracts.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT DISTINCT contract_id FROM contract_files
            WHERE contract_id IN (\(binds: contracts.map(\.id.description)))
            """
        ).all()
        let withCopy = Set(try rows.map { try $0.string("contract_id") })
        return contracts.map { contract in
            var copy = contract
            copy.hasSignedCopy = withCopy.contains(contract.id.description)
            return copy
        }
    }

    static func decode(_ row: any SQLRow) throws -> Contract {
        guard let currency = Currency(code: try row.string("currency")),
            let start = CalendarDate(iso8601: try row.string("start_date")),
            let end = CalendarDate(iso8601: try row.string("end_date")),
            let effectiveEnd = CalendarDate(iso8601: try row.string("effective_end_date")),
            let status = ContractStatus(rawValue: try row.string("status")),
            let terms = PaymentTerms.parse(try row.string("payment_terms")),
            let language = LanguageCode(rawValue: try row.string("language"))
        else { throw CorruptRow(description: "contract currency, dates, status, terms or language") }
        let schedule = try row.optionalString("billing_schedule_json").map {
            try StoredJSON.decode(BillingSchedule.self, from: $0)
        }
        let fields = ContractFields(
            accountID: try row.id("account_id"), signatoryContactID: try row.id("signatory_contact_id"),
            ownerID: try row.id("owner_id"), dealID: try row.optionalID("deal_id"),
            quoteID: try row.optionalString("quote_id"), templateID: try row.optionalID("template_id"),
            language: language, title: try row.string("title"), bodyTemplate: try row.string("body_template"),
            startDate: start, endDate: end, value: Money(minorUnits: try row.int64("value_minor"), currency: currency),
            paymentTerms: terms, billingSchedule: schedule)
        return Contract(
            id: try row.id("id"), companyID: try row.id("company_id"), fields: fields, status: status,
            number: try row.optionalString("number"), sequence: try row.optionalInt64("sequence"),
            issueDate: try row.optionalString("issue_date").flatMap(CalendarDate.init(iso8601:)),
            signedDate: try row.optionalString("signed_date").flatMap(CalendarDate.init(iso8601:)),
            renderedBody: try row.optionalString("rendered_body"),
            parties: try row.optionalString("parties_json").map {
                try StoredJSON.decode(ContractParties.self, from: $0)
            },
            effectiveEndDate: effectiveEnd,
            effectiveValue: Money(minorUnits: try row.int64("effective_value_minor"), currency: currency),
            terminationReason: try row.optionalString("termination_reason"),
            terminatedDate: try row.optionalString("terminated_date").flatMap(CalendarDate.init(iso8601:)),
            renewalTaskID: try row.optionalID("renewal_task_id"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int64("version"))
    }

    static func decodeAmendment(_ row: any SQLRow) throws -> ContractAmendment {
        guard let currency = Currency(code: try row.string("currency")),
            let status = AmendmentStatus(rawValue: try row.string("status")),
            let effective = CalendarDate(iso8601: try row.string("effective_date"))
        else { throw CorruptRow(description: "amendment currency, status or date") }
        return ContractAmendment(
            id: try row.id("id"), companyID: try row.id("company_id"), contractID: try row.id("contract_id"),
            status: status, number: try row.optionalString("number"), sequence: try row.optionalInt64("sequence"),
            title: try row.string("title"), body: try row.string("body"), effectiveDate: effective,
            newEndDate: try row.optionalString("new_end_date").flatMap(CalendarDate.init(iso8601:)),
            newValue: try row.optionalInt64("new_value_minor").map { Money(minorUnits: $0, currency: currency) },
            issueDate: try row.optionalString("issue_date").flatMap(CalendarDate.init(iso8601:)),
            signedDate: try row.optionalString("signed_date").flatMap(CalendarDate.init(iso8601:)),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }

    static func decodeTemplate(_ row: any SQLRow) throws -> ContractTemplate {
        guard let language = LanguageCode(rawValue: try row.string("language")) else {
            throw CorruptRow(description: "template language")
        }
        return ContractTemplate(
            id: try row.id("id"), companyID: try row.id("company_id"), name: try row.string("name"),
            language: language, body: try row.string("body"), isBuiltIn: try row.bool("is_built_in"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int64("version"))
    }
}

extension ContractStore {
    /// Forgets the renewal task of a contract whose end date moved, so the sweep reminds the owner again.
    public func clearRenewal(_ id: Contract.ID) async throws {
        try await db.raw("UPDATE contracts SET renewal_task_id = NULL WHERE id = \(bind: id.description)").run()
    }
}
