import BentaCore
import BentaStore
import Foundation

/// The one search box over accounts, contacts and leads.
public struct SearchService: Sendable {
    let database: any AppDatabase

    public func search(_ text: String, viewer: Viewer, limit: Int = 20) async throws -> [SearchHit] {
        guard text.count <= 200 else {
            var errors = ValidationErrors()
            errors.add(field: "q", code: "too_long", message: "Search for at most 200 characters.")
            throw errors
        }
        return try await database.read { db in try await SearchStore(db).search(text, viewer: viewer, limit: limit) }
    }
}

/// A record that may be the same as the one being entered, and why.
public struct DuplicateMatch<Record: Sendable>: Sendable {
    public enum Reason: String, Sendable, Hashable {
        case samePhone = "same_phone"
        case sameEmail = "same_email"
        case sameTIN = "same_tin"
        case similarName = "similar_name"
    }

    public var record: Record
    public var reasons: [Reason]
}

/// The records a new lead may duplicate (``DuplicateService/lead(like:viewer:)``).
public struct LeadDuplicates: Sendable {
    public var accounts: [DuplicateMatch<Account>]
    public var contacts: [DuplicateMatch<Contact>]
    public var leads: [DuplicateMatch<Lead>]

    /// Nothing matched.
    public var isEmpty: Bool { accounts.isEmpty && contacts.isEmpty && leads.isEmpty }
}

/// Finds likely duplicates (same normalized phone, email or TIN; very similar name) among what the viewer sees,
/// and merges two accounts or two contacts keeping all history.
public struct DuplicateService: Sendable, ChangesVersionedRecords {
    let database: any AppDatabase
    let clock: AppClock
    let audit: AuditWriter

    /// Accounts that look like these fields; `excluding` leaves out the account being edited.
    public func accounts(
        like fields: AccountFields, excluding: Account.ID? = nil, viewer: Viewer
    ) async throws
        -> [DuplicateMatch<Account>]
    {
        try await database.read { db in
            try await Self.accounts(like: fields, excluding: excluding, viewer: viewer, db: db)
        }
    }

    static func accounts(
        like fields: AccountFields, excluding: Account.ID?, viewer: Viewer, db: StoreConnection
    )
        async throws -> [DuplicateMatch<Account>]
    {
        let store = AccountStore(db)
        var reasons: [Account.ID: Set<DuplicateMatch<Account>.Reason>] = [:]
        var found: [Account.ID: Account] = [:]
        let points = ContactPointStore(db)
        for phone in fields.phones {
            for match in try await points.matches(companyID: viewer.companyID, kind: "phone", value: phone.e164) {
                reasons[match.accountID, default: []].insert(.samePhone)
            }
        }
        if let email = fields.email {
            for match in try await points.matches(companyID: viewer.companyID, kind: "email", value: email.normalized) {
                reasons[match.accountID, default: []].insert(.sameEmail)
            }
        }
        let candidates = try await store.candidates(
            tinBase: fields.tin?.baseNumber, firstWord: NameSimilarity.firstWord(fields.name), viewer: viewer)
        for candidate in candidates {
            found[candidate.id] = candidate
            if let tin = fields.tin, candidate.fields.tin?.baseNumber == tin.baseNumber {
                reasons[candidate.id, default: []].insert(.sameTIN)
            }
            if NameSimilarity.isLikelySame(candidate.fields.name, fields.name) {
                reasons[candidate.id, default: []].insert(.similarName)
            }
        }
        let missing = reasons.keys.filter { found[$0] == nil }
        for account in try await store.find(Array(missing), viewer: viewer) { found[account.id] = account }
        return reasons.compactMap { id, why -> DuplicateMatch<Account>? in
            guard id != excluding, let account = found[id], !why.isEmpty else { return nil }
            return DuplicateMatch(record: account, reasons: why.sorted { $0.rawValue < $1.rawValue })
        }.sorted { $0.record.fields.name < $1.record.fields.name }
    }

    /// How many of an account's contacts the similar-name check compares at most.
    static let similarNameScanLimit = 10_000

    /// Contacts that look like these fields: same phone or email anywhere, or the same name on the same account.
    public func contacts(
        like fields: ContactFields, excluding: Contact.ID? = nil, viewer: Viewer
    ) async throws
        -> [DuplicateMatch<Contact>]
    {
        try await database.read { db in
            var reasons: [Contact.ID: Set<DuplicateMatch<Contact>.Reason>] = [:]
            let points = ContactPointStore(db)
            for phone in fields.phones {
                for match in try await points.matches(companyID: viewer.companyID, kind: "phone", value: phone.e164) {
                    if let contact = match.contactID { reasons[contact, default: []].insert(.samePhone) }
                }
            }
            for email in fields.emails {
                for match in try await points.matches(
                    companyID: viewer.companyID, kind: "email", value: email.normalized)
                {
                    if let contact = match.contactID { reasons[contact, default: []].insert(.sameEmail) }
                }
            }
            // Every contact of the account, a keyset page at a time (once only the first 200 were compared), up to
            // `similarNameScanLimit`: an account with more contacts than that is a directory, not a customer.
            let name = NameSimilarity.normalized(fields.name)
            var page = PageRequest(limit: PageRequest.maximumLimit)
            for _ in 0..<(Self.similarNameScanLimit / PageRequest.maximumLimit) {
                let colleagues = try await ContactStore(db).list(
                    viewer: viewer, filter: ContactFilter(accountID: fields.accountID), page: page)
                for contact in colleagues.items
                where NameSimilarity.isLikelySame(normalized: name, NameSimilarity.normalized(contact.fields.name)) {
                    reasons[contact.id, default: []].insert(.similarName)
                }
                guard let next = colleagues.nextCursor else { break }
                page.cursor = next
            }
            // The matched contacts in one query, not one per match.
            let ids = reasons.keys.filter { $0 != excluding }
            let found = try await ContactStore(db).find(Array(ids), viewer: viewer)
            return found.compactMap { contact -> DuplicateMatch<Contact>? in
                guard let why = reasons[contact.id] else { return nil }
                return DuplicateMatch(record: contact, reasons: why.sorted { $0.rawValue < $1.rawValue })
            }.sorted { $0.record.fields.name < $1.record.fields.name }
        }
    }

    /// Who a new lead may already be, among what the viewer sees: accounts and contacts with its phone or email
    /// (an unknown caller's number that is a customer's after all) and open leads with them.
    public func lead(like fields: LeadFields, viewer: Viewer) async throws -> LeadDuplicates {
        try await database.read { db in
            var points: [(kind: String, value: String)] = []
            if let phone = fields.phone { points.append(("phone", phone.e164)) }
            if let email = fields.email { points.append(("email", email.normalized)) }
            guard !points.isEmpty else { return LeadDuplicates(accounts: [], contacts: [], leads: []) }
            var accountReasons: [Account.ID: Set<DuplicateMatch<Account>.Reason>] = [:]
            var contactReasons: [Contact.ID: Set<DuplicateMatch<Contact>.Reason>] = [:]
            let store = ContactPointStore(db)
            for point in points {
                let reason: DuplicateMatch<Account>.Reason = point.kind == "phone" ? .samePhone : .sameEmail
                for match in try await store.matches(companyID: viewer.companyID, kind: point.kind, value: point.value)
                {
                    if let contact = match.contactID {
                        contactReasons[contact, default: []].insert(reason == .samePhone ? .samePhone : .sameEmail)
                    } else {
                        accountReasons[match.accountID, default: []].insert(reason)
                    }
                }
            }
            let accounts = try await AccountStore(db).find(Array(accountReasons.keys), viewer: viewer)
            let contacts = try await ContactStore(db).find(Array(contactReasons.keys), viewer: viewer)
            let leads = try await LeadStore(db).openLeads(
                companyID: viewer.companyID, phone: fields.phone?.e164, email: fields.email?.normalized
            ).filter { lead in
                switch viewer.scope {
                case .wholeCompany: true
                case .ownedOrShared(let user): lead.fields.ownerID == user
                }
            }
            return LeadDuplicates(
                accounts: accounts.compactMap { account in
                    accountReasons[account.id].map {
                        DuplicateMatch(record: account, reasons: $0.sorted { $0.rawValue < $1.rawValue })
                    }
                }.sorted { $0.record.fields.name < $1.record.fields.name },
                contacts: contacts.compactMap { contact in
                    contactReasons[contact.id].map {
                        DuplicateMatch(record: contact, reasons: $0.sorted { $0.rawValue < $1.rawValue })
                    }
                }.sorted { $0.record.fields.name < $1.record.fields.name },
                leads: leads.map { lead in
                    var why: [DuplicateMatch<Lead>.Reason] = []
                    if let phone = fields.phone, lead.fields.phone?.e164 == phone.e164 { why.append(.samePhone) }
                    if let email = fields.email, lead.fields.email?.normalized == email.normalized {
                        why.append(.sameEmail)
                    }
                    return DuplicateMatch(record: lead, reasons: why)
                }.sorted { $0.record.displayName < $1.record.displayName })
        }
    }

    /// Merges `victim` into `survivor` (heads and admins only): every contact, timeline entry, task, meeting,
    /// phone, email and tag moves over; empty fields of the survivor are filled from the victim; the victim stays,
    /// archived and marked as merged. One transaction.
    public func mergeAccounts(
        _ victimID: Account.ID, into survivorID: Account.ID, viewer: Viewer
    ) async throws
        -> Account
    {
        try Self.checkMerge(victimID, into: survivorID, by: viewer, records: "accounts")
        let (changes, audit) = (changes, audit)
        return try await database.transaction { db in
            let store = AccountStore(db)
            guard let victim = try await store.find(victimID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "account")
            }
            let survivor = try await changes.change(
                AccountService.changeTarget(survivorID, viewer: viewer), expectedVersion: nil, by: viewer, on: db
            ) { survivor, context in
                var f = survivor.fields
                let v = victim.fields
                f.registeredName = f.registeredName ?? v.registeredName
                f.tin = f.tin ?? v.tin
                f.billingAddress = f.billingAddress ?? v.billingAddress
                f.deliveryAddress = f.deliveryAddress ?? v.deliveryAddress
                f.phones += v.phones.filter { phone in !f.phones.contains { $0.e164 == phone.e164 } }
                f.email = f.email ?? v.email
                f.website = f.website ?? v.website
                f.industry = f.industry ?? v.industry
                f.tags += v.tags.filter { !f.tags.contains($0) }
                if let notes = v.notes {
                    f.notes = [f.notes, "Merged from \(v.name): \(notes)"].compactMap { $0 }.joined(separator: "\n")
                }
                try await store.mergeReferences(
                    from: victimID, into: survivorID, companyID: viewer.companyID, at: context.now)
                survivor.fields = f
                return AuditEntry("account.merged", details: ["merged": victimID.description, "name": v.name])
            }
            try await audit.record(
                "account.merged_into", entityType: "account", entityID: victimID.description,
                companyID: viewer.companyID, by: viewer, details: ["into": survivorID.description], on: db)
            return survivor
        }
    }

    /// Merges `victim` into `survivor` (heads and admins only), keeping the victim's timeline, tasks, meetings,
    /// phones and emails. One transaction.
    public func mergeContacts(
        _ victimID: Contact.ID, into survivorID: Contact.ID, viewer: Viewer
    ) async throws
        -> Contact
    {
        try Self.checkMerge(victimID, into: survivorID, by: viewer, records: "contacts")
        let changes = changes
        return try await database.transaction { db in
            let store = ContactStore(db)
            guard let victim = try await store.find(victimID, viewer: viewer, forUpdate: true) else {
                throw RecordError.notFound(entity: "contact")
            }
            return try await changes.change(
                ContactService.changeTarget(survivorID, viewer: viewer), expectedVersion: nil, by: viewer, on: db
            ) { survivor, context in
                try await store.mergeReferences(
                    from: victimID, into: survivor, companyID: viewer.companyID, at: context.now)
                var f = survivor.fields
                let v = victim.fields
                f.position = f.position ?? v.position
                f.phones += v.phones.filter { phone in !f.phones.contains { $0.e164 == phone.e164 } }
                f.emails += v.emails.filter { email in !f.emails.contains { $0.normalized == email.normalized } }
                f.preferredChannel = f.preferredChannel ?? v.preferredChannel
                if let notes = v.notes { f.notes = [f.notes, notes].compactMap { $0 }.joined(separator: "\n") }
                survivor.fields = f
                return AuditEntry("contact.merged", details: ["merged": victimID.description, "name": v.name])
            }
        }
    }

    /// Who may merge and what: heads and admins only, two different records (`records` names them in the message).
    private static func checkMerge<ID: Equatable>(
        _ victimID: ID, into survivorID: ID, by viewer: Viewer, records: String
    ) throws {
        guard viewer.role.mayReassignOwners else {
            throw RecordError.forbidden(detail: "Only the head of sales or an admin can merge \(records).")
        }
        guard victimID != survivorID else {
            throw RecordError.conflict(code: "merge_same_record", detail: "Choose two different \(records).")
        }
    }
}
