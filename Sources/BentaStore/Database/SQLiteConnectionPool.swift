import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A fixed set of ``SQLiteHandle``s to one file, leased one caller at a time, with a thread for each on which their
/// blocking calls run.
///
/// Issue 11: AsyncKit's pool leased a connection through event-loop futures and ran the caller's work in a task of its
/// own, started from the loop: several thread hops per lease, which with the statements' own hops made up much of a
/// short request's CPU. Here a lease is a lock and an array (a suspended task only when every connection is out), and
/// the caller's work runs in the caller's task, with its task-local values.
final class SQLiteConnectionPool: Sendable {
    let threadPool: NIOThreadPool
    private let opener: Opener
    private let waitLimit: Duration
    private let state: NIOLockedValueBox<State>

    private struct State {
        var idle: [SQLiteHandle]
        /// Connections open, idle or leased; at most `limit`.
        var opened: Int
        let limit: Int
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        var isClosed = false
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<SQLiteHandle, any Error>
        /// Fails the wait once the limit passes; cancelled when a connection is handed over first.
        var timer: Scheduled<Void>?
    }

    /// Opens the first connection to `path` and runs `prepare` on it (its pragmas), so a file that cannot be opened
    /// fails here; the others, up to `count`, open when a lease finds none free (a command that runs one statement
    /// at a time opens one).
    static func open(
        path: String, count: Int, waitLimit: Duration, prepare: @escaping @Sendable (SQLiteHandle) throws -> Void
    ) async throws -> SQLiteConnectionPool {
        let threadPool = NIOThreadPool(numberOfThreads: count)
        threadPool.start()
        let opener = Opener(path: path, prepare: prepare)
        do {
            let first = try await threadPool.runIfActive { try opener.open() }
            return SQLiteConnectionPool(
                threadPool: threadPool, first: first, limit: count, opener: opener, waitLimit: waitLimit)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private init(threadPool: NIOThreadPool, first: SQLiteHandle, limit: Int, opener: Opener, waitLimit: Duration) {
        self.threadPool = threadPool
        self.opener = opener
        self.waitLimit = waitLimit
        self.state = NIOLockedValueBox(State(idle: [first], opened: 1, limit: limit))
    }

    /// Opens a connection and readies it.
    private struct Opener: Sendable {
        let path: String
        let prepare: @Sendable (SQLiteHandle) throws -> Void

        func open() throws -> SQLiteHandle {
            let handle = try SQLiteHandle.open(path: path)
            do {
                try prepare(handle)
            } catch {
                handle.close()
                throw error
            }
            return handle
        }
    }

    /// Runs `body` with a connection of its own, given back when it ends (also when it throws).
    func withHandle<R>(_ body: (SQLiteHandle) async throws -> R) async throws -> R {
        let handle = try await lease()
        do {
            let result = try await body(handle)
            release(handle)
            return result
        } catch {
            release(handle)
            throw error
        }
    }

    /// Closes every connection (those out on lease when they come back) and stops the threads; later leases fail.
    func close() async {
        let waiters = state.withLockedValue { state in
            state.isClosed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: SQLiteStatementError.closed)
        }
        let idle = state.withLockedValue { state in
            defer { state.idle = [] }
            return state.idle
        }
        try? await threadPool.runIfActive { for handle in idle { handle.close() } }
        try? await threadPool.shutdownGracefully()
    }

    private func lease() async throws -> SQLiteHandle {
        enum Immediate {
            case handle(SQLiteHandle)
            case open
            case failure(any Error)
        }
        let immediate: Immediate? = state.withLockedValue { state in
            if state.isClosed { return .failure(SQLiteStatementError.closed) }
            if let handle = state.idle.popLast() { return .handle(handle) }
            guard state.opened < state.limit else { return nil }
            state.opened += 1
            return .open
        }
        switch immediate {
        case .handle(let handle): return handle
        case .failure(let error): throw error
        case .open:
            let opener = opener
            do {
                return try await threadPool.runIfActive { try opener.open() }
            } catch {
                state.withLockedValue { $0.opened -= 1 }
                throw error
            }
        case nil: break
        }
        let id = state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        let limit = waitLimit
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SQLiteHandle, any Error>) in
                let handed: Result<SQLiteHandle, any Error>? = state.withLockedValue { state in
                    if state.isClosed { return .failure(SQLiteStatementError.closed) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let handle = state.idle.popLast() { return .success(handle) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let handed {
                    continuation.resume(with: handed)
                    return
                }
                // Every connection held that long is a fault: the wait fails by name.
                let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .init(limit)) {
                    self.giveUp(id, SQLiteStatementError.leaseTimedOut(limit))
                }
                let isWaiting = state.withLockedValue { state in
                    guard let place = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
                    state.waiters[place].timer = timer
                    return true
                }
                if !isWaiting { timer.cancel() }
            }
        } onCancel: {
            giveUp(id, CancellationError())
        }
    }

    private func giveUp(_ id: UInt64, _ error: any Error) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let place = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: place)
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(throwing: error)
    }

    private func release(_ handle: SQLiteHandle) {
        enum Next {
            case hand(Waiter)
            case close
            case none
        }
        let next: Next = state.withLockedValue { state in
            if !state.waiters.isEmpty { return .hand(state.waiters.removeFirst()) }
            if state.isClosed { return .close }
            state.idle.append(handle)
            return .none
        }
        switch next {
        case .hand(let waiter):
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: handle)
        case .close: handle.close()
        case .none: break
        }
    }
}

extension SQLiteStatementError {
    static let closed = SQLiteStatementError(code: 21, message: "the database is closed")

    static func leaseTimedOut(_ limit: Duration) -> SQLiteStatementError {
        SQLiteStatementError(code: 5, message: "no SQLite connection came free within \(limit)")
    }
}
