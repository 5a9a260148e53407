import BentaTestSupport
import Logging
import Testing

@testable import BentaServices
@testable import BentaWeb

/// `BENTA_JOB_START_DELAY_SECONDS` and `BENTA_JOB_INTERVAL_SECONDS` (for `scripts/scale-out-test`): read into the
/// services' job timing, each job's own default kept when absent, anything but a number of seconds refused.
@Suite(.timeLimit(.minutes(20))) struct JobTimingConfigTests {
    @Test func absentKeepsEveryJobsOwnTiming() throws {
        let config = try AppConfig.fromEnvironment([:])
        #expect(config.services.jobTiming == JobTiming())
        #expect(config.services.jobTiming.startDelay == nil && config.services.jobTiming.interval == nil)
    }

    @Test func secondsAreRead() throws {
        let config = try AppConfig.fromEnvironment([
            "BENTA_JOB_START_DELAY_SECONDS": "2", "BENTA_JOB_INTERVAL_SECONDS": "3",
        ])
        #expect(config.services.jobTiming == JobTiming(startDelay: .seconds(2), interval: .seconds(3)))
    }

    @Test(arguments: ["0", "-1", "1.5", "soon", "86401"])
    func anythingElseIsRefused(_ value: String) throws {
        for name in ["BENTA_JOB_START_DELAY_SECONDS", "BENTA_JOB_INTERVAL_SECONDS"] {
            let error = #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment([name: value]) }
            #expect(error?.description.contains(name) == true)
        }
    }

    @Test func theTimingReplacesEachJobsOwnOnlyWhereSet() async throws {
        try await TestDatabases.withFresh(.sqlite) { database in
            let services = Services(database: database, logger: Logger(label: "job-timing"))
            let own = DunningJob(dunning: services.dunning, logger: services.logger)
            #expect(own.startDelay == .seconds(60) && own.interval == .seconds(3600))
            let kept = JobTiming().applied(to: own)
            #expect(kept.startDelay == .seconds(60) && kept.interval == .seconds(3600))
            let short = JobTiming(startDelay: .seconds(1), interval: .seconds(2))
            let outbox = short.applied(to: OutboxWorker(outbox: services.outbox, logger: services.logger))
            #expect(outbox.startDelay == .seconds(1) && outbox.interval == .seconds(2))
            let billing = JobTiming(interval: .seconds(5)).applied(
                to: ContractRenewalJob(contracts: services.contracts, logger: services.logger))
            #expect(billing.startDelay == .seconds(60) && billing.interval == .seconds(5))
        }
    }
}
