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
    var interval: Duration
    /// How long after start-up the first sweep waits.
    var startDelay: Duration
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
        let billing = PeriodicStep("contract billing sweep") {
            guard let drafts = try await invoices?.createDueContractInvoices(), !drafts.isEmpty else { return nil }
            return ["drafts": "\(drafts.count)"]
        }
        let renewal = PeriodicStep("contract renewal sweep") {
            let result = try await contracts.runRenewalSweep()
            guard result.tasksCreated > 0 || result.expired > 0 else { return nil }
            return ["tasks": "\(result.tasksCreated)", "expired": "\(result.expired)"]
        }
        try await PeriodicJob.run([billing, renewal], startDelay: startDelay, interval: interval, logger: logger)
    }
}
