import BentaCore
import Foundation

/// One change in a record's history card: when, who and what (the audit action, translated).
struct HistoryRow {
    var when: String
    var who: String
    var what: String

    static func make(_ event: AuditEvent, directory: PageDirectory, strings: [String: String]) -> HistoryRow {
        HistoryRow(
            when: directory.dateTime(event.occurredAt), who: event.actorID.map(directory.userName) ?? "",
            what: strings["audit_\(event.action.replacingOccurrences(of: ".", with: "_"))"] ?? event.action)
    }
}

/// A phone number shown as a `tel:` link.
struct PhoneLink {
    var display: String
    var tel: String

    init(_ phone: PhoneEntry) {
        display = phone.display
        tel = phone.e164
    }
}
