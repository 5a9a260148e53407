import BentaCore
import BentaStore

/// The owner check of every record with an `owner_id` (account, deal, contract): when the owner changes, the
/// viewer must be allowed to give the record away (``Viewer/mayAssign(owner:)``) and the new owner must be able to
/// own it (``User/mayOwnRecords(of:)``).
enum OwnerCheck {
    /// Adds `not_allowed` or `invalid_owner` on `owner_id` to `errors` when `owner` (changed from `previous`; nil
    /// for a new record) may not own the record. `record` names it in the message: "an account", "a deal".
    static func check(
        _ owner: User.ID, previous: User.ID?, record: String, viewer: Viewer, db: StoreConnection,
        into errors: inout ValidationErrors
    ) async throws {
        guard owner != previous else { return }
        if !viewer.mayAssign(owner: owner) {
            errors.add(
                field: "owner_id", code: "not_allowed",
                message: "Only the head of sales or an admin can give \(record) to another owner.")
        } else if let user = try await UserStore(db).find(owner), user.mayOwnRecords(of: viewer.companyID) {
            // A valid owner.
        } else {
            errors.add(field: "owner_id", code: "invalid_owner", message: "Choose an active manager as the owner.")
        }
    }
}
