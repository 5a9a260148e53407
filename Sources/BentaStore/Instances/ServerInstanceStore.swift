import BentaCore
import Foundation
import SQLKit

/// One running (or once running) `benta serve` process: what its row in `server_instances` holds.
public struct ServerInstance: Sendable, Hashable {
    /// Random per process start.
    public var id: String
    public var host: String
    public var pid: Int
    /// The machine boot and PID namespace of the process ("" where unknown): two rows with the same non-empty space
    /// can tell each other's pids.
    public var processSpace: String
    public var startedAt: Date
    public var heartbeatAt: Date
    public var stoppedAt: Date?

    public init(
        id: String, host: String, pid: Int, processSpace: String, startedAt: Date, heartbeatAt: Date,
        stoppedAt: Date? = nil
    ) {
        self.id = id
        self.host = host
        self.pid = pid
        self.processSpace = processSpace
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.stoppedAt = stoppedAt
    }
}

/// The registry of server instances. An instance is live while it has not stopped and its heartbeat is not older
/// than the bound the caller passes as `liveSince` (the services keep the bound in one place).
public struct ServerInstanceStore: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) {
        self.db = db
    }

    public func register(_ instance: ServerInstance) async throws {
        try await db.raw(
            """
            INSERT INTO server_instances (id, host, pid, process_space, started_at, heartbeat_at, stopped_at)
            VALUES (\(bind: instance.id), \(bind: instance.host), \(bind: Int64(instance.pid)),
                \(bind: instance.processSpace), \(bind: instance.startedAt.millisecondsSince1970),
                \(bind: instance.heartbeatAt.millisecondsSince1970),
                \(bind: instance.stoppedAt?.millisecondsSince1970))
            """
        ).run()
    }

    /// Refreshes the heartbeat of a running instance (and clears a stop another process wrongly recorded: the
    /// process that beats is running); false when the row is missing.
    public func heartbeat(_ id: String, at now: Date) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE server_instances SET heartbeat_at = \(bind: now.millisecondsSince1970), stopped_at = NULL
            WHERE id = \(bind: id)
            RETURNING id
            """
        ).all()).isEmpty
    }

    /// Marks the instance stopped (a clean shutdown, or a process found gone); a stopped one stays as it was.
    public func stop(_ id: String, at now: Date) async throws {
        try await db.raw(
            """
            UPDATE server_instances SET stopped_at = \(bind: now.millisecondsSince1970)
            WHERE id = \(bind: id) AND stopped_at IS NULL
            """
        ).run()
    }

    /// The instances of `processSpace` not marked stopped, other than `except`: the neighbours a new process can
    /// check by pid.
    public func running(in processSpace: String, except: String) async throws -> [ServerInstance] {
        try await db.raw(
            """
            SELECT * FROM server_instances
            WHERE process_space = \(bind: processSpace) AND stopped_at IS NULL AND id <> \(bind: except)
            """
        ).all().map(Self.decode)
    }

    public func instance(_ id: String) async throws -> ServerInstance? {
        try await db.raw("SELECT * FROM server_instances WHERE id = \(bind: id)").first().map(Self.decode)
    }

    /// Which of `ids` are live: not stopped, heartbeat at or after `liveSince` (one query).
    public func live(among ids: Set<String>, liveSince: Date) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT id FROM server_instances WHERE id IN (\(binds: ids.sorted())) AND stopped_at IS NULL
                AND heartbeat_at >= \(bind: liveSince.millisecondsSince1970)
            """
        ).all()
        return Set(try rows.map { try $0.string("id") })
    }

    /// SQL that is true when the instance named by `column` is live (for the stores that read claims).
    static func isLive(_ column: String, liveSince: Date) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM server_instances live_instance WHERE live_instance.id = \(unsafeRaw: column)
            AND live_instance.stopped_at IS NULL
            AND live_instance.heartbeat_at >= \(bind: liveSince.millisecondsSince1970))
        """
    }

    static func decode(_ row: any SQLRow) throws -> ServerInstance {
        ServerInstance(
            id: try row.string("id"), host: try row.string("host"), pid: Int(try row.int64("pid")),
            processSpace: try row.string("process_space"), startedAt: try row.date("started_at"),
            heartbeatAt: try row.date("heartbeat_at"), stoppedAt: try row.optionalDate("stopped_at"))
    }
}
