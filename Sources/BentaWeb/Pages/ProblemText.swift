import BentaCore
import Foundation

/// The sentence a page shows for a refusal, in the reader's `strings`: `error_<code>` when the strings have it,
/// else the error's English `detail`. A credit-hold refusal reads `error_credit_hold` filled with its date and its
/// reason, the dunning ladder's reason in the reader's language too (a reason typed by a person stays as typed).
enum ProblemText {
    static func message(
        for error: any Error, code: String, detail: String, in strings: [String: String]
    ) -> String {
        if let hold = error as? CreditHoldRefusal {
            let reason = hold.reasonText?.read("_reason", in: strings) ?? hold.reason
            return hold.message(reason: reason).read("", in: strings) ?? detail
        }
        return strings["error_\(code)"] ?? detail
    }
}
