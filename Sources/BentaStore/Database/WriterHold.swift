/// How a unit of work holds the SQLite writer queue (``AsyncLock``), read where the queue is taken
/// (``SQLiteAppDatabase/serializingWrites(_:)``).
///
/// An ordinary write (a request's transaction, a job's batch) is short by design: a holder that keeps the queue for
/// the stall limit without handing it over is taken for stuck, and its waiters fail by name. A migration is long by
/// design (a backfill or an index over a million rows): while one holds the queue its waiters' clocks stand still,
/// the stall limit and their patience alike, so ordinary writers queued behind it are served when it ends.
enum WriterHold: Sendable, Equatable {
    case ordinary
    case migration

    /// The hold the current task takes the writer queue with; ``Migrator/migrate(_:now:)`` sets `.migration`.
    @TaskLocal static var current: WriterHold = .ordinary
}
