import Foundation
import Logging
import ServiceLifecycle

/// One piece of work a ``PeriodicJob`` does on every pass: its name in the log, and the work, which answers what to
/// log about the pass (nil when it found nothing to do, so a quiet pass logs nothing).
struct PeriodicStep: Sendable {
    let name: String
    let work: @Sendable () async throws -> Logger.Metadata?

    init(_ name: String, work: @escaping @Sendable () async throws -> Logger.Metadata?) {
        self.name = name
        self.work = work
    }
}

/// The loop every background job of the server runs (the dunning run, the outbox worker, the contract sweeps, the
/// audit sealing): wait `startDelay` (the migrations run at start-up first), then take each step in order every
/// `interval` until graceful shutdown.
///
/// A step that fails is logged as "<name> failed" and the pass goes on with the next step; a cancelled step ends
/// the job quietly, so shutting the server down never ends the service group with an error.
enum PeriodicJob {
    static func run(
        _ steps: [PeriodicStep], startDelay: Duration = .zero, interval: Duration, logger: Logger
    ) async throws {
        try await cancelWhenGracefulShutdown {
            if startDelay > .zero {
                try? await Task.sleep(for: startDelay)  // Cancelled at shutdown: the loop below then ends.
            }
            while !Task.isCancelled {
                for step in steps {
                    do {
                        if let metadata = try await step.work() {
                            logger.info("\(step.name)", metadata: metadata)
                        }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("\(step.name) failed", metadata: ["error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
