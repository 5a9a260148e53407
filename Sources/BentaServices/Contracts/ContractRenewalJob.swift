import BentaCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the contract billing sweep (due invoice drafts) and then the renewal sweep while the server runs: a minute
/// after start (the migrations run first), then every `interval`.
///
/// Every app server may run it; each sweep's claim makes each draft and each renewal task exist once. Billing runs
/// first so that a contract's last entry is invoiced before the renewal sweep marks the contract expired.
public struct ContractRenewalJob: Service {
    let contracts: ContractService
    let invoices: InvoiceService?
    let interval: Duration
    /// How long after start-up the first sweep waits.
    let startDelay: Duration
    let logger: Logger

    public init(
        contracts: ContractService, invoices: InvoiceService? = nil, interval: Duration = .seconds(3600),
        startDelay: Duration = .seconds(60), logger: Logger
    ) {
        self.startDelay = startDelay
        self.contracts = contracts
        self.invoices = invoices
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: startDelay)  // Cancelled at shutdown: the loop below then ends.
            while !Task.isCancelled {
                do {
                    if let drafts = try await invoices?.createDueContractInvoices(), !drafts.isEmpty {
                        logger.info("contract billing sweep", metadata: ["drafts": "\(drafts.count)"])
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("contract billing sweep failed", metadata: ["error": "\(error)"])
                }
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
                try? await Task.sleep(for: interval)
            }
        }
    }
}
