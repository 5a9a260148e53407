import BentaCore
import BentaStore
import Crypto
import Foundation
import Logging
import ServiceLifecycle

/// The tamper-evident audit trail (issue 15): events are sealed, oldest first, into a per-company chain where link
/// `n` holds SHA-256(link `n−1`'s hash ‖ the event's every field); `verify` recomputes the chain and names the first
/// link whose event is missing or no longer hashes to what was sealed.
///
/// Sealing runs after the fact (the server seals every minute; `benta audit seal` and `verify` seal first), so an
/// audited write never waits for a company-wide chain lock. Two sealers racing (several app instances) cannot fork
/// the chain: a sequence number is taken once (primary key), and the loser stops and tries again later.
public struct AuditChainService: Sendable {
    let database: any AppDatabase
    let clock: AppClock

    public init(database: any AppDatabase, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// What `verify` found.
    public struct Verification: Sendable, Hashable {
        /// Links checked.
        public var checked: Int
        /// Events not sealed yet (written after the last seal).
        public var unsealed: Int
        /// The first broken link: its sequence number, its event id, and why.
        public var firstBroken: (seq: Int64, eventID: String, reason: String)?

        public static func == (lhs: Verification, rhs: Verification) -> Bool {
            lhs.checked == rhs.checked && lhs.unsealed == rhs.unsealed
                && lhs.firstBroken?.seq == rhs.firstBroken?.seq && lhs.firstBroken?.reason == rhs.firstBroken?.reason
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(checked)
            hasher.combine(unsealed)
            hasher.combine(firstBroken?.seq)
        }
    }

    /// The hash of a link: SHA-256 over the previous hash and each field of the event, every part prefixed by its
    /// length so that no two different events give the same input.
    ///
    /// Version 2 (migration 33) adds the request id and the origin. An event with either is hashed as version 2;
    /// an event with neither (every row written before) as version 1, so old links still verify. Clearing both on a
    /// version 2 row changes its hash all the same (the version is the first part).
    public static func linkHash(previous: String, event: AuditEvent) -> String {
        var parts = [
            "v1", previous, event.id.description, event.companyID.description,
            String(event.occurredAt.millisecondsSince1970), event.actorID?.description ?? "", event.action,
            event.entityType, event.entityID, event.details,
        ]
        if event.requestID != nil || event.origin != nil {
            parts[0] = "v2"
            parts += [event.requestID.map { "r:" + $0 } ?? "-", event.origin.map { "o:" + $0 } ?? "-"]
        }
        var input = Data()
        for part in parts {
            let bytes = Data(part.utf8)
            input.append(contentsOf: Array("\(bytes.count):".utf8))
            input.append(bytes)
        }
        return HexText.lowercase(SHA256.hash(data: input))
    }

    /// Seals every unsealed event of the company, in batches; returns how many were sealed now.
    @discardableResult
    public func seal(companyID: Company.ID, batch: Int = 500) async throws -> Int {
        var sealed = 0
        while true {
            let clock = clock
            let added = try await database.transaction { db -> Int in
                let store = AuditChainStore(db)
                let events = try await store.unsealed(companyID: companyID, limit: batch)
                guard !events.isEmpty else { return 0 }
                let head = try await store.head(companyID: companyID)
                var seq = head?.seq ?? 0
                var previous = head?.hash ?? ""
                for event in events {
                    seq += 1
                    let hash = Self.linkHash(previous: previous, event: event)
                    // Another sealer took this number: stop; this batch rolls back and the next run goes on.
                    guard
                        try await store.insert(
                            AuditLink(seq: seq, eventID: event.id.description, hash: hash), companyID: companyID,
                            at: clock.now())
                    else { throw SealRace() }
                    previous = hash
                }
                try await store.dequeue(events.map(\.id.description))
                return events.count
            }
            sealed += added
            if added < batch { return sealed }
        }
    }

    struct SealRace: Error {}

    /// Seals what is unsealed, then checks the whole chain from the first link.
    public func verify(companyID: Company.ID) async throws -> Verification {
        do { try await seal(companyID: companyID) } catch is SealRace {}
        var result = Verification(checked: 0, unsealed: 0, firstBroken: nil)
        var previous = ""
        var after: Int64 = 0
        outer: while true {
            let start = after
            let page = try await database.read { db in
                try await AuditChainStore(db).links(companyID: companyID, after: start, limit: 1000)
            }
            guard !page.isEmpty else { break }
            for (link, event) in page {
                result.checked += 1
                if link.seq != after + 1 {
                    result.firstBroken = (link.seq, link.eventID, "link \(after + 1) is missing")
                    break outer
                }
                guard let event else {
                    result.firstBroken = (link.seq, link.eventID, "the event was deleted")
                    break outer
                }
                if Self.linkHash(previous: previous, event: event) != link.hash {
                    result.firstBroken = (link.seq, link.eventID, "the event or an earlier link was changed")
                    break outer
                }
                previous = link.hash
                after = link.seq
            }
        }
        result.unsealed = try await database.read { db in
            try await AuditChainStore(db).unsealedCount(companyID: companyID)
        }
        return result
    }

    /// Every company's id.
    public func companyIDs() async throws -> [Company.ID] {
        try await database.read { db in try await AuditChainStore(db).companyIDs() }
    }
}

/// Seals the audit log of every company every minute while the server runs.
public struct AuditSealJob: Service {
    let chain: AuditChainService
    let interval: Duration
    let logger: Logger

    public init(chain: AuditChainService, interval: Duration = .seconds(60), logger: Logger) {
        self.chain = chain
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let sealing = PeriodicStep("audit sealing") {
            for company in try await chain.companyIDs() {
                do { try await chain.seal(companyID: company) } catch is AuditChainService.SealRace {}
            }
            return nil
        }
        try await PeriodicJob.run([sealing], interval: interval, logger: logger)
    }
}
