import BentaCore
import Foundation

extension TaskItem {
    /// The title and notes a page shows, in the reader's `strings`: a task Benta made (``SystemText``) reads its
    /// message key filled with its arguments; any other task, and a key the strings lack, reads as stored.
    func shown(in strings: [String: String]) -> (title: String, notes: String) {
        guard let text = systemText, let title = text.read("_title", in: strings) else { return (title, notes ?? "") }
        return (title, text.read("_notes", in: strings) ?? notes ?? "")
    }
}

extension Activity {
    /// The subject and body a timeline shows, in the reader's `strings`: an entry Benta wrote (``SystemText``) reads
    /// `<key>_title` and `<key>_notes` filled; an entry a person typed, an older row and a key the strings lack read
    /// as stored (a key without `_notes` keeps the stored body).
    func shown(in strings: [String: String]) -> (subject: String, body: String) {
        guard let text = systemText, let shownSubject = text.read("_title", in: strings) else {
            return (subject, body ?? "")
        }
        return (shownSubject, text.read("_notes", in: strings) ?? body ?? "")
    }
}

extension CreditHold {
    /// The reason a page shows: the dunning ladder's hold reads `<key>_reason` in the reader's `strings`; a hold
    /// placed by hand (the person's words), an older row and a key the strings lack read as stored.
    func shownReason(in strings: [String: String]) -> String {
        systemText?.read("_reason", in: strings) ?? reason
    }
}
