import Foundation

/// The outgoing email pages: SMTP settings with a test message, and the outbox.
extension Paths {
    static let emailSettings = "/settings/email"
    static let emailTest = "/settings/email/test"
    static let outbox = "/settings/outbox"
}
