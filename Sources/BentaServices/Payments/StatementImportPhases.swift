import Foundation
import NIOConcurrencyHelpers

/// Where a statement import's time goes, summed over its batches: filing the lines, reading their candidates,
/// matching them and recording the sure ones. The matching benchmark (`benta bench matching`) prints it.
final class StatementImportPhases: Sendable {
    /// One phase of a batch.
    enum Phase: String, CaseIterable, Sendable {
        case fileLines = "file the lines"
        case readCandidates = "read the candidates"
        case match = "match"
        case record = "record the sure ones"
    }

    private let totals = NIOLockedValueBox<[Phase: Duration]>([:])

    /// Runs `work`, adding its time to `phase`.
    func measure<T>(_ phase: Phase, _ work: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            totals.withLockedValue { $0[phase, default: .zero] += elapsed }
        }
        return try await work()
    }

    /// Runs `work` (synchronous), adding its time to `phase`.
    func measureNow<T>(_ phase: Phase, _ work: () throws -> T) rethrows -> T {
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            totals.withLockedValue { $0[phase, default: .zero] += elapsed }
        }
        return try work()
    }

    /// Each phase's seconds, in the order of `Phase`.
    var seconds: [(phase: Phase, seconds: Double)] {
        let totals = totals.withLockedValue { $0 }
        return Phase.allCases.map { phase in
            let elapsed = totals[phase] ?? .zero
            return (phase, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}

extension Optional where Wrapped == StatementImportPhases {
    /// Runs `work`, timing it when there is a timer.
    func measure<T>(_ phase: StatementImportPhases.Phase, _ work: () async throws -> T) async rethrows -> T {
        guard let phases = self else { return try await work() }
        return try await phases.measure(phase, work)
    }

    /// Runs `work` (synchronous), timing it when there is a timer.
    func measureNow<T>(_ phase: StatementImportPhases.Phase, _ work: () throws -> T) rethrows -> T {
        guard let phases = self else { return try work() }
        return try phases.measureNow(phase, work)
    }
}
