import BentaStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// This process as a server instance (issue 15, crash safety and two servers on one database): `benta serve`
/// registers it before its port opens (``register()``), ``InstanceHeartbeatJob`` refreshes its heartbeat every
/// ``heartbeatEvery`` and marks it stopped at a clean shutdown. Work that other processes must not take over while
/// this one lives (an `Idempotency-Key` claim, a statement import) records ``currentID``; once the instance is dead
/// (``deadAfter`` without a heartbeat, or stopped) another process may take that work over at once.
///
/// Nothing here is state another server needs: the registry is the `server_instances` table.
public final class ServerInstanceService: @unchecked Sendable {
    let database: any AppDatabase
    let clock: AppClock
    /// This process's instance id (random per start).
    public let id: String
    private let lock = NSLock()
    private var state = State.new
    /// When the oldest heartbeat not yet written began (nil when the last one was written): while it waits in the
    /// SQLite writer queue, behind a long write, no heartbeat of any instance on the file can be written either.
    private var beatWaitingSince: Date?

    /// Where this process's registration stands.
    private enum State {
        case new
        case registered
        /// Stopped cleanly: no more heartbeats, and no new work is claimed for it.
        case stopped
    }

    /// An instance whose heartbeat is older than this is dead: three missed heartbeats.
    public static let deadAfter: TimeInterval = 15
    /// How often a running instance refreshes its heartbeat.
    public static let heartbeatEvery: Duration = .seconds(5)

    init(database: any AppDatabase, clock: AppClock) {
        self.database = database
        self.clock = clock
        id = UUID().uuidString.lowercased()
    }

    /// The instance id to record on claimed work, nil until this process registered (such work falls back to the
    /// time limits of the rows made before instances existed).
    public var currentID: String? {
        lock.withLock { state == .registered ? id : nil }
    }

    /// The oldest heartbeat a live instance may have at `now`.
    public static func liveSince(_ now: Date) -> Date {
        now.addingTimeInterval(-deadAfter)
    }

    /// The oldest heartbeat a live instance may have at `now`, as this process judges it: the time this process's
    /// own heartbeat has been waiting to be written does not count. On SQLite a heartbeat is a write and queues
    /// behind the writer like any other (a write of its own beside the queue would meet SQLite's one-writer lock);
    /// while a long write holds the queue no instance's heartbeat lands, so the bound counts from when this
    /// process's waiting heartbeat began, and a live server never reads as dead because the queue was long. Once
    /// the heartbeat is written the bound is the usual one again (it is stamped when it lands).
    public func liveSince(_ now: Date) -> Date {
        let waiting = lock.withLock { beatWaitingSince }
        return Self.liveSince(min(now, waiting ?? now))
    }

    /// When the heartbeat now waiting to be written began; nil when none waits.
    var heartbeatWaitingSince: Date? {
        lock.withLock { beatWaitingSince }
    }

    /// Registers this process (host, pid, its process space) and marks stopped the instances of the same process
    /// space whose process no longer runs (a SIGKILLed server restarted on the same machine frees its claims at
    /// once, rather than ``deadAfter`` later). Call it after the migrations; calling it again does nothing.
    public func register() async throws {
        guard lock.withLock({ state == .new }) else { return }
        let now = clock.now()
        let space = Self.processSpace()
        let instance = ServerInstance(
            id: id, host: ProcessInfo.processInfo.hostName, pid: Int(ProcessInfo.processInfo.processIdentifier),
            processSpace: space, startedAt: now, heartbeatAt: now)
        try await database.transaction { db in
            let store = ServerInstanceStore(db)
            try await store.register(instance)
            guard !space.isEmpty else { return }
            for other in try await store.running(in: space, except: instance.id) where !Self.isRunning(pid: other.pid) {
                try await store.stop(other.id, at: now)
            }
        }
        lock.withLock { state = .registered }
    }

    /// Refreshes the heartbeat; registers first when the process has not yet (the migrations may have been
    /// running); does nothing once stopped.
    public func heartbeat() async throws {
        switch lock.withLock({ state }) {
        case .new: try await register()
        case .stopped: return
        case .registered:
            let (id, clock) = (id, clock)
            let began = clock.now()
            lock.withLock { beatWaitingSince = beatWaitingSince ?? began }
            // Stamped when it is written, not when it began: a heartbeat that waited behind a long write says the
            // process was alive when it landed.
            _ = try await database.transaction { db in
                try await ServerInstanceStore(db).heartbeat(id, at: clock.now())
            }
            lock.withLock { beatWaitingSince = nil }
        }
    }

    /// Marks this instance stopped (a clean shutdown): its unfinished work is free for others at once.
    public func stop() async throws {
        let wasRegistered = lock.withLock {
            defer { state = .stopped }
            return state == .registered
        }
        guard wasRegistered else { return }
        let (id, now) = (id, clock.now())
        try await database.transaction { db in try await ServerInstanceStore(db).stop(id, at: now) }
    }

    /// Which of `ids` name dead instances (stopped, or no heartbeat within ``deadAfter``), in one query.
    func dead(among ids: Set<String>, on db: StoreConnection) async throws -> Set<String> {
        let live = try await ServerInstanceStore(db).live(among: ids, liveSince: liveSince(clock.now()))
        return ids.subtracting(live)
    }

    /// The boot and PID namespace of this process on Linux ("" elsewhere): processes that share it see each
    /// other's pids.
    static func processSpace() -> String {
        #if os(Linux)
            guard
                let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
                let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
            else { return "" }
            return boot.trimmingCharacters(in: .whitespacesAndNewlines) + " " + namespace
        #else
            return ""
        #endif
    }

    /// False only when no process has the pid (a pid reused by another process counts as running: its instance
    /// then dies by the heartbeat bound).
    static func isRunning(pid: Int) -> Bool {
        guard pid > 0, pid != Int(ProcessInfo.processInfo.processIdentifier) else { return true }
        return kill(pid_t(pid), 0) == 0 || errno != ESRCH
    }
}
