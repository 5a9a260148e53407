import Foundation

/// A record changed under optimistic concurrency: each saved change raises `version` by one and stamps `updatedAt`.
///
/// The services change such a record through one path only (`ChangePath` in BentaServices), which is the one place
/// that raises the version; a caller's stale version is reported with the stored one.
public protocol VersionedRecord: Sendable {
    associatedtype ID: Hashable, Sendable, CustomStringConvertible
    var id: ID { get }
    /// The number of saved states: 1 when created, one more with every change.
    var version: Int64 { get set }
    var updatedAt: Date { get set }
}

extension VersionedRecord {
    /// Records one saved change made at `now`: the version rises by one and `updatedAt` is stamped. `ChangePath` calls
    /// it for every change; the bulk generator of large data sets calls it for the changes it writes directly.
    public mutating func recordChange(at now: Date) {
        updatedAt = now
        version += 1
    }
}

extension Account: VersionedRecord {}
extension Contact: VersionedRecord {}
extension Lead: VersionedRecord {}
extension Deal: VersionedRecord {}
extension Quote: VersionedRecord {}
extension Contract: VersionedRecord {}
extension ContractAmendment: VersionedRecord {}
extension ContractTemplate: VersionedRecord {}
extension Product: VersionedRecord {}
extension TaskItem: VersionedRecord {}
extension Meeting: VersionedRecord {}
extension User: VersionedRecord {}
extension Company: VersionedRecord {}
extension Invoice: VersionedRecord {}
