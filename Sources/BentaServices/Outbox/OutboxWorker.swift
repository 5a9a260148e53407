import BentaCore
import Foundation
import Logging
import ServiceLifecycle

/// Sends due outbox messages while the server runs: a pass every `interval`, starting shortly after start-up.
///
/// Every app server may run one; claims make each message go to one worker. On graceful shutdown the worker stops
/// between passes or, mid-send, when the SMTP exchange is cancelled; a message left `sending` is taken again once
/// its lease runs out.
public struct OutboxWorker: Service {
    let outbox: OutboxService
    var interval: Duration
    /// How long after start-up the first pass waits (the migrations run first).
    var startDelay: Duration
    let logger: Logger

    public init(
        outbox: OutboxService, interval: Duration = .seconds(5), startDelay: Duration = .seconds(10), logger: Logger
    ) {
        self.startDelay = startDelay
        self.outbox = outbox
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let pass = PeriodicStep("outbox pass") {
            let result = try await outbox.processDue()
            guard !result.isEmpty else { return nil }
            return [
                "sent": "\(result.sent.count)", "retried": "\(result.retried.count)",
                "failed": "\(result.failed.count)",
            ]
        }
        try await PeriodicJob.run([pass], startDelay: startDelay, interval: interval, logger: logger)
    }
}
