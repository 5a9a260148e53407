import Foundation
import Testing

@testable import BentaServices

@Suite("DemoDataset", .timeLimit(.minutes(20)))
struct DemoDatasetTests {
    /// Flattens every field of the dataset into lines so two datasets can be compared exactly.
    static func fingerprint(_ dataset: DemoDataset) -> [String] {
        let company = dataset.company
        var lines = ["company|\(company.name)|\(company.registeredName)|\(company.tinDigits)|\(company.address)"]
        for account in dataset.accounts {
            lines.append(
                [
                    "account", String(account.ownerIndex), account.name, account.registeredName, account.tinDigits,
                    account.industry, account.billingAddress, account.deliveryAddress,
                    account.phones.joined(separator: ","), account.email, account.website,
                    account.tags.joined(separator: ","), account.notes, String(account.isArchived),
                ].joined(separator: "|")
            )
            for contact in account.contacts {
                lines.append(
                    [
                        "contact", contact.name, contact.position, contact.phones.joined(separator: ","),
                        contact.emails.joined(separator: ","), contact.preferredChannel, contact.notes,
                    ].joined(separator: "|")
                )
            }
        }
        return lines
    }

    /// Reduces a PH phone number to its national significant number ("+63 917 123 4567" → "9171234567").
    static func nationalDigits(_ phone: String) -> String {
        var digits = phone.filter(\.isNumber)
        if phone.hasPrefix("+63") {
            digits.removeFirst(2)
        } else if digits.hasPrefix("0") {
            digits.removeFirst()
        }
        return digits
    }

    static func isAllDigits(_ text: String, count: Int) -> Bool {
        text.count == count && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    let dataset = DemoDataset.make()

    @Test func defaultsTo150Accounts() {
        #expect(dataset.accounts.count == 150)
        #expect(DemoDataset.make(accountCount: 12).accounts.count == 12)
        #expect(DemoDataset.make(accountCount: 0).accounts.isEmpty)
        #expect(DemoDataset.make(accountCount: -3).accounts.isEmpty)
    }

    @Test func sameSeedIsIdentical() {
        let first = Self.fingerprint(DemoDataset.make(seed: 2026))
        let second = Self.fingerprint(DemoDataset.make(seed: 2026))
        #expect(first == second)
        #expect(Self.fingerprint(dataset) == first)
        let custom1 = Self.fingerprint(DemoDataset.make(accountCount: 40, seed: 7))
        let custom2 = Self.fingerprint(DemoDataset.make(accountCount: 40, seed: 7))
        #expect(custom1 == custom2)
    }

    @Test func differentSeedDiffers() {
        let base = Self.fingerprint(DemoDataset.make(seed: 2026))
        let other = Self.fingerprint(DemoDataset.make(seed: 2027))
        #expect(base != other)
        #expect(base.first == other.first, "the seller company is fixed")
        let baseNames = DemoDataset.make(seed: 2026).accounts.map(\.name)
        let otherNames = DemoDataset.make(seed: 1).accounts.map(\.name)
        #expect(baseNames != otherNames)
    }

    @Test func sellerCompany() {
        let company = dataset.company
        #expect(company.name == "Bituin Office Solutions")
        #expect(company.registeredName == "Bituin Office Solutions Inc.")
        #expect(company.tinDigits == "00912345600000")
        #expect(Self.isAllDigits(company.tinDigits, count: 14))
        #expect(company.address.contains("Makati"))
    }

    @Test func ownersAreSpreadEvenly() {
        for owner in 0...3 {
            let count = dataset.accounts.filter { $0.ownerIndex == owner }.count
            #expect((30...45).contains(count), "owner \(owner) has \(count) accounts")
        }
        #expect(dataset.accounts.allSatisfy { (0...3).contains($0.ownerIndex) })
    }

    @Test func contactsPerAccount() {
        for account in dataset.accounts {
            #expect((1...3).contains(account.contacts.count), "\(account.name)")
            for contact in account.contacts {
                #expect(!contact.name.isEmpty)
                #expect(!contact.position.isEmpty)
                #expect(!contact.phones.isEmpty)
                #expect(!contact.emails.isEmpty)
                #expect(DemoDataset.channelVocabulary.contains(contact.preferredChannel))
            }
        }
    }

    @Test func tinsAreUniqueAnd14Digits() {
        let tins = dataset.accounts.map(\.tinDigits)
        #expect(tins.allSatisfy { Self.isAllDigits($0, count: 14) })
        #expect(Set(tins).count == tins.count)
        #expect(!tins.contains(dataset.company.tinDigits))
        let bases = tins.map { String($0.prefix(9)) }
        #expect(Set(bases).count == bases.count, "each account is a distinct taxpayer")
    }

    @Test func accountNamesAreUnique() {
        let names = dataset.accounts.map(\.name)
        #expect(Set(names).count == names.count)
        let registered = dataset.accounts.map(\.registeredName)
        #expect(Set(registered).count == registered.count)
        #expect(!registered.contains { $0.contains("Trading Trading") || $0.contains("Enterprises Enterprises") })
        let industries = Set(dataset.accounts.map(\.industry))
        #expect(industries.count >= 10, "accounts span many industries: \(industries.sorted())")
    }

    @Test func phonesAreWellFormedAndUnique() throws {
        let international = try Regex(#"^\+63 ?[0-9 -]+$"#)
        let national = try Regex(#"^0[0-9 -]+$"#)
        var seen: Set<String> = []
        var all: [String] = []
        for account in dataset.accounts {
            #expect((1...2).contains(account.phones.count), "\(account.name)")
            all += account.phones
            for contact in account.contacts { all += contact.phones }
        }
        for phone in all {
            let ok = phone.wholeMatch(of: international) != nil || phone.wholeMatch(of: national) != nil
            #expect(ok, "bad phone format: \(phone)")
            let digits = Self.nationalDigits(phone)
            #expect((9...10).contains(digits.count), "bad phone length: \(phone)")
            #expect(seen.insert(digits).inserted, "duplicate phone: \(phone)")
        }
    }

    @Test func emailsAndWebsitesLookRight() throws {
        let emailPattern = try Regex(#"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$"#)
        var all: [String] = []
        for account in dataset.accounts {
            all.append(account.email)
            for contact in account.contacts { all += contact.emails }
            if !account.website.isEmpty {
                #expect(account.website.hasPrefix("https://"))
                let host = account.website.dropFirst("https://".count)
                #expect(account.email.hasSuffix("@" + host), "\(account.email) vs \(account.website)")
            }
            for contact in account.contacts {
                let domain = account.email.split(separator: "@").last.map(String.init) ?? ""
                #expect(contact.emails.first?.hasSuffix("@" + domain) == true, "\(contact.emails)")
            }
        }
        for email in all {
            #expect(email.wholeMatch(of: emailPattern) != nil, "bad email: \(email)")
        }
        #expect(Set(all).count == all.count, "emails are unique")
        let withoutWebsite = dataset.accounts.filter { $0.website.isEmpty }.count
        #expect(withoutWebsite > 0 && withoutWebsite < dataset.accounts.count / 2)
    }

    @Test func namesIncludeEnye() {
        let names = dataset.accounts.flatMap { [$0.name] + $0.contacts.map(\.name) }
        #expect(names.contains { $0.contains("ñ") })
    }

    @Test func aboutFiveArchived() {
        let archived = dataset.accounts.filter(\.isArchived).count
        #expect((3...8).contains(archived), "archived: \(archived)")
    }

    @Test func tagsComeFromVocabulary() {
        for account in dataset.accounts {
            #expect(account.tags.count <= 3)
            #expect(Set(account.tags).count == account.tags.count)
            #expect(account.tags.allSatisfy { DemoDataset.tagVocabulary.contains($0) }, "\(account.tags)")
            #expect(account.tags.contains("government") == (account.industry == "Government"))
        }
        #expect(dataset.accounts.contains { $0.tags.contains("government") })
    }

    @Test(arguments: [UInt64(1), 42, 99_999, .max])
    func invariantsHoldForOtherSeeds(seed: UInt64) {
        let other = DemoDataset.make(accountCount: 600, seed: seed)
        #expect(other.accounts.count == 600)
        let names = other.accounts.map(\.name)
        #expect(Set(names).count == names.count)
        let tins = other.accounts.map(\.tinDigits)
        #expect(Set(tins).count == tins.count && tins.allSatisfy { Self.isAllDigits($0, count: 14) })
        let phones = other.accounts.flatMap { $0.phones + $0.contacts.flatMap(\.phones) }.map(Self.nationalDigits)
        #expect(Set(phones).count == phones.count)
        let emails = other.accounts.flatMap { [$0.email] + $0.contacts.flatMap(\.emails) }
        #expect(Set(emails).count == emails.count)
        for owner in 0...3 {
            let count = other.accounts.filter { $0.ownerIndex == owner }.count
            #expect((120...180).contains(count), "owner \(owner): \(count)")
        }
        #expect(other.accounts.allSatisfy { (1...3).contains($0.contacts.count) })
    }

    @Test func addressesEndWithZipCode() throws {
        let zipSuffix = try Regex(#", [A-Za-zñÑ .-]+ [0-9]{4}$"#)
        for account in dataset.accounts {
            for address in [account.billingAddress, account.deliveryAddress] {
                #expect(address.firstMatch(of: zipSuffix) != nil, "bad address: \(address)")
                #expect(address.contains("Brgy. "), "missing barangay: \(address)")
            }
        }
    }
}
