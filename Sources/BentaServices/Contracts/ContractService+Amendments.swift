import BentaCore
import BentaStore
import Foundation

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
                companyID: viewer.companyID, by: viewer, details: ["amendment_id": amendment.id.description],
                on: db)
            return amendment
        }
    }

    /// draft → sent, numbered from the amendment series.
    public func sendAmendment(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> ContractAmendment {
        let clock = clock
        return try await amendmentTransition(
            id, contractID: contractID, viewer: viewer, expectedVersion: expectedVersion
        ) { amendment, _, today, db in
            try amendment.check(.send)
            let number = try await NumberSeriesStore(db).take(
                companyID: viewer.companyID, type: .contractAmendment, date: today, now: clock.now())
            try amendment.send(number: number.text, sequence: number.sequence, today: today)
            return "contract.amendment_sent"
        }
    }

    /// sent → signed: the new end date and value, when given, now apply to the contract (its effective terms);
    /// a new end date also lets the renewal sweep remind the owner again.
    public func signAmendment(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?
    ) async throws -> ContractAmendment {
        let changes = changes
        return try await amendmentTransition(
            id, contractID: contractID, viewer: viewer, expectedVersion: expectedVersion
        ) { amendment, contract, today, db in
            try amendment.sign(today: today, contractStatus: contract.status)
            if amendment.changesTerms {
                let signed = amendment
                _ = try await changes.change(
                    Self.changeTarget(contract.id, viewer: viewer), expectedVersion: contract.version, by: viewer,
                    on: db
                ) { changed, _ in
                    changed.apply(signed, today: today)
                    return .toldByTheEnclosingChange
                }
                if amendment.newEndDate != nil && amendment.newEndDate != contract.effectiveEndDate {
                    try await ContractStore(db).clearRenewal(contract.id)
                }
            }
            return "contract.amendment_signed"
        }
    }

    /// An amendment's change through the change path, under its contract's lock; the audit row (`action`) is
    /// filed under the contract.
    private func amendmentTransition(
        _ id: ContractAmendment.ID, contractID: Contract.ID, viewer: Viewer, expectedVersion: Int64?,
        apply:
            @escaping @Sendable (inout ContractAmendment, Contract, CalendarDate, StoreConnection) async throws
            -> String
    ) async throws -> ContractAmendment {
        let today = try await today(companyID: viewer.companyID)
        let changes = changes
        return try await database.transaction { db in
            guard let contract = try await ContractStore(db).find(contractID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "amendment")
            }
            return try await changes.change(
                Self.amendmentTarget(id, of: contractID), expectedVersion: expectedVersion, by: viewer, on: db
            ) { amendment, context in
                let action = try await apply(&amendment, contract, today, context.db)
                return AuditEntry(
                    action,
                    details: [
                        "amendment_id": id.description, "number": amendment.number ?? "",
                        "status": amendment.status.rawValue,
                    ], filedUnder: ("contract", contractID.description))
            }
        }
    }

    /// An amendment as the change path loads and saves it; the caller holds its contract, visible and locked.
    static func amendmentTarget(
        _ id: ContractAmendment.ID, of contractID: Contract.ID
    ) -> ChangeTarget<ContractAmendment> {
        ChangeTarget(
            entity: "amendment",
            load: { db in try await ContractStore(db).amendments(of: contractID).first(where: { $0.id == id }) },
            save: { amendment, loaded, db in
                try await ContractStore(db).update(amendment, expectedVersion: loaded.version)
            })
    }
}
