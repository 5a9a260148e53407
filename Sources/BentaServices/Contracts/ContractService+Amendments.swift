import BentaCore
import BentaStore
import Foundation
import SQLKit

extension ContractService {
    /// The amendments of a contract the viewer may see, oldest first.
    public func amendments(_ id: Contract.ID, viewer: Viewer) async throws -> [ContractAmendment] {
        try await database.read { db in
            guard try await ContractStore(db).find(id, viewer: viewer) != nil else {
                throw RecordError.notFound(entity: "contract")
            }
            return try await ContractStore(db).amendments(of: id)
        }
    }

    /// Drafts an amendment of a signed or active contract (anything else is `contract_not_signed`, 409).
    public func createAmendment(
        _ draft: AmendmentDraft, contractID: Contract.ID, viewer: Viewer
    ) async throws -> ContractAmendment {
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = ContractStore(db)
            guard let contract = try await store.find(contractID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "contract")
            }
            guard [.signed, .active].contains(contract.status) else { throw ContractError.notSigned }
            let checked = try draft.validated(for: contract)
            let now = clock.now()
            let amendment = ContractAmendment(
                id: clock.newID(), companyID: viewer.companyID, contractID: contractID, status: .draft,
                title: checked.title, body: checked.body, effectiveDate: checked.effective,
                newEndDate: checked.end, newValue: checked.value, createdAt: now, updatedAt: now, version: 1)
            try await store.insert(amendment, createdBy: viewer.userID)
            try await audit.record(
                "contract.amendment_created", entityType: "contract", entityID: contractID.description,
                companyID: viewer.companyID, actor: viewer.userID, details: ["amendment_id": amendment.id.description],
                on: db)
            return amendment
        }
    }

    /// draft → sent, numbered from the amendment series.
    public func sendAmendment(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> ContractAmendment {
        try await amendmentTransition(id, contractID: contractID, viewer: viewer, expectedVersion: expectedVersion) {
            amendment, contract, today, db in
            guard amendment.status == .draft else {
                throw ContractError.amendmentInvalidTransition(from: amendment.status, action: "sent")
            }
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .contractAmendment, date: today, now: clock.now())
            amendment.number = number.text
            amendment.sequence = number.sequence
            amendment.issueDate = today
            amendment.status = .sent
            return "contract.amendment_sent"
        }
    }

    /// sent → signed: the new end date and value, when given, now apply to the contract (its effective terms);
    /// a new end date also lets the renewal sweep remind the owner again.
    public func signAmendment(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> ContractAmendment {
        try await amendmentTransition(id, contractID: contractID, viewer: viewer, expectedVersion: expectedVersion) {
            amendment, contract, today, db in
            guard amendment.status == .sent else {
                throw ContractError.amendmentInvalidTransition(from: amendment.status, action: "signed")
            }
            guard [.signed, .active, .expired].contains(contract.status) else {
                throw ContractError.notSigned
            }
            amendment.status = .signed
            amendment.signedDate = today
            if amendment.newEndDate != nil || amendment.newValue != nil {
                var changed = contract
                if let end = amendment.newEndDate { changed.effectiveEndDate = end }
                if let value = amendment.newValue { changed.effectiveValue = value }
                // An extension past today revives an expired contract.
                if changed.status == .expired, changed.effectiveEndDate >= today { changed.status = .active }
                changed.updatedAt = clock.now()
                changed.version += 1
                let store = ContractStore(db)
                guard try await store.update(changed, expectedVersion: contract.version) else {
                    throw RecordError.staleVersion(
                        entity: "contract", expected: contract.version, actual: contract.version + 1)
                }
                if amendment.newEndDate != nil && amendment.newEndDate != contract.effectiveEndDate {
                    try await store.clearRenewal(contract.id)
                }
            }
            return "contract.amendment_signed"
        }
    }

    private func amendmentTransition(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?,
        apply:
            @escaping @Sendable (inout ContractAmendment, Contract, CalendarDate, any SQLDatabase) async throws
            -> String
    ) async throws -> ContractAmendment {
        let today = try await today(companyID: viewer.companyID)
        let (clock, audit) = (clock, audit)
        return try await database.transaction { db in
            let store = ContractStore(db)
            guard let contract = try await store.find(contractID, viewer: viewer, forUpdate: true),
                var amendment = try await store.amendments(of: contractID).first(where: { $0.id == id })
            else { throw RecordError.notFound(entity: "amendment") }
            let expected = try RecordError.checkVersion(
                expectedVersion, current: amendment.version, entity: "amendment")
            let action = try await apply(&amendment, contract, today, db)
            amendment.updatedAt = clock.now()
            amendment.version += 1
            guard try await store.update(amendment, expectedVersion: expected) else {
                throw RecordError.staleVersion(entity: "amendment", expected: expected, actual: expected + 1)
            }
            try await audit.record(
                action, entityType: "contract", entityID: contractID.description, companyID: viewer.companyID,
                actor: viewer.userID,
                details: [
                    "amendment_id": id.description, "number": amendment.number ?? "",
                    "status": amendment.status.rawValue,
                ],
                on: db)
            return amendment
        }
    }
}
