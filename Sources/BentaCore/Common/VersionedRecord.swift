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
