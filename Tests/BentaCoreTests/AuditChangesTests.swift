import BentaCore
import Foundation
import Testing

/// The before/after values of audit rows (issue 15): fields read from the record itself, only what changed, and
/// never a secret.
@Suite(.timeLimit(.minutes(20))) struct AuditChangesTests {
    struct Credentials {
        var name: String
        var passwordHash: String
        var smtpPassword: String?
        var apiToken: String
        var tokenHash: String
        var webhookSecret: String
    }

    struct Record {
        struct Fields {
            var name: String
            var email: String?
            var tags: [String]
            var total: Money
        }

        var id: UUID
        var fields: Fields
        var status: RecordStatus
        var credentials: Credentials
        var version: Int64
        var updatedAt: Date
    }

    static func record(name: String = "Tala Foods", email: String? = nil, version: Int64 = 1) -> Record {
        Record(
            id: UUID(uuidString: "01945c30-4b6a-7e02-a1c3-5d7f9b1e3a47")!,
            fields: .init(
                name: name, email: email, tags: ["food"], total: Money(minorUnits: 123_450, currency: .php)),
            status: .active,
            credentials: .init(
                name: "smtp", passwordHash: "$2b$hash", smtpPassword: "hunter2", apiToken: "tok",
                tokenHash: "abc", webhookSecret: "shh"),
            version: version, updatedAt: Date(timeIntervalSince1970: TimeInterval(version)))
    }

    @Test func aSnapshotFlattensFieldsAndLeavesOutSecretsAndBookkeeping() {
        let fields = AuditChanges.snapshot(Self.record(email: "a@b.ph"))
        #expect(fields["name"] == "Tala Foods")
        #expect(fields["email"] == "a@b.ph")
        #expect(fields["tags.0"] == "food")
        #expect(fields["total"] == "PHP 1234.50")
        #expect(fields["status"] == "active")
        #expect(fields["credentials.name"] == "smtp")
        // The audit row itself says which record, so its id is not repeated among the changes.
        #expect(fields["id"] == nil && fields["version"] == nil && fields["updatedAt"] == nil)
        let text = fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        for secret in ["$2b$hash", "hunter2", "tok", "abc", "shh"] {
            #expect(!fields.values.contains(secret), "\(secret) leaked: \(text)")
        }
    }

    @Test func theDenyListNamesEverySecretField() {
        for name in [
            "password", "passwordHash", "password_hash", "smtpPassword", "token", "apiToken", "tokenHash",
            "sessionToken", "csrfToken", "secret", "webhookSecret", "credentials.smtpPassword",
        ] {
            #expect(AuditChanges.isSecret(name), "\(name)")
        }
        for name in ["name", "email", "status", "passwordChangedAt", "notes"] {
            #expect(!AuditChanges.isSecret(name), "\(name)")
        }
    }

    @Test func aDiffHasOnlyTheChangedFieldsFromAndTo() {
        let before = Self.record()
        let after = Self.record(name: "Tala Foods Inc.", email: "hello@tala.ph", version: 2)
        let changes = AuditChanges.diff(before: before, after: after)
        #expect(
            changes == [
                "name": .init(from: "Tala Foods", to: "Tala Foods Inc."),
                "email": .init(from: nil, to: "hello@tala.ph"),
            ])
        #expect(AuditChanges.diff(before: before, after: before).isEmpty)
        let created = AuditChanges.created(before)
        #expect(created["name"] == .init(from: nil, to: "Tala Foods"))
        #expect(created.values.allSatisfy { $0.from == nil })
    }

    @Test func longValuesAndLongListsAreCut() {
        struct Many { var items: [Int] }
        let fields = AuditChanges.snapshot(Many(items: Array(0..<120)))
        #expect(fields["items.49"] == "49" && fields["items.50"] == nil && fields["items.count"] == "120")
        struct Long { var notes: String }
        let long = AuditChanges.snapshot(Long(notes: String(repeating: "x", count: 2000)))
        #expect(long["notes"]?.count == 501)
    }

    @Test func readableNames() {
        #expect(AuditChanges.readableName("billingAddress") == "Billing address")
        #expect(AuditChanges.readableName("lines.0.unitPrice") == "Lines 1 unit price")
        #expect(AuditChanges.readableName("ownerID") == "Owner ID")
    }
}
