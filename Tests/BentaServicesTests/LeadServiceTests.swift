import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct LeadServiceTests {
    func draft(
        _ name: String, phone: String = "", email: String = "", province: String = "",
        source: LeadSource = .webForm
    ) -> LeadDraft {
        var draft = LeadDraft()
        draft.personName = name
        draft.companyName = "\(name) Trading"
        draft.phone = phone
        draft.email = email
        draft.province = province
        draft.source = source.rawValue
        return draft
    }

    @Test(arguments: TestEngine.available)
    func routedLeadsGoRoundRobinByRuleOrToTheKnownContactsOwner(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let leads = world.services.leads
            var owners: [User.ID] = []
            for index in 0..<6 {
                let made = try await leads.create(
                    draft("Person \(index)"), viewer: nil, companyID: world.company.id, byRouting: true)
                #expect(made.routing == .roundRobin)
                owners.append(made.lead.fields.ownerID)
            }
            let managers = [world.manager1.id, world.manager2.id, world.manager3.id].sorted()
            #expect(owners == managers + managers)

            try await world.services.routing.addRule(
                field: .province, value: "Cebu", assigneeID: world.manager2.id, viewer: world.admin.viewer)
            let cebu = try await leads.create(
                draft("Cebuano", province: "cebu"), viewer: nil, companyID: world.company.id, byRouting: true)
            #expect(cebu.lead.fields.ownerID == world.manager2.id && cebu.routing == .rule)
            // Maria Santos (Tala Foods, manager1's account) calls in: her account's owner gets the lead.
            let known = try await leads.create(
                draft("Maria", phone: "+63 917 555 0101", province: "Cebu"), viewer: nil, companyID: world.company.id,
                byRouting: true)
            #expect(known.lead.fields.ownerID == world.manager1.id && known.routing == .knownContact)
            // A manager's own lead is theirs.
            let own = try await leads.create(
                draft("Walk In"), viewer: world.manager3.viewer, companyID: world.company.id)
            #expect(own.lead.fields.ownerID == world.manager3.id && own.routing == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentRoutedLeadsStillShareTheWorkEvenly(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let owners = try await withThrowingTaskGroup(of: User.ID.self) { group in
                for index in 0..<9 {
                    group.addTask {
                        try await world.services.leads.create(
                            draft("Parallel \(index)"), viewer: nil, companyID: world.company.id, byRouting: true
                        ).lead.fields.ownerID
                    }
                }
                return try await group.reduce(into: [User.ID: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(owners.values.sorted() == [3, 3, 3])
        }
    }

    @Test(arguments: TestEngine.available)
    func statusMovesNeedAReasonToDisqualifyAndAreLoggedOnTheTimeline(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let lead = try await world.services.leads.create(draft("Ana"), viewer: viewer, companyID: world.company.id)
                .lead
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.leads.setStatus(
                    .disqualified, reason: " ", of: lead.id, viewer: viewer,
                    expectedVersion: nil)
            }
            await #expect(throws: RecordError.self) {
                _ = try await world.services.leads.setStatus(
                    .converted, reason: nil, of: lead.id, viewer: viewer,
                    expectedVersion: nil)
            }
            let out = try await world.services.leads.setStatus(
                .disqualified, reason: "No budget this year", of: lead.id, viewer: viewer, expectedVersion: 1)
            #expect(out.status == .disqualified && out.disqualifyReason == "No budget this year")
            let timeline = try await world.services.activities.timeline(.lead(lead.id), viewer: viewer)
            #expect(timeline.items.map(\.kind) == [.statusChange])
            #expect(timeline.items.first?.subject == "new → disqualified")
            // Another manager cannot see or touch it.
            await #expect(throws: RecordError.notFound(entity: "lead")) {
                _ = try await world.services.leads.lead(lead.id, viewer: world.manager2.viewer)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func conversionMakesAccountAndContactAndMovesTheHistoryInOneGo(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            var leadDraft = draft("Jericho Ramos", phone: "0927 888 1234", email: "jericho@habagat.ph")
            leadDraft.companyName = "Habagat Builders"
            leadDraft.industry = "Construction"
            let lead = try await world.services.leads.create(leadDraft, viewer: viewer, companyID: world.company.id)
                .lead
            var call = ActivityDraft()
            call.kind = "call"
            call.direction = "outbound"
            call.leadID = lead.id.description
            call.body = "Needs 20 laptops"
            call.nextStep = "Send quotation"
            call.nextStepDue = world.clock.now.addingTimeInterval(86400)
            let logged = try await world.services.activities.log(call, viewer: viewer)
            #expect(try await world.services.leads.lead(lead.id, viewer: viewer).status == .contacted)
            await #expect(throws: RecordError.self) {
                _ = try await world.services.leads.convert(lead.id, viewer: viewer, expectedVersion: nil)
            }
            _ = try await world.services.leads.setStatus(
                .qualified, reason: nil, of: lead.id, viewer: viewer,
                expectedVersion: nil)
            // A deal that fails validation undoes the whole conversion.
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.leads.convert(
                    lead.id, viewer: viewer, expectedVersion: nil, dealTitle: String(repeating: "x", count: 201))
            }
            #expect(try await world.services.leads.lead(lead.id, viewer: viewer).status == .qualified)
            #expect(
                try await world.services.accounts.list(
                    viewer: viewer, filter: AccountFilter(query: "Habagat"), page: PageRequest()
                ).items.isEmpty)
            let result = try await world.services.leads.convert(
                lead.id, viewer: viewer, expectedVersion: nil, dealTitle: " 20 laptops ")
            let deal = try #require(result.deal)
            #expect(deal.fields.title == "20 laptops" && deal.fields.accountID == result.account.id)
            #expect(deal.fields.sourceLeadID == lead.id && deal.fields.ownerID == world.manager1.id)
            #expect(deal.fields.contactIDs == [try #require(result.contact?.id)])
            #expect(deal.fields.amount.isZero && deal.status == .open)
            #expect(try await world.services.deals.history(deal.id, viewer: viewer).count == 1)
            #expect(result.account.fields.name == "Habagat Builders")
            #expect(result.account.fields.ownerID == world.manager1.id)
            #expect(result.account.fields.industry == "Construction")
            #expect(result.contact?.fields.name == "Jericho Ramos")
            #expect(result.contact?.fields.emails.map(\.normalized) == ["jericho@habagat.ph"])
            #expect(result.lead.status == .converted && result.lead.convertedAccountID == result.account.id)
            let accountTimeline = try await world.services.activities.timeline(
                .account(result.account.id), viewer: viewer)
            #expect(accountTimeline.items.contains { $0.id == logged.activity.id })
            #expect(
                accountTimeline.items.contains { $0.kind == .statusChange && $0.subject == "qualified → converted" })
            let tasks = try await world.services.tasks.list(
                viewer: viewer, filter: TaskFilter(accountID: result.account.id))
            #expect(tasks.map(\.title) == ["Send quotation"])
            // A converted lead is closed for changes and for a second conversion.
            await #expect(throws: RecordError.self) {
                _ = try await world.services.leads.convert(lead.id, viewer: viewer, expectedVersion: nil)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func conversionCanJoinAnExistingAccountAndFailsWhollyOnBadInput(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let viewer = world.manager1.viewer
            let lead = try await world.services.leads.create(draft("Liza"), viewer: viewer, companyID: world.company.id)
                .lead
            _ = try await world.services.leads.setStatus(
                .qualified, reason: nil, of: lead.id, viewer: viewer,
                expectedVersion: nil)
            // manager2's account is not visible: refused, and nothing is half-done.
            await #expect(throws: ValidationErrors.self) {
                _ = try await world.services.leads.convert(
                    lead.id, viewer: viewer, expectedVersion: nil, intoAccount: world.manager2Accounts[0].id)
            }
            #expect(try await world.services.leads.lead(lead.id, viewer: viewer).status == .qualified)
            let tala = world.manager1Accounts[0]
            let joined = try await world.services.leads.convert(
                lead.id, viewer: viewer, expectedVersion: nil, intoAccount: tala.id)
            #expect(joined.joinedExistingAccount && joined.account.id == tala.id)
            let contacts = try await world.services.contacts.list(
                viewer: viewer, filter: ContactFilter(accountID: tala.id), page: PageRequest())
            #expect(contacts.items.map(\.fields.name) == ["Liza", "Maria Santos"])
        }
    }

    @Test(arguments: TestEngine.available)
    func inboundCallsFindTheCallerOrMakeALeadAndAreLogged(engine: TestEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            let world = try await TestWorld.make(database: database)
            let calls = world.services.inboundCalls
            for number in ["0917 555 0101", "+63 917-555-0101", "639175550101", "(0917) 555-0101"] {
                let known = try await calls.receive(from: number, viewer: world.admin.viewer)
                #expect(known.matches.count == 1, "\(number)")
                #expect(known.matches.first?.contact?.fields.name == "Maria Santos")
                #expect(known.matches.first?.account.fields.name == "Tala Foods")
                #expect(known.matches.first?.owner?.id == world.manager1.id)
                #expect(known.createdLead == nil)
            }
            let company = try await calls.receive(from: "02 8111 0002", viewer: world.admin.viewer)
            #expect(company.matches.first?.account.fields.name == "Bituin Hardware")
            #expect(company.matches.first?.contact == nil)
            let unknown = try await calls.receive(from: "0999 123 4567", viewer: world.admin.viewer)
            #expect(unknown.matches.isEmpty)
            let lead = try #require(unknown.createdLead)
            #expect(lead.fields.source == .inboundCall && lead.fields.phone?.e164 == "+639991234567")
            #expect(unknown.activity.leadID == lead.id)
            // The same caller again is not a second lead: the open lead is found instead.
            let again = try await calls.receive(from: "+639991234567", viewer: world.admin.viewer)
            #expect(again.createdLead == nil)
            #expect(again.openLeads.map(\.id) == [lead.id])
            let timeline = try await world.services.activities.timeline(
                .contact(world.manager1Contact.id),
                viewer: world.manager1.viewer)
            #expect(timeline.items.filter { $0.kind == .call && $0.direction == .inbound }.count == 4)
            await #expect(throws: ValidationErrors.self) {
                _ = try await calls.receive(from: "not a number", viewer: world.admin.viewer)
            }
        }
    }
}
