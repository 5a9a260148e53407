import BentaCore
import BentaStore
import Foundation

/// The lived-in part of the demo: leads in every status and source, and a few weeks of calls, emails, letters,
/// notes, meetings and tasks for every manager, all relative to "now" so the demo always looks current.
extension DemoLoader {
    func loadActivities(companyID: Company.ID, managers: [User], seed: UInt64 = 7) async throws -> Int {
        let clock = services.clock
        let now = clock.now()
        let zone = TimeZone(identifier: "Asia/Manila") ?? .gmt
        let prospects = DemoDataset.make(accountCount: 48, seed: 90210).accounts
        let everyone = Viewer(userID: managers[0].id, companyID: companyID, role: .admin)
        let accounts = try await services.accounts.list(
            viewer: everyone, filter: AccountFilter(), page: PageRequest(limit: 200)
        ).items
        let (count, toConvert) = try await services.database.transaction { db -> (Int, [(Lead.ID, User)]) in
            var random = DemoSplitMix64(seed: seed)
            var count = 0
            var toConvert: [(Lead.ID, User)] = []
            // Leads: every source and status, spread over the managers and the last 30 days.
            let statuses: [LeadStatus] = [
                .new, .new, .new, .contacted, .contacted, .qualified, .disqualified, .converted,
            ]
            for (index, prospect) in prospects.enumerated() {
                let owner = managers[index % managers.count]
                let person = prospect.contacts[0]
                let created = now.addingTimeInterval(-Double(random.below(30 * 24)) * 3600)
                let status = statuses[index % statuses.count]
                let source = LeadSource.allCases[index % LeadSource.allCases.count]
                let fields = LeadFields(
                    personName: person.name, companyName: prospect.name,
                    phone: try? PhoneEntry(parsing: person.phones[0], defaultCountry: .PH),
                    email: try? EmailAddress(parsing: person.emails[0]), source: source,
                    interest: Self.interests[index % Self.interests.count],
                    province: Self.province(of: prospect.billingAddress), industry: prospect.industry, ownerID: owner.id
                )
                let lead = Lead(
                    id: clock.newID(), companyID: companyID, fields: fields,
                    status: status == .converted ? .qualified : status,
                    disqualifyReason: status == .disqualified ? "No budget until next fiscal year" : nil,
                    createdAt: created, updatedAt: created, version: 1)
                try await LeadStore(db).insert(lead)
                if status == .converted { toConvert.append((lead.id, owner)) }
                if status != .new {
                    try await ActivityStore(db).insert(
                        Activity(
                            id: clock.newID(), companyID: companyID, kind: .call, direction: .outbound,
                            subject: "Intro call", body: "Discussed \(fields.interest ?? "needs"). Will send details.",
                            occurredAt: created.addingTimeInterval(3 * 3600), durationSeconds: 300 + random.below(900),
                            outcome: CallOutcome.reached.rawValue, phone: fields.phone?.e164, leadID: lead.id,
                            userID: owner.id, createdAt: created))
                    count += 1
                }
            }
            // Timelines of accounts: calls, emails, letters and notes by the owner over the last 21 days.
            let subjects = [
                "Follow-up on quotation", "Delivery schedule", "Payment reminder", "Renewal talk",
                "Price inquiry", "Service visit", "New branch requirements",
            ]
            for account in accounts {
                let entries = 1 + random.below(4)
                for step in 0..<entries {
                    let kinds: [Activity.Kind] = [.call, .call, .email, .note, .letter]
                    let kind = kinds[random.below(kinds.count)]
                    let when = now.addingTimeInterval(-Double(random.below(21 * 24) + step) * 3600)
                    try await ActivityStore(db).insert(
                        Activity(
                            id: clock.newID(), companyID: companyID, kind: kind,
                            direction: kind == .note ? nil : (random.below(2) == 0 ? .inbound : .outbound),
                            subject: subjects[random.below(subjects.count)],
                            body: kind == .call ? "Spoke with purchasing; they will confirm by Friday." : nil,
                            occurredAt: when, durationSeconds: kind == .call ? 120 + random.below(1200) : nil,
                            outcome: kind == .call ? CallOutcome.allCases[random.below(3)].rawValue : nil,
                            phone: kind == .call ? account.fields.phones.first?.e164 : nil, accountID: account.id,
                            userID: account.fields.ownerID, createdAt: when))
                    count += 1
                }
            }
            // Meetings and tasks per manager: some past, some today, some ahead; some tasks overdue or done.
            let today = CalendarDate.from(now, in: zone)
            for manager in managers {
                let own = accounts.filter { $0.fields.ownerID == manager.id }
                for step in 0..<8 where !own.isEmpty {
                    let account = own[random.below(own.count)]
                    let day = today.adding(days: step * 2 - 6)
                    let start = (day.startInstant(in: zone) ?? now).addingTimeInterval(
                        Double(9 + random.below(8)) * 3600)
                    let meeting = Meeting(
                        id: clock.newID(), companyID: companyID, title: "Meeting with \(account.fields.name)",
                        startsAt: step == 3
                            ? (today.startInstant(in: zone) ?? now).addingTimeInterval(15 * 3600) : start,
                        durationMinutes: [30, 45, 60, 90][random.below(4)],
                        place: account.fields.billingAddress?.components(separatedBy: ", ").suffix(3)
                            .joined(separator: ", "),
                        agenda: "Review requirements and pricing",
                        outcome: step < 3 ? "Agreed to send a revised quote." : nil,
                        accountID: account.id, organizerID: manager.id, createdAt: now, updatedAt: now, version: 1)
                    try await MeetingStore(db).insert(meeting)
                    count += 1
                }
                for step in 0..<8 where !own.isEmpty {
                    let account = own[random.below(own.count)]
                    let due = now.addingTimeInterval(Double(step - 3) * 86400 + Double(random.below(6)) * 3600)
                    let task = TaskItem(
                        id: clock.newID(), companyID: companyID,
                        title: ["Call back", "Send quotation", "Follow up payment", "Prepare proposal"][step % 4]
                            + " — \(account.fields.name)",
                        dueAt: due, isAllDay: step % 3 == 0, assigneeID: manager.id,
                        priority: [.normal, .high, .low][step % 3], accountID: account.id,
                        completedAt: step == 0 ? due : nil, createdByID: manager.id, createdAt: now, updatedAt: now,
                        version: 1)
                    try await TaskStore(db).insert(task)
                    count += 1
                }
            }
            return (count, toConvert)
        }
        // Converted leads go through the real conversion, so their history lands on the new accounts.
        for (lead, owner) in toConvert {
            _ = try await services.leads.convert(lead, viewer: owner.viewer, expectedVersion: nil)
        }
        return count
    }

    static let interests = [
        "20 laptops for new branch", "Office printers lease", "Network cabling and Wi-Fi", "POS terminals",
        "CCTV for warehouse", "Annual IT support contract", "Ergonomic chairs", "Cloud backup service",
    ]

    /// The province part of a demo address ("…, Cebu City, Cebu 6000" → "Cebu").
    static func province(of address: String) -> String? {
        guard let last = address.components(separatedBy: ", ").last else { return nil }
        let words = last.split(separator: " ")
        return words.dropLast().joined(separator: " ")
    }
}
