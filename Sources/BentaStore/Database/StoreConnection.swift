import SQLKit

/// The connection a transaction or read hands its body (``AppDatabase/transaction(_:)``, ``AppDatabase/read(_:)``).
///
/// Services only hold it and hand it to stores (`AccountStore(db)`), the change path and the audit writer; they do
/// not import SQLKit, so its query methods are out of their reach and every statement is written in a store.
/// `scripts/check-layers` keeps it so.
public typealias StoreConnection = any SQLDatabase
