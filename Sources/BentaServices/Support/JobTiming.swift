import Foundation

/// When the server's periodic jobs (contract billing and renewal, dunning, the outbox worker) first run and how
/// often. Each field left `nil` keeps every job's own default (billing and dunning a minute after start, then hourly;
/// the outbox 10 s after start, then every 5 s). Set from `BENTA_JOB_START_DELAY_SECONDS` and
/// `BENTA_JOB_INTERVAL_SECONDS`, so that `scripts/scale-out-test` can watch several servers run every job within
/// seconds.
public struct JobTiming: Sendable, Hashable {
    /// How long after start-up every job's first run waits.
    public var startDelay: Duration?
    /// How long every job waits between runs.
    public var interval: Duration?

    public init(startDelay: Duration? = nil, interval: Duration? = nil) {
        self.startDelay = startDelay
        self.interval = interval
    }
}

/// A periodic job whose first run and interval ``JobTiming`` may change.
protocol TimedJob {
    var startDelay: Duration { get set }
    var interval: Duration { get set }
}

extension ContractRenewalJob: TimedJob {}
extension OutboxWorker: TimedJob {}
extension DunningJob: TimedJob {}

extension JobTiming {
    /// The job with this timing where one is set, its own elsewhere.
    func applied<Job: TimedJob>(to job: Job) -> Job {
        var job = job
        if let startDelay { job.startDelay = startDelay }
        if let interval { job.interval = interval }
        return job
    }
}
