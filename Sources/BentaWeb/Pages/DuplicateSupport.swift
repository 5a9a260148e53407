import BentaCore
import BentaServices
import Foundation

/// One likely duplicate in a form's warning or a merge box: the record, its link and why it matched.
struct DuplicateRow {
    var id: String
    var name: String
    var url: String
    /// The reasons it matched, translated and joined.
    var reasons: String
}

/// Turning duplicate matches into rows for the forms and the merge box.
enum DuplicateRows {
    static func reasons<Record>(_ match: DuplicateMatch<Record>, strings: [String: String]) -> String {
        match.reasons.map { strings["reason_\($0.rawValue)"] ?? $0.rawValue }.joined(separator: ", ")
    }

    static func accounts(_ matches: [DuplicateMatch<Account>], strings: [String: String]) -> [DuplicateRow] {
        matches.map {
            DuplicateRow(
                id: $0.record.id.description, name: $0.record.fields.name, url: Paths.account($0.record.id),
                reasons: reasons($0, strings: strings))
        }
    }

    static func contacts(_ matches: [DuplicateMatch<Contact>], strings: [String: String]) -> [DuplicateRow] {
        matches.map {
            DuplicateRow(
                id: $0.record.id.description, name: $0.record.fields.name, url: Paths.contact($0.record.id),
                reasons: reasons($0, strings: strings))
        }
    }
}
