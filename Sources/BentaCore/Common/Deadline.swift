import Foundation

/// Bounds a wait that might never end, without waiting for it to end.
///
/// A timeout built from a task group cannot return before its cancelled child returns, so a wait that ignores
/// cancellation (a lease from a PostgreSQL pool whose run loop has stopped, a child process whose exit was missed)
/// hangs the caller anyway. Here the work runs in its own task and the caller resumes at the deadline, or when it is
/// cancelled, if `abandon` agrees to leave the work behind; the work is then cancelled and left to end on its own.
public enum Deadline {
    /// Runs `work` and returns its result. When `limit` passes or the caller is cancelled, `abandon()` is asked
    /// whether the work may be left behind from now on: if it says yes, the caller gets `expired()` (or
    /// `CancellationError`) at once and the work is cancelled; if no (the work holds something it must finish with,
    /// e.g. a leased connection), the caller waits for the work. `abandon` must decide atomically with the work.
    public static func run<R: Sendable>(
        _ limit: Duration, abandon: @escaping @Sendable () -> Bool = { true },
        expired: @escaping @Sendable () -> any Error,
        _ work: @escaping @Sendable () async throws -> R
    ) async throws -> R {
        let outcome = Outcome<R>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.start(continuation)
                let worker = Task {
                    do {
                        outcome.finish(.success(try await work()))
                    } catch {
                        outcome.finish(.failure(error))
                    }
                }
                let timer = Task {
                    do { try await Task.sleep(for: limit) } catch { return }
                    if abandon(), outcome.finish(.failure(expired())) { worker.cancel() }
                }
                outcome.attach(worker: worker, timer: timer)
            }
        } onCancel: {
            outcome.cancel(abandoning: abandon())
        }
    }

    /// The caller's continuation, resumed exactly once, by whichever comes first.
    private final class Outcome<R: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<R, any Error>?
        private var result: Result<R, any Error>?
        private var worker: Task<Void, Never>?
        private var timer: Task<Void, Never>?
        private var cancelledEarly = false

        func start(_ continuation: CheckedContinuation<R, any Error>) {
            lock.withLock { self.continuation = continuation }
        }

        func attach(worker: Task<Void, Never>, timer: Task<Void, Never>) {
            let (cancelWorker, isDone) = lock.withLock { () -> (Bool, Bool) in
                self.worker = worker
                self.timer = timer
                return (cancelledEarly, result != nil)
            }
            if cancelWorker { worker.cancel() }
            if isDone { timer.cancel() }
        }

        /// Resumes the caller with `result` unless it was resumed already; true when this call resumed it.
        @discardableResult
        func finish(_ result: Result<R, any Error>) -> Bool {
            let (continuation, timer) = lock.withLock {
                () -> (CheckedContinuation<R, any Error>?, Task<Void, Never>?) in
                guard self.result == nil else { return (nil, nil) }
                self.result = result
                defer { self.continuation = nil }
                return (self.continuation, self.timer)
            }
            guard let continuation else { return false }
            timer?.cancel()
            continuation.resume(with: result)
            return true
        }

        /// The caller was cancelled: the work is cancelled too, and the caller stops waiting if it may abandon it.
        func cancel(abandoning: Bool) {
            let worker = lock.withLock { () -> Task<Void, Never>? in
                if self.worker == nil { cancelledEarly = true }
                return self.worker
            }
            worker?.cancel()
            if abandoning { finish(.failure(CancellationError())) }
        }
    }
}
