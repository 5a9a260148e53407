import BentaCore
import BentaServices
import Foundation

/// The SMTP settings form (admins). Property names are the template's (`email_settings.mustache`).
struct EmailSettingsPage: PageModel {
    var host: String
    var port: String
    var username: String
    var from_address: String
    var from_name: String
    var version: String
    var has_password: Bool
    var is_configured: Bool
    /// Where the test message goes.
    var test_to: String
    var securities: [PageCodeOption]
    var saved: Bool
    var errors: [String: String]
    var has_errors: Bool

    /// The form showing `draft` at `version` (0: nothing saved yet); `testTo` is the test form's address as typed
    /// ("" for `userEmail`).
    static func make(
        _ draft: SMTPSettingsDraft, version: Int64, hasPassword: Bool, saved: Bool, testTo: String, userEmail: String,
        strings: [String: String], errors: [String: String]?
    ) -> EmailSettingsPage {
        EmailSettingsPage(
            host: draft.host, port: draft.port, username: draft.username, from_address: draft.fromAddress,
            from_name: draft.fromName, version: String(version), has_password: hasPassword,
            is_configured: version > 0, test_to: testTo.isEmpty ? userEmail : testTo,
            securities: SMTPSecurity.allCases.map {
                PageCodeOption(
                    code: $0.rawValue, name: strings["smtp_security_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0.rawValue == draft.security)
            },
            saved: saved, errors: errors ?? [:], has_errors: errors.map { !$0.isEmpty } ?? false)
    }
}

/// The outgoing email queue. Property names are the template's (`outbox.mustache`).
struct OutboxPage: PageModel {
    struct Filter {
        var label: String
        var url: String
        var selected: Bool
    }

    struct Message {
        var subject: String
        var to: String
        var kind: String
        var status: String
        var status_code: String
        var attempts: Int
        var created_at: String
        /// When a worker takes the message next (only while it waits in the queue).
        var next_attempt_at: String?
        var sent_at: String?
        var last_error: String?
        var queued_by: String?
    }

    var filters: [Filter]
    var messages: [Message]
    var has_messages: Bool
    var next_url: String?
    var queued: Bool
    var is_admin: Bool

    /// The page for `page` of messages with `status` (nil: all).
    static func make(
        _ page: Page<OutboxMessage>, status: OutboxStatus?, queued: Bool, isAdmin: Bool, directory: PageDirectory,
        strings: [String: String]
    ) -> OutboxPage {
        let statuses: [OutboxStatus?] = [nil] + OutboxStatus.allCases
        return OutboxPage(
            filters: statuses.map { option in
                Filter(
                    label: strings["outbox_status_\(option?.rawValue ?? "all")"] ?? (option?.rawValue ?? "all"),
                    url: Paths.outbox() + QueryString.make([("status", option?.rawValue)]), selected: option == status)
            },
            messages: page.items.map { message in
                Message(
                    subject: message.subject, to: (message.to + message.cc).joined(separator: ", "),
                    kind: message.kind,
                    status: strings["outbox_status_\(message.status.rawValue)"] ?? message.status.rawValue,
                    status_code: message.status.rawValue, attempts: message.attempts,
                    created_at: directory.dateTime(message.createdAt),
                    next_attempt_at: message.nextAttempt.map(directory.dateTime),
                    sent_at: message.sentAt.map(directory.dateTime), last_error: message.lastError,
                    queued_by: message.queuedBy.map(directory.userName))
            },
            has_messages: !page.items.isEmpty,
            next_url: page.nextCursor.map {
                Paths.outbox() + QueryString.make([("status", status?.rawValue), ("cursor", $0)])
            },
            queued: queued, is_admin: isAdmin)
    }
}
