import BentaCore
import BentaStore
import Foundation

/// The contacts of the benchmark's import comparison (`scripts/bench`): the same rows as a CSV file for
/// `POST /api/v1/imports` and as a plain multi-row bulk insert into the same schema (contacts, search index, phone
/// and email index rows), so the two can be timed against each other in one run.
///
/// Row `n` is a pure function of `n` and `tag` (a different tag for every run, so a second run's emails are new);
/// its company is one of the first accounts of the data set by ID, named as the CSV names it.
public struct ScaleImportRows: Sendable {
    public let rows: Int
    public let tag: String

    public init(rows: Int, tag: String) {
        self.rows = rows
        self.tag = ScaleNames.slug(tag).isEmpty ? "run" : ScaleNames.slug(tag)
    }

    /// The accounts the rows attach to: up to 10,000 of the company's active accounts, oldest first.
    public func accounts(services: Services) async throws -> [(id: Account.ID, name: String)] {
        let limit = min(max(1, rows), 10_000)
        return try await services.database.read { db in
            try await BulkInsert(db).oldestActiveAccounts(limit: limit)
        }
    }

    /// Row `n`: name, position, one mobile and one email.
    func row(
        _ index: Int, accounts: [(id: Account.ID, name: String)]
    ) -> (
        account: (id: Account.ID, name: String), name: String, position: String, phone: String, email: String
    ) {
        var random = ScaleRandom(seed: 4242, stream: 8, index: UInt64(index))
        let person = ScaleNames.person(&random)
        let account = accounts[index % accounts.count]
        // Mobile keys far past the data set's (which stop at 4 × accounts), one per row.
        let phone = ScaleNames.mobile(key: 100_000_000 + UInt64(index), style: random.below(6))
        let email = "\(ScaleNames.slug(person.first)).\(ScaleNames.slug(person.last)).\(tag)-\(index)@bench-import.ph"
        return (account, person.name, ScaleNames.positions[random.below(ScaleNames.positions.count)], phone, email)
    }

    /// The CSV for the import (generic preset: Full Name, Company, Position, Phone, Email).
    public func csv(accounts: [(id: Account.ID, name: String)]) -> String {
        var text = "Full Name,Company,Position,Phone,Email\r\n"
        text.reserveCapacity(rows * 110)
        for index in 0..<rows {
            let row = row(index, accounts: accounts)
            text +=
                [row.name, row.account.name, row.position, row.phone, row.email].map(Self.field)
                .joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// The same rows as contacts, validated as the import validates them.
    public func contacts(
        accounts: [(id: Account.ID, name: String)], companyID: Company.ID, at: Date
    ) throws -> [Contact] {
        var random = SystemRandomNumberGenerator()
        return try (0..<rows).map { index in
            let row = row(index, accounts: accounts)
            var draft = ContactDraft()
            draft.accountID = row.account.id.description
            draft.name = row.name
            draft.position = row.position
            draft.phones = [row.phone]
            draft.emails = [row.email]
            return Contact(
                id: Contact.ID(UUIDv7.make(unixMilliseconds: UInt64(at.millisecondsSince1970), using: &random)),
                companyID: companyID, fields: try draft.validated(defaultCountry: .PH), status: .active,
                createdAt: at, updatedAt: at, version: 1)
        }
    }

    /// Writes `contacts` through ``BulkInsert`` in transactions of `batchSize`; returns the seconds it took.
    public static func bulkInsert(
        _ contacts: [Contact], services: Services, batchSize: Int = 2_000
    ) async throws
        -> Double
    {
        let started = ContinuousClock.now
        var first = 0
        while first < contacts.count {
            let batch = Array(contacts[first..<min(contacts.count, first + batchSize)])
            try await services.database.transaction { db in try await BulkInsert(db).contacts(batch) }
            first += batchSize
        }
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func field(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
