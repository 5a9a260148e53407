import BentaCore
import BentaStore
import Foundation
import SQLKit

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
                companyID: viewer.companyID, actor: viewer.userID, details: ["name": checked.name], on: db)
            return template
        }
    }

    /// Changes a template (admins only). Contracts already drafted keep their own copy of the text.
    public func updateTemplate(
        _ id: ContractTemplate.ID, name: String?, language: String?, body: String?, viewer: Viewer,
        expectedVersion: Int64?
    ) async throws -> ContractTemplate {
        try Self.checkMayEditTemplates(viewer)
        var template = try await template(id, viewer: viewer)
        let expected = try RecordError.checkVersion(
            expectedVersion, current: template.version, entity: "contract_template")
        let checked = try ContractTemplate.validate(
            name: name ?? template.name, language: language ?? template.language.rawValue,
            body: body ?? template.body)
        template.name = checked.name
        template.language = checked.language
        template.body = checked.body
        template.updatedAt = clock.now()
        template.version += 1
        let updated = template
        let audit = audit
        return try await database.transaction { db in
            guard try await ContractStore(db).update(updated, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "contract_template", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                "contract_template.updated", entityType: "contract_template", entityID: id.description,
                companyID: viewer.companyID, actor: viewer.userID, on: db)
            return updated
        }
    }

    /// Templates are company paperwork: only an admin changes them.
    public static func checkMayEditTemplates(_ viewer: Viewer) throws {
        guard viewer.role.isAdministrator else {
            throw RecordError.forbidden(detail: "Only an admin can change contract templates.")
        }
    }
}
