import BentaCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the contract renewal sweep while the server runs: a minute after start (the migrations run first), then
/// every `interval`.
///
/// Every app server may run it; the sweep's claim makes each renewal task exist once.
public struct ContractRenewalJob: Service {
    let contracts: ContractService
    let interval: Duration
    let logger: Logger

    public init(contracts: ContractService, interval: Duration = .seconds(3600), logger: Logger) {
        self.contracts = contracts
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .seconds(60))
            while !Task.isCancelled {
                do {
                    let result = try await contracts.runRenewalSweep()
                    if result.tasksCreated > 0 || result.expired > 0 {
                        logger.info(
                            "contract renewal sweep",
                            metadata: ["tasks": "\(result.tasksCreated)", "expired": "\(result.expired)"])
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("contract renewal sweep failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
