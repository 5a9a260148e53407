import BentaCore
import BentaStore
import Foundation

/// The `Idempotency-Key` the current request's work runs under (set by ``IdempotencyService/run``).
///
/// The service function that writes the money document stores the request's answer in its own transaction, as the
/// last step: `try await IdempotencyScope.complete(with: invoice, on: db)`. The document and the remembered answer
/// then commit or roll back together, so a key is never left "in progress" by work that committed, and a key still
/// in progress after ``IdempotencyService/staleAfter`` is work that never committed.
public enum IdempotencyScope {
    /// Builds the answer to remember from the document the work wrote and its balance, both as the work's
    /// transaction sees them. It must not read the database itself (it runs inside that transaction).
    public typealias AnswerBuilder = @Sendable (Invoice, InvoiceBalance) throws -> IdempotencyService.Answer

    /// Stores the answer for `document` under the current request's key, on the transaction's `db`; does nothing
    /// when the request carries no key. When a later request took the key over (this work ran past the stale
    /// limit), throws 409 `request_in_progress`, so that this work rolls back and the document is made once.
    public static func complete(with document: some IdempotentDocument, on db: StoreConnection) async throws {
        guard let claim = IdempotencyClaim.current else { return }
        try await claim.complete(document, db)
    }

    /// The claim `run` sets: stores the answer under `token` (``store(_:on:userID:key:token:answer:)``) and keeps it
    /// for the caller. A document of another type than the request's (an invoice written on the way) is ignored.
    static func claim<Document: IdempotentDocument>(
        userID: User.ID, key: String, token: String,
        answer: @escaping @Sendable (Document, StoreConnection) async throws -> IdempotencyService.Answer,
        recorder: AnswerRecorder
    ) -> IdempotencyClaim {
        IdempotencyClaim(userID: userID, key: key, token: token) { written, db in
            guard let document = written as? Document else { return }
            let stored = try await store(document, on: db, userID: userID, key: key, token: token, answer: answer)
            recorder.record(stored, for: document)
        }
    }

    /// Builds the answer for `document` and stores it under the claim `token`, on `db`.
    static func store<Document: IdempotentDocument>(
        _ document: Document, on db: StoreConnection, userID: User.ID, key: String, token: String,
        answer: (Document, StoreConnection) async throws -> IdempotencyService.Answer
    ) async throws -> IdempotencyService.Answer {
        let built = try await answer(document, db)
        do {
            try await IdempotencyStore(db).complete(
                userID: userID, key: key, token: token, status: built.status, location: built.location,
                body: String(decoding: built.body, as: UTF8.self))
        } catch is IdempotencyStore.ClaimLostError {
            throw RecordError.conflict(
                code: "request_in_progress",
                detail: "A later request with this Idempotency-Key took it over; this one changed nothing.")
        }
        return built
    }
}

/// The answer the work's transaction stored, for `run` to return once the work has returned.
final class AnswerRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (identity: String, answer: IdempotencyService.Answer)?

    func record(_ answer: IdempotencyService.Answer, for document: some IdempotentDocument) {
        lock.withLock { stored = (document.idempotencyIdentity, answer) }
    }

    /// The answer stored for this very document (id and version), if the work stored one.
    func answer(for document: some IdempotentDocument) -> IdempotencyService.Answer? {
        lock.withLock {
            guard let stored, stored.identity == document.idempotencyIdentity else { return nil }
            return stored.answer
        }
    }
}

extension InvoiceService {
    /// The open amount of one invoice as the transaction on `db` sees it: total − issued credit notes (− payments,
    /// once they exist); the same figures as ``balances(of:)``.
    static func balance(of invoice: Invoice, on db: StoreConnection) async throws -> InvoiceBalance {
        guard let balance = try await balances(of: [invoice], on: db)[invoice.id] else {
            throw RecordError.notFound(entity: "invoice")
        }
        return balance
    }
}
