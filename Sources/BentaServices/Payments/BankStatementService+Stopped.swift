import BentaCore
import BentaStore
import Foundation

extension PaymentService {
    /// `statements` as they read: an `importing` one whose server instance is dead (the process was killed
    /// mid-file, or stopped) is `stopped`, with the same sentence as a failed import (how far it got, and that
    /// importing the same file again finishes it: the lines already filed are skipped). One query for all of them.
    static func markingStopped(
        _ statements: [ImportedStatement], on db: StoreConnection, now: Date, instance: ServerInstanceService? = nil
    ) async throws -> [ImportedStatement] {
        let running = Set(statements.filter { $0.importStatus == .importing }.compactMap(\.instanceID))
        guard !running.isEmpty else { return statements }
        let live = try await ServerInstanceStore(db).live(
            among: running, liveSince: instance?.liveSince(now) ?? ServerInstanceService.liveSince(now))
        return statements.map { statement in
            guard statement.importStatus == .importing, let instance = statement.instanceID, !live.contains(instance)
            else { return statement }
            var stopped = statement
            stopped.importStatus = .stopped
            stopped.importError = Self.stoppedSentence(read: statement.linesRead, total: statement.linesTotal)
            return stopped
        }
    }

    /// What a stopped import's statement says (the page says it in the user's language).
    static func stoppedSentence(read: Int, total: Int) -> String {
        "The import stopped after \(read) of \(total) lines; import the same file again to finish (lines already "
            + "imported are skipped)."
    }
}
