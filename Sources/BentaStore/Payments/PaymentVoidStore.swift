import BentaCore
import Foundation
import SQLKit

/// Payments undone because their bank line was matched wrongly: one append-only row per payment (the payment, its
/// allocations and their reversals stay as they were written).
public struct PaymentVoidStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    /// Records the void; false when the payment was already void.
    public func insert(
        _ payment: Payment.ID, companyID: Company.ID, reason: String, by user: User.ID?, at now: Date
    ) async throws -> Bool {
        !(try await db.raw(
            """
            INSERT INTO payment_voids (payment_id, company_id, reason, voided_by, voided_at)
            VALUES (\(bind: payment.description), \(bind: companyID.description), \(bind: reason),
                \(bind: user?.description), \(bind: now.millisecondsSince1970))
            ON CONFLICT (payment_id) DO NOTHING
            RETURNING payment_id
            """
        ).all().isEmpty)
    }

    /// Whether the payment was voided.
    public func isVoid(_ payment: Payment.ID) async throws -> Bool {
        try await db.raw("SELECT payment_id FROM payment_voids WHERE payment_id = \(bind: payment.description)")
            .first() != nil
    }
}
