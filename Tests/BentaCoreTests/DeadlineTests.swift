import BentaCore
import Foundation
import Testing

/// Waits that ignore cancellation are still bounded by ``Deadline``.
@Suite(.timeLimit(.minutes(20))) struct DeadlineTests {
    struct Expired: Error {}

    /// A wait that never ends and ignores cancellation, like a lease from a pool whose run loop has stopped.
    static func waitForever() async {
        await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
    }

    @Test func aWaitThatIgnoresCancellationEndsAtTheDeadline() async throws {
        await #expect(throws: Expired.self) {
            try await Deadline.run(.milliseconds(200), expired: { Expired() }) {
                await Self.waitForever()
                return 1
            }
        }
    }

    @Test func aCancelledCallerStopsWaitingAtOnce() async throws {
        let (started, signalStarted) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await Deadline.run(.seconds(60), expired: { Expired() }) {
                signalStarted.yield()
                await Self.waitForever()
                return 1
            }
        }
        for await _ in started { break }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func workThatMayNotBeAbandonedRunsToItsEnd() async throws {
        let value = try await Deadline.run(.milliseconds(50), abandon: { false }, expired: { Expired() }) {
            try await Task.sleep(for: .milliseconds(300))
            return 7
        }
        #expect(value == 7)
    }

    @Test func workThatEndsInTimeGivesItsResultOrError() async throws {
        #expect(try await Deadline.run(.seconds(5), expired: { Expired() }) { 3 } == 3)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await Deadline.run(.seconds(5), expired: { Expired() }) { () async throws -> Int in throw Refused() }
        }
    }
}
