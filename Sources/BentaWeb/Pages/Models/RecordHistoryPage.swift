import BentaCore
import BentaServices
import Foundation

/// A record's full history (`record_history.mustache`): each change, newest first, with who made it, the changed
/// fields from → to under readable names, and the request it came in. Property names are the template's.
struct RecordHistoryPage: PageModel {
    struct Entry {
        var when: String
        var who: String
        var what: String
        var changes: [Field]
        var has_changes: Bool
        var request_id: String
    }

    struct Field {
        var name: String
        var from: String
        var to: String
    }

    var heading: String
    var record_url: String
    var entries: [Entry]
    var older_url: String?

    static func make(
        type: AuditRecordType, id: String, page: Page<AuditHistoryEntry>, directory: PageDirectory,
        strings: [String: String]
    ) -> RecordHistoryPage {
        let entries = page.items.map { entry in
            let changes = entry.changes.map { change in
                Field(
                    name: AuditChanges.readableName(change.field), from: change.change.from ?? "—",
                    to: change.change.to ?? "—")
            }
            return Entry(
                when: directory.dateTime(entry.occurredAt),
                who: entry.actorName ?? entry.origin ?? "",
                what: strings["audit_\(entry.action.replacingOccurrences(of: ".", with: "_"))"] ?? entry.action,
                changes: changes, has_changes: !changes.isEmpty, request_id: entry.requestID ?? "")
        }
        let kind = strings["history_type_\(type.rawValue)"] ?? AuditChanges.readableName(type.rawValue)
        return RecordHistoryPage(
            heading: "\(strings["history_title"] ?? "History"): \(kind)", record_url: recordURL(type, id: id),
            entries: entries,
            older_url: page.nextCursor.map {
                Paths.recordHistory(type.rawValue, id) + QueryString.make([("cursor", $0)])
            })
    }

    /// The record's own page.
    static func recordURL(_ type: AuditRecordType, id: String) -> String {
        guard let uuid = UUID(uuidString: id) else { return Paths.reports() }
        switch type {
        case .account: return Paths.account(.init(uuid))
        case .contact: return Paths.contact(.init(uuid))
        case .lead: return Paths.lead(.init(uuid))
        case .deal: return Paths.deal(.init(uuid))
        case .quote: return Paths.quote(.init(uuid))
        case .contract: return Paths.contract(.init(uuid))
        case .invoice: return Paths.invoice(.init(uuid))
        case .payment: return Paths.payment(.init(uuid))
        case .product: return Paths.product(.init(uuid))
        case .commissionStatement: return Paths.commissionStatementPage(.init(uuid))
        case .task, .meeting, .pipeline, .user: return Paths.reports()
        }
    }

    /// The link to a record's history page, for the record pages.
    static func link(_ type: AuditRecordType, _ id: some CustomStringConvertible) -> String {
        Paths.recordHistory(type.rawValue, id.description)
    }
}

/// The auditors' export page (`audit_export.mustache`): a date range and the CSV download.
struct AuditExportPage: PageModel {
    var action: String
    var from: String
    var to: String
}
