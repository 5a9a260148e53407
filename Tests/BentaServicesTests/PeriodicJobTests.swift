import Foundation
import Logging
import Testing

@testable import BentaServices

/// The one loop every background job runs (``PeriodicJob``): steps in order on every pass, a failing step logged
/// under its name without stopping the others or the next pass, and a cancelled step ending the job quietly.
@Suite(.timeLimit(.minutes(20))) struct PeriodicJobTests {
    /// What the steps did and what the job logged, in order.
    actor Journal {
        var entries: [String] = []
        func add(_ entry: String) { entries.append(entry) }
    }

    /// Keeps the job's log lines (level and message) in the journal.
    struct JournalLogHandler: LogHandler {
        let journal: Journal
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let entry = "\(event.level) \(event.message) \(event.metadata?["n"].map { "n=\($0)" } ?? "")"
            let journal = journal
            Task { await journal.add(entry) }
        }
    }

    struct Failure: Error {}

    @Test func stepsRunInOrderAFailureIsLoggedAndCancellationEndsTheJobQuietly() async throws {
        let journal = Journal()
        let logger = Logger(label: "periodic-job-test") { _ in JournalLogHandler(journal: journal) }
        let passes = Counter()
        let first = PeriodicStep("first step") {
            let pass = await passes.next()
            await journal.add("first \(pass)")
            // A pass with something done logs it; a quiet pass logs nothing.
            return pass == 2 ? ["n": "\(pass)"] : nil
        }
        let second = PeriodicStep("second step") {
            let pass = await passes.current
            await journal.add("second \(pass)")
            if pass == 1 { throw Failure() }
            if pass == 3 { throw CancellationError() }
            return nil
        }
        // Returns, rather than throwing, once a step is cancelled.
        try await PeriodicJob.run([first, second], interval: .milliseconds(1), logger: logger)
        // The log handler writes through a task of its own: wait until its lines are in.
        while await journal.entries.count < 8 { await Task.yield() }
        let entries = await journal.entries
        let steps = entries.filter { $0.hasPrefix("first") || $0.hasPrefix("second") }
        #expect(steps == ["first 1", "second 1", "first 2", "second 2", "first 3", "second 3"])
        #expect(entries.contains("error second step failed "))
        #expect(entries.contains("info first step n=2"))
        #expect(entries.filter { $0.hasPrefix("info") || $0.hasPrefix("error") }.count == 2)
    }

    actor Counter {
        var current = 0
        func next() -> Int {
            current += 1
            return current
        }
    }
}
