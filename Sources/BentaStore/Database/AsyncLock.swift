import Foundation

/// A first-in, first-out lock for async code: waiting tasks suspend instead of blocking a thread.
///
/// SQLite admits one writer at a time. If two pooled connections both start a write, the second one waits inside
/// SQLite's busy handler on one of the NIO thread-pool threads, and the first one's next statement may need that
/// very thread. Taking this lock before `BEGIN IMMEDIATE` keeps in-process writers queued as suspended tasks, and
/// leaves the busy timeout for other processes sharing the file.
///
/// A wait is bounded by progress, not by the length of the queue: a waiter gives up with
/// ``StorageError/unavailable(_:)`` when the lock has not changed hands for `timeout` (the holder is stuck), or when
/// it has waited `patience` in all (far more writes arrive than the disk takes). A long queue that moves — forty
/// writers behind one another on a slow, busy disk — is served in full. A cancelled task stops waiting.
///
/// A holder that is long by design (``WriterHold/migration``) stops both clocks while it holds the lock: its waiters
/// neither take it for stuck nor count that time against their patience, and their clocks start again when it hands
/// the lock over. Only ordinary holders are judged stuck.
actor AsyncLock {
    private struct Waiter {
        let id: UInt64
        let arrived: ContinuousClock.Instant
        /// ``pausedTime(at:)`` when the waiter arrived: the time behind long holds before it does not count.
        let pausedAtArrival: Duration
        let hold: WriterHold
        let continuation: CheckedContinuation<Void, any Error>
        let timer: Task<Void, Never>
    }

    let name: String
    /// How long the lock may stay with one holder before its waiters give up.
    let timeout: Duration
    /// How long a waiter waits in all, however the queue moves.
    let patience: Duration
    private var isLocked = false
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    /// When the lock last changed hands (was taken, handed over or released).
    private var lastHandOver = ContinuousClock.now
    /// Since when the present holder holds the lock as a long hold (a migration); nil for an ordinary holder.
    private var longHoldSince: ContinuousClock.Instant?
    /// How long the lock was held by long holds that have ended, in all.
    private var pausedBefore: Duration = .zero

    init(name: String, timeout: Duration, patience: Duration? = nil) {
        self.name = name
        self.timeout = timeout
        self.patience = patience ?? timeout * 4
    }

    func lock(_ hold: WriterHold = .ordinary) async throws {
        if !isLocked {
            isLocked = true
            take(as: hold, at: .now)
            return
        }
        try Task.checkCancellation()
        let id = nextWaiterID
        nextWaiterID += 1
        let arrived = ContinuousClock.now
        let pausedAtArrival = pausedTime(at: arrived)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task {
                    var wakeUp = arrived + min(self.timeout, self.patience)
                    while true {
                        do { try await Task.sleep(until: wakeUp) } catch { return }  // Cancelled: handed over.
                        guard let next = await self.checkProgress(of: id) else { return }
                        wakeUp = next
                    }
                }
                waiters.append(
                    Waiter(
                        id: id, arrived: arrived, pausedAtArrival: pausedAtArrival, hold: hold,
                        continuation: continuation, timer: timer))
            }
        } onCancel: {
            Task { await self.abandon(id, because: CancellationError()) }
        }
    }

    func unlock() {
        let now = ContinuousClock.now
        if let since = longHoldSince {
            pausedBefore += since.duration(to: now)
            longHoldSince = nil
        }
        lastHandOver = now
        if waiters.isEmpty {
            isLocked = false
        } else {
            // Hand the lock straight to the next waiter, in arrival order.
            let next = waiters.removeFirst()
            take(as: next.hold, at: now)
            next.timer.cancel()
            next.continuation.resume()
        }
    }

    private func take(as hold: WriterHold, at now: ContinuousClock.Instant) {
        lastHandOver = now
        longHoldSince = hold == .migration ? now : nil
    }

    /// How long the lock has been held by long holds, in all, up to `now`.
    private func pausedTime(at now: ContinuousClock.Instant) -> Duration {
        pausedBefore + (longHoldSince.map { $0.duration(to: now) } ?? .zero)
    }

    /// A waiter's timer calls this when it wakes: the wait ends if an ordinary holder has kept the lock for `timeout`
    /// or the waiter has waited `patience` (time behind long holds not counted); otherwise the answer is when to look
    /// again (nil: the wait is over).
    private func checkProgress(of id: UInt64) -> ContinuousClock.Instant? {
        guard let waiter = waiters.first(where: { $0.id == id }) else { return nil }
        let now = ContinuousClock.now
        // Behind a long hold neither clock runs: look again later (its hand-over starts the stall clock afresh).
        if longHoldSince != nil { return now + min(timeout, patience) }
        let counted = waiter.arrived.duration(to: now) - (pausedTime(at: now) - waiter.pausedAtArrival)
        let giveUp = now + (patience - counted)
        let stuckSince = lastHandOver + timeout
        if now >= giveUp || now >= stuckSince {
            let waited = waiter.arrived.duration(to: now)
            let reason =
                now >= stuckSince
                ? "\(name) did not move for \(timeout) (waited \(waited) in all)"
                : "waited \(patience) for \(name) without getting it"
            abandon(id, because: StorageError.unavailable(reason))
            return nil
        }
        return min(giveUp, stuckSince)
    }

    /// Ends a wait without the lock; a waiter that already got it is left alone.
    private func abandon(_ id: UInt64, because error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer.cancel()
        waiter.continuation.resume(throwing: error)
    }

    /// Runs `body` while holding the lock, as a `hold` of that kind.
    func withLock<R: Sendable>(
        _ hold: WriterHold = .ordinary, _ body: @Sendable () async throws -> R
    ) async throws -> R {
        try await lock(hold)
        do {
            let result = try await body()
            unlock()
            return result
        } catch {
            unlock()
            throw error
        }
    }
}
