import BentaCore
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct LifecycleTransitionsTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 6)!
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    // MARK: Contracts

    @Test(arguments: [
        (ContractStatus.draft, [ContractAction.edit, .send]),
        (.sent, [.sign, .terminate, .uploadSignedCopy]),
        (.signed, [.activate, .terminate, .uploadSignedCopy, .amend]),
        (.active, [.terminate, .uploadSignedCopy, .amend]),
        (.expired, []),
        (.terminated, []),
    ])
    func aContractAllowsWhatItsStatusAllows(status: ContractStatus, allowed: [ContractAction]) throws {
        let contract = Self.contract(status)
        #expect(contract.allowedActions == Set(allowed))
        for action in ContractAction.allCases {
            if allowed.contains(action) {
                try contract.check(action)
            } else {
                #expect(throws: ContractError.self) { try contract.check(action) }
            }
        }
    }

    @Test func aRefusedContractStepSaysWhichStepAndFromWhere() {
        var draft = Self.contract(.draft)
        #expect(throws: ContractError.invalidTransition(from: .draft, action: "signed")) {
            try draft.sign(today: Self.today)
        }
        #expect(throws: ContractError.invalidTransition(from: .draft, action: "activated")) { try draft.activate() }
        var sent = Self.contract(.sent)
        #expect(throws: ContractError.notEditable(status: .sent)) { try sent.edit(sent.fields) }
        #expect(throws: ContractError.notSigned) { try sent.check(.amend) }
        var terminated = Self.contract(.terminated)
        #expect(throws: ContractError.uploadNotAllowed(status: .terminated)) {
            try terminated.receiveSignedCopy(today: Self.today)
        }
        #expect(throws: ContractError.invalidTransition(from: .terminated, action: "terminated")) {
            try terminated.terminate(reason: "again", today: Self.today)
        }
    }

    @Test func aContractGoesFromDraftToTerminated() throws {
        var contract = Self.contract(.draft)
        let parties = ContractParties(
            sellerName: "Seller", sellerAddress: "Makati", sellerTIN: nil, buyerName: "Buyer", buyerAddress: "Pasig",
            buyerTIN: nil, signatoryName: "Ana")
        try contract.send(number: "CON-2026-000001", sequence: 1, today: Self.today, parties: parties)
        #expect(contract.status == .sent && contract.number == "CON-2026-000001" && contract.issueDate == Self.today)
        #expect(contract.renderedBody == "Between Seller and Buyer.")
        try contract.receiveSignedCopy(today: Self.today)
        #expect(contract.status == .signed && contract.signedDate == Self.today && contract.hasSignedCopy)
        try contract.activate()
        #expect(contract.status == .active)
        try contract.terminate(reason: "Closed the branch", today: Self.today)
        #expect(contract.status == .terminated && contract.terminationReason == "Closed the branch")
    }

    @Test func aSignedAmendmentExtendsTheTermsAndRevivesAnExpiredContract() throws {
        var contract = Self.contract(.expired)
        var amendment = ContractAmendment(
            id: ContractAmendment.ID(UUID()), companyID: contract.companyID, contractID: contract.id, status: .draft,
            title: "Extension", body: "One more year", effectiveDate: Self.today,
            newEndDate: Self.today.adding(days: 365), createdAt: Self.now, updatedAt: Self.now, version: 1)
        #expect(amendment.allowedActions == [.send])
        #expect(throws: ContractError.amendmentInvalidTransition(from: .draft, action: "signed")) {
            try amendment.sign(today: Self.today, contractStatus: contract.status)
        }
        try amendment.send(number: "AMD-2026-000001", sequence: 1, today: Self.today)
        #expect(amendment.allowedActions == [.sign])
        #expect(throws: ContractError.notSigned) { try amendment.sign(today: Self.today, contractStatus: .draft) }
        try amendment.sign(today: Self.today, contractStatus: contract.status)
        #expect(amendment.status == .signed && amendment.allowedActions.isEmpty && amendment.changesTerms)
        contract.apply(amendment, today: Self.today)
        #expect(contract.status == .active && contract.effectiveEndDate == Self.today.adding(days: 365))
    }

    // MARK: Quotes

    @Test func aQuoteAllowsWhatItsStatusAndValidityAllow() {
        #expect(Self.quote(.draft).allowedActions(today: Self.today) == [.edit, .send])
        #expect(Self.quote(.sent).allowedActions(today: Self.today) == [.accept, .decline])
        let expired = Self.quote(.sent, validUntil: Self.today.adding(days: -1))
        #expect(expired.allowedActions(today: Self.today) == [.decline])
        #expect(Self.quote(.accepted).allowedActions(today: Self.today).isEmpty)
        #expect(Self.quote(.declined).allowedActions(today: Self.today).isEmpty)
    }

    @Test func aQuoteRefusesStepsItsStatusDoesNotAllow() {
        var sent = Self.quote(.sent, number: "Q-1")
        #expect(throws: QuoteError.notEditable(number: "Q-1")) { try sent.checkEditable() }
        #expect(throws: QuoteError.alreadySent(number: "Q-1")) {
            try sent.send(number: "Q-2", today: Self.today, now: Self.now)
        }
        var draft = Self.quote(.draft)
        #expect(throws: QuoteError.notSent) { try draft.accept(today: Self.today, now: Self.now) }
        var accepted = Self.quote(.accepted, number: "Q-1")
        #expect(throws: QuoteError.alreadyDecided(number: "Q-1", status: .accepted)) {
            try accepted.decline(reason: nil, now: Self.now)
        }
        var expired = Self.quote(.sent, number: "Q-1", validUntil: Self.today.adding(days: -1))
        #expect(throws: QuoteError.expired(number: "Q-1", validUntil: Self.today.adding(days: -1))) {
            try expired.accept(today: Self.today, now: Self.now)
        }
        #expect(QuoteError.expired(number: "Q-1", validUntil: Self.today).code == "quote_expired")
    }

    @Test func anEmptyDraftIsNotSentAndAnExpiredQuoteCanStillBeDeclined() throws {
        var empty = Self.quote(.draft)
        #expect(throws: ValidationErrors.self) { try empty.send(number: "Q-1", today: Self.today, now: Self.now) }
        #expect(empty.status == .draft && empty.number == nil)
        var expired = Self.quote(.sent, number: "Q-1", validUntil: Self.today.adding(days: -1))
        try expired.decline(reason: "  Too dear ", now: Self.now)
        #expect(expired.status == .declined && expired.declineReason == "Too dear" && expired.decidedAt == Self.now)
    }

    // MARK: Deals

    @Test func aDealMovesWithinItsPipelineAndALossNeedsAReason() throws {
        let pipeline = Pipeline(
            id: Pipeline.ID(UUID()), companyID: Company.ID(UUID()), name: "Sales", isDefault: true,
            stages: Pipeline.defaultStages { Pipeline.Stage.ID(UUID()) })
        let (first, won, lost) = (pipeline.stages[0], pipeline.stages[4], pipeline.stages[5])
        var deal = Deal(
            id: Deal.ID(UUID()), companyID: pipeline.companyID,
            fields: DealFields(
                accountID: Account.ID(UUID()), ownerID: User.ID(UUID()), title: "Printers",
                amount: Money(minorUnits: 100_000, currency: .php), expectedClose: Self.today),
            pipelineID: pipeline.id, stageID: first.id, status: .open, createdAt: Self.now, updatedAt: Self.now,
            version: 1)
        #expect(try deal.move(to: first.id, among: [pipeline], lostReason: nil, now: Self.now) == nil)
        #expect(throws: ValidationErrors.self) {
            try deal.move(to: Pipeline.Stage.ID(UUID()), among: [pipeline], lostReason: nil, now: Self.now)
        }
        #expect(throws: ValidationErrors.self) {
            try deal.move(to: lost.id, among: [pipeline], lostReason: "  ", now: Self.now)
        }
        #expect(deal.stageID == first.id && deal.status == .open)
        #expect(try deal.move(to: lost.id, among: [pipeline], lostReason: "Budget cut", now: Self.now) == lost)
        #expect(deal.status == .lost && deal.lostReason == "Budget cut" && deal.closedAt == Self.now)
        _ = try deal.move(to: won.id, among: [pipeline], lostReason: "ignored", now: Self.now)
        #expect(deal.status == .won && deal.lostReason == nil)
        _ = try deal.move(to: first.id, among: [pipeline], lostReason: nil, now: Self.now)
        #expect(deal.status == .open && deal.closedAt == nil)
    }

    // MARK: Fixtures

    static func contract(_ status: ContractStatus) -> Contract {
        let fields = ContractFields(
            accountID: Account.ID(UUID()), signatoryContactID: Contact.ID(UUID()), ownerID: User.ID(UUID()),
            title: "Supply", bodyTemplate: "Between {{seller_name}} and {{buyer_name}}.", startDate: today,
            endDate: today.adding(days: 364), value: Money(minorUnits: 100_000, currency: .php),
            paymentTerms: .net(days: 30))
        return Contract(
            id: Contract.ID(UUID()), companyID: Company.ID(UUID()), fields: fields, status: status, createdAt: now,
            updatedAt: now, version: 1)
    }

    static func quote(_ status: QuoteStatus, number: String? = nil, validUntil: CalendarDate? = nil) -> Quote {
        Quote(
            id: Quote.ID(UUID()), companyID: Company.ID(UUID()), dealID: Deal.ID(UUID()), accountID: Account.ID(UUID()),
            ownerID: User.ID(UUID()),
            fields: QuoteFields(currency: .php, validUntil: validUntil ?? today.adding(days: 30)),
            number: number, status: status, createdAt: now, updatedAt: now, version: 1)
    }
}
