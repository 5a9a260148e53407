import BentaCore
import BentaStore
import Foundation

/// The one check that keeps an account on credit hold from getting new invoices and won deals: called inside the
/// issuing or winning transaction, it refuses (409 `credit_hold`, saying since when and why) unless a head's or
/// admin's override is valid on the day. When an override lets the document through, an audit row filed under the
/// document names it. Credit notes and payments never pass here.
enum CreditHoldGate {
    /// The refusal: field-less, a conflict with the record's state, with its message key for the reader's language.
    static func refusal(_ hold: CreditHold) -> CreditHoldRefusal {
        CreditHoldRefusal(hold)
    }

    /// Refuses `document` (`("invoice", id)`, `("deal", id)`) of `accountID` on `date` when the account has an
    /// open hold and no override valid that day.
    static func require(
        accountID: Account.ID, on date: CalendarDate, for document: (type: String, id: String), viewer: Viewer,
        db: StoreConnection, clock: AppClock
    ) async throws {
        let store = CreditHoldStore(db)
        guard let hold = try await store.openHold(accountID: accountID, companyID: viewer.companyID) else { return }
        guard let granted = try await store.validOverride(of: hold.id, on: date) else { throw refusal(hold) }
        try await AuditWriter(clock: clock).record(
            "credit_hold.override_used", entityType: document.type, entityID: document.id,
            companyID: viewer.companyID, by: viewer,
            details: [
                "hold": hold.id.description, "override": granted.id.description, "account": accountID.description,
            ], on: db)
    }

    /// The check for issuing `invoice` on `date` (its issue date); a credit note is never refused.
    static func check(
        _ invoice: Invoice, on date: CalendarDate, viewer: Viewer, db: StoreConnection, clock: AppClock
    ) async throws {
        guard invoice.kind == .invoice else { return }
        try await require(
            accountID: invoice.accountID, on: date, for: ("invoice", invoice.id.description), viewer: viewer, db: db,
            clock: clock)
    }

    /// The check for a stage move of `deal` at `now` (the company's day then): only a move that wins it is checked.
    static func check(
        _ deal: Deal, at now: Date, viewer: Viewer, db: StoreConnection, clock: AppClock
    ) async throws {
        guard deal.status == .won else { return }
        guard let company = try await CompanyStore(db).find(viewer.companyID) else {
            throw RecordError.notFound(entity: "company")
        }
        try await require(
            accountID: deal.fields.accountID, on: company.settings.today(at: now),
            for: ("deal", deal.id.description), viewer: viewer, db: db, clock: clock)
    }
}
