import Foundation

/// A first-in, first-out lock for async code: waiting tasks suspend instead of blocking a thread.
///
/// SQLite admits one writer at a time. If two pooled connections both start a write, the second one waits inside
/// SQLite's busy handler on one of the few NIO thread-pool threads; with enough of them waiting, the thread that
/// should commit the first write never runs. Taking this lock before `BEGIN IMMEDIATE` keeps in-process writers
/// queued as suspended tasks, and leaves the busy timeout for other processes sharing the file.
actor AsyncLock {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !isLocked {
            isLocked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            // Hand the lock straight to the next waiter, in arrival order.
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` while holding the lock.
    func withLock<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        await lock()
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
