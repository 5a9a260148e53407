import Foundation
import Logging
import ServiceLifecycle

/// Keeps this server instance alive in the registry while the server runs: a heartbeat every
/// ``ServerInstanceService/heartbeatEvery`` (through the normal write path, in its own task, so it never holds up a
/// request), and the instance marked stopped at graceful shutdown, so that its unfinished claims are free at once.
/// It registers the instance itself when `serve` has not yet (the migrations may still be running).
public struct InstanceHeartbeatJob: Service {
    let instance: ServerInstanceService
    let interval: Duration
    let logger: Logger

    public init(
        instance: ServerInstanceService, interval: Duration = ServerInstanceService.heartbeatEvery, logger: Logger
    ) {
        self.instance = instance
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let beat = PeriodicStep("instance heartbeat") {
            try await instance.heartbeat()
            return nil
        }
        try await PeriodicJob.run([beat], startDelay: interval, interval: interval, logger: logger)
        do {
            try await instance.stop()
        } catch {
            logger.warning("instance stop failed", metadata: ["error": "\(error)"])
        }
    }
}
