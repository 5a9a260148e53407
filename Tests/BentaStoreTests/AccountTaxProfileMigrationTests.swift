import BentaCore
import BentaStore
import BentaTestSupport
import Foundation
import SQLKit
import Testing

/// Migration 12 gives the accounts already stored a country (their company's), no VAT registration and the buyer
/// kind `business`, on both engines.
@Suite(.timeLimit(.minutes(20))) struct AccountTaxProfileMigrationTests {
    @Test(arguments: TestEngine.available)
    func accountsStoredBeforeTheMigrationReadWithTheDefaults(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine, migrate: false) { database in
            try await Migrator(migrations: Migrations.all.filter { $0.number < 12 }).migrate(database, now: Date())
            // Two companies, in Singapore and in the Philippines, each with an admin and an account, written with
            // the columns that existed before migration 12.
            let companies = [
                ("01945c30-0000-7000-8000-0000000000a1", "SG", "SGD"),
                ("01945c30-0000-7000-8000-0000000000a2", "PH", "PHP"),
            ]
            try await database.transaction { db in
                for (index, (company, country, currency)) in companies.enumerated() {
                    let user = "01945c30-0000-7000-8000-0000000000b\(index)"
                    let account = "01945c30-0000-7000-8000-0000000000c\(index)"
                    try await db.raw(
                        """
                        INSERT INTO companies (id, name, registered_name, registered_address, is_vat_registered,
                            country, base_currency, time_zone, default_language, created_at, updated_at, version)
                        VALUES (\(bind: company), 'C', 'C', '', \(bind: true), \(bind: country), \(bind: currency),
                            'Asia/Manila', 'en', 0, 0, 1)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO users (id, company_id, email, email_normalized, name, role, language,
                            password_hash, is_active, created_at, updated_at, version)
                        VALUES (\(bind: user), \(bind: company), \(bind: "a\(index)@test.ph"),
                            \(bind: "a\(index)@test.ph"), 'Admin', 'admin', 'en', 'x', \(bind: true), 0, 0, 1)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO accounts (id, company_id, name, sort_name, search_text, tin, phones_json,
                            owner_id, tags_json, status, created_at, updated_at, version)
                        VALUES (\(bind: account), \(bind: company), 'Old Account', 'old account', 'old account',
                            '111222333', '[]', \(bind: user), '[]', 'active', 0, 0, 1)
                        """
                    ).run()
                }
            }
            try await Migrator().migrate(database, now: Date())
            for (index, (company, country, _)) in companies.enumerated() {
                let viewer = Viewer(
                    userID: User.ID(string: "01945c30-0000-7000-8000-0000000000b\(index)")!,
                    companyID: Company.ID(string: company)!, role: .admin)
                let account = try await database.read { db in
                    try await AccountStore(db).find(
                        Account.ID(string: "01945c30-0000-7000-8000-0000000000c\(index)")!, viewer: viewer)
                }
                let fields = try #require(account?.fields)
                #expect(fields.country == CountryCode(rawValue: country))
                #expect(!fields.isVATRegistered)
                #expect(fields.buyerKind == .business)
                #expect(fields.tin?.formatted == "111-222-333-00000")
            }
        }
    }
}
