import BentaCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the dunning ladder while the server runs: a minute after start (the migrations run first), then every
/// `interval` (hourly). Each run decides every company on its own today; a run that finds nothing new to do does
/// nothing, so running it hourly, and on every app server, takes each step once.
public struct DunningJob: Service {
    let dunning: DunningService
    var interval: Duration
    /// How long after start-up the first run waits.
    var startDelay: Duration
    let logger: Logger

    public init(
        dunning: DunningService, interval: Duration = .seconds(3600), startDelay: Duration = .seconds(60),
        logger: Logger
    ) {
        self.dunning = dunning
        self.interval = interval
        self.startDelay = startDelay
        self.logger = logger
    }

    public func run() async throws {
        let run = PeriodicStep("dunning run") {
            let summary = try await dunning.runDue()
            guard summary.totalSteps > 0 || !summary.promisesDecided.isEmpty else { return nil }
            return [
                "steps": "\(summary.totalSteps)", "promises": "\(summary.promisesDecided.values.reduce(0, +))",
                "calls": "\(summary.callsOpened)",
            ]
        }
        try await PeriodicJob.run([run], startDelay: startDelay, interval: interval, logger: logger)
    }
}
