import Foundation

/// A first-in, first-out lock for async code: waiting tasks suspend instead of blocking a thread.
///
/// SQLite admits one writer at a time. If two pooled connections both start a write, the second one waits inside
/// SQLite's busy handler on one of the NIO thread-pool threads, and the first one's next statement may need that
/// very thread. Taking this lock before `BEGIN IMMEDIATE` keeps in-process writers queued as suspended tasks, and
/// leaves the busy timeout for other processes sharing the file.
///
/// A wait is bounded: a task still waiting after `timeout` (a writer is stuck, or far more writes arrive than the
/// disk takes) gives up with ``StorageError/unavailable(_:)`` instead of hanging. A cancelled task stops waiting.
actor AsyncLock {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
        let timer: Task<Void, Never>
    }

    let name: String
    let timeout: Duration
    private var isLocked = false
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0

    init(name: String, timeout: Duration) {
        self.name = name
        self.timeout = timeout
    }

    func lock() async throws {
        if !isLocked {
            isLocked = true
            return
        }
        try Task.checkCancellation()
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (timeout, name) = (self.timeout, self.name)
                let timer = Task {
                    do { try await Task.sleep(for: timeout) } catch { return }  // Cancelled: the lock was handed over.
                    await self.abandon(
                        id, because: StorageError.unavailable("waited \(timeout) for \(name) without getting it"))
                }
                waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
            }
        } onCancel: {
            Task { await self.abandon(id, because: CancellationError()) }
        }
    }

    func unlock() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            // Hand the lock straight to the next waiter, in arrival order.
            let next = waiters.removeFirst()
            next.timer.cancel()
            next.continuation.resume()
        }
    }

    /// Ends a wait without the lock; a waiter that already got it is left alone.
    private func abandon(_ id: UInt64, because error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer.cancel()
        waiter.continuation.resume(throwing: error)
    }

    /// Runs `body` while holding the lock.
    func withLock<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        try await lock()
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
