import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// The server's background jobs end quietly when the server shuts down (a thrown CancellationError would make the
/// service group, and `benta serve`, end with an error on every SIGTERM).
@Suite(.timeLimit(.minutes(20))) struct BackgroundJobsTests {
    @Test func jobsStopWithoutAnErrorOnGracefulShutdown() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let world = try await TestWorld.make(database: database)
            var logger = Logger(label: "jobs-test")
            logger.logLevel = .critical
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [
                        OutboxWorker(
                            outbox: world.services.outbox, interval: .milliseconds(50), startDelay: .zero,
                            logger: logger),
                        ContractRenewalJob(
                            contracts: world.services.contracts, invoices: world.services.invoices,
                            interval: .milliseconds(50), startDelay: .zero, logger: logger),
                    ], logger: logger))
            let stopper = Task {
                try await Task.sleep(for: .milliseconds(300))
                await group.triggerGracefulShutdown()
            }
            try await group.run()
            try await stopper.value
        }
    }
}
