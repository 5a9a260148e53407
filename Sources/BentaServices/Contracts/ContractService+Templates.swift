import BentaCore
import BentaStore
import Foundation

extension ContractService {
    /// The company's contract templates, creating the built-in English and Filipino ones on first use.
    public func templates(viewer: Viewer) async throws -> [ContractTemplate] {
        let existing = try await database.read { db in
            try await ContractStore(db).templates(companyID: viewer.companyID)
        }
        if !existing.isEmpty { return existing }
        let clock = clock
        return try await database.transaction { db in
            let store = ContractStore(db)
            // Under the write transaction: another request may have created them meanwhile.
            let again = try await store.templates(companyID: viewer.companyID)
            if !again.isEmpty { return again }
            let now = clock.now()
            for builtIn in ContractTemplate.builtInDefaults {
                try await store.insert(
                    ContractTemplate(
                        id: clock.newID(), companyID: viewer.companyID, name: builtIn.name,
                        language: builtIn.language, body: builtIn.body, isBuiltIn: true, createdAt: now,
                        updatedAt: now, version: 1))
            }
            return try await store.templates(companyID: viewer.companyID)
        }
    }

    public func template(_ id: ContractTemplate.ID, viewer: Viewer) async throws -> ContractTemplate {
        guard let template = try await templates(viewer: viewer).first(where: { $0.id == id }) else {
            throw RecordError.notFound(entity: "contract_template")
        }
        return template
    }

    /// Adds a template (admins only); unknown placeholders are refused.
    public func createTemplate(
        name: String, language: String, body: String, viewer: Viewer
    ) async throws -> ContractTemplate {
        try Self.checkMayEditTemplates(viewer)
        _ = try await templates(viewer: viewer)
        let checked = try ContractTemplate.validate(name: name, language: language, body: body)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let now = clock.now()
            let template = ContractTemplate(
                id: clock.newID(), companyID: viewer.companyID, name: checked.name, language: checked.language,
                body: checked.body, isBuiltIn: false, createdAt: now, updatedAt: now, version: 1)
            try await ContractStore(db).insert(template)
            try await audit.record(
                "contract_template.created", entityType: "contract_template", entityID: template.id.description,
                companyID: viewer.companyID, by: viewer, details: ["name": checked.name], created: template, on: db)
            return template
        }
    }

    /// Changes a template (admins only). Contracts already drafted keep their own copy of the text.
    public func updateTemplate(
        _ id: ContractTemplate.ID, name: String?, language: String?, body: String?, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> ContractTemplate {
        try Self.checkMayEditTemplates(viewer)
        return try await changes.change(
            Self.templateTarget(id, companyID: viewer.companyID), expectedVersion: expectedVersion, by: viewer,
            in: database
        ) { template, _ in
            let checked = try ContractTemplate.validate(
                name: name ?? template.name, language: language ?? template.language.rawValue,
                body: body ?? template.body)
            template.name = checked.name
            template.language = checked.language
            template.body = checked.body
            return AuditEntry("contract_template.updated")
        }
    }

    /// A template as the change path loads and saves it (templates are the whole company's).
    static func templateTarget(_ id: ContractTemplate.ID, companyID: Company.ID) -> ChangeTarget<ContractTemplate> {
        ChangeTarget(
            entity: "contract_template",
            load: { db in try await ContractStore(db).templates(companyID: companyID).first(where: { $0.id == id }) },
            save: { template, loaded, db in
                try await ContractStore(db).update(template, expectedVersion: loaded.version)
            })
    }

    /// Templates are company paperwork: only an admin changes them.
    public static func checkMayEditTemplates(_ viewer: Viewer) throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change contract templates.")
        }
    }
}
