import ArgumentParser
import BentaCore
import BentaServices
import Foundation

/// `benta jobs daily`: the periodic work, for a cron job or a one-off run (the server also runs it hourly).
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Run background jobs once.", subcommands: [Daily.self])

    struct Daily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create the due contract invoice drafts and the renewal tasks, mark ended contracts expired, run the "
                + "dunning ladder (safe to run repeatedly).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The date to run for (YYYY-MM-DD); today (UTC) when absent.")
        var date: String?

        func run() async throws {
            do {
                var today: CalendarDate?
                if let date {
                    guard let parsed = CalendarDate(iso8601: date) else {
                        throw CommandFailure(description: "--date must be YYYY-MM-DD.")
                    }
                    today = parsed
                }
                let day = today
                let (drafts, result, dunning) = try await withServices(try database.config()) { services in
                    // Billing first, so that a contract's last entry is invoiced before the contract expires.
                    if let today = day {
                        let drafts = try await services.invoices.createDueContractInvoices(today: today)
                        let renewals = try await services.contracts.runRenewalSweep(today: today)
                        return (drafts.count, renewals, try await services.dunning.run(today: today))
                    }
                    let drafts = try await services.invoices.createDueContractInvoices()
                    let renewals = try await services.contracts.runRenewalSweep()
                    return (drafts.count, renewals, try await services.dunning.runDue())
                }
                print("Contract invoice drafts created: \(drafts).")
                print("Renewal tasks created: \(result.tasksCreated). Contracts expired: \(result.expired).")
                let steps = DunningAction.allCases.map { "\($0.rawValue) \(dunning.stepsTaken[$0] ?? 0)" }
                let promises = [PaymentPromiseStatus.kept, .partlyKept, .broken].map {
                    "\($0.rawValue) \(dunning.promisesDecided[$0] ?? 0)"
                }
                print("Dunning steps taken: \(steps.joined(separator: ", ")).")
                print(
                    "Promises decided: \(promises.joined(separator: ", ")). Calls opened: \(dunning.callsOpened). "
                        + "Credit holds placed: \(dunning.holdsPlaced). Emails queued: \(dunning.emailsQueued). "
                        + "Tasks created: \(dunning.tasksCreated).")
            } catch { throw failing(error) }
        }
    }
}
