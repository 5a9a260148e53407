import BentaCore
import Foundation

extension TaskItem {
    /// The title and notes a page shows, in the reader's `strings`: a task Benta made (``SystemText``) reads its
    /// message key filled with its arguments; any other task, and a key the strings lack, reads as stored.
    func shown(in strings: [String: String]) -> (title: String, notes: String) {
        guard let text = systemText, let title = strings[text.key + "_title"] else { return (title, notes ?? "") }
        return (text.fill(title), strings[text.key + "_notes"].map(text.fill) ?? notes ?? "")
    }
}
