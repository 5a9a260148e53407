import Foundation

/// What can be done to a contract in its current state; the pages and the services both ask
/// ``Contract/allowedActions``.
public enum ContractAction: String, Sendable, Hashable, CaseIterable {
    /// Change the draft's own fields.
    case edit
    /// Number the draft, freeze its parties and text.
    case send
    /// Record the customer's signature.
    case sign
    /// Start a signed contract.
    case activate
    /// End the contract early, with a reason.
    case terminate
    /// Attach a scan of the signed contract (a sent contract becomes signed).
    case uploadSignedCopy
    /// Draft an amendment of the signed terms.
    case amend
}

extension Contract {
    /// The actions the contract's status allows.
    public var allowedActions: Set<ContractAction> {
        switch status {
        case .draft: [.edit, .send]
        case .sent: [.sign, .terminate, .uploadSignedCopy]
        case .signed: [.activate, .terminate, .uploadSignedCopy, .amend]
        case .active: [.terminate, .uploadSignedCopy, .amend]
        case .expired, .terminated: []
        }
    }

    /// Refuses `action` with the error that says why, unless the status allows it.
    public func check(_ action: ContractAction) throws(ContractError) {
        if allowedActions.contains(action) { return }
        switch action {
        case .edit: throw .notEditable(status: status)
        case .send: throw .invalidTransition(from: status, action: "sent")
        case .sign: throw .invalidTransition(from: status, action: "signed")
        case .activate: throw .invalidTransition(from: status, action: "activated")
        case .terminate: throw .invalidTransition(from: status, action: "terminated")
        case .uploadSignedCopy: throw .uploadNotAllowed(status: status)
        case .amend: throw .notSigned
        }
    }

    /// Replaces a draft's fields; its effective end date and value are the new ones.
    public mutating func edit(_ fields: ContractFields) throws(ContractError) {
        try check(.edit)
        self.fields = fields
        effectiveEndDate = fields.endDate
        effectiveValue = fields.value
    }

    /// draft → sent under `number`, dated `today`; the parties and the text are frozen as they are now.
    public mutating func send(
        number: String, sequence: Int64, today: CalendarDate, parties: ContractParties
    ) throws(ContractError) {
        try check(.send)
        self.number = number
        self.sequence = sequence
        issueDate = today
        self.parties = parties
        status = .sent
        renderedBody = nil
        renderedBody = body(parties: parties)
    }

    /// sent → signed on `today`.
    public mutating func sign(today: CalendarDate) throws(ContractError) {
        try check(.sign)
        status = .signed
        signedDate = today
    }

    /// signed → active.
    public mutating func activate() throws(ContractError) {
        try check(.activate)
        status = .active
    }

    /// sent, signed or active → terminated on `today`, for `reason`.
    public mutating func terminate(reason: String?, today: CalendarDate) throws(ContractError) {
        try check(.terminate)
        status = .terminated
        terminationReason = reason
        terminatedDate = today
    }

    /// A signed copy arrived on `today`: allowed for a sent, signed or active contract; a sent one is now signed.
    public mutating func receiveSignedCopy(today: CalendarDate) throws(ContractError) {
        try check(.uploadSignedCopy)
        hasSignedCopy = true
        if status == .sent {
            status = .signed
            signedDate = today
        }
    }

    /// Folds a signed amendment's new end date and value into the effective terms; an extension past `today`
    /// revives an expired contract.
    public mutating func apply(_ amendment: ContractAmendment, today: CalendarDate) {
        if let end = amendment.newEndDate { effectiveEndDate = end }
        if let value = amendment.newValue { effectiveValue = value }
        if status == .expired, effectiveEndDate >= today { status = .active }
    }
}

/// What can be done to an amendment in its current state.
public enum AmendmentAction: String, Sendable, Hashable, CaseIterable {
    /// Number the draft and hand it to the customer.
    case send
    /// Record the customer's signature; the new terms apply.
    case sign
}

extension ContractAmendment {
    /// The actions the amendment's status allows.
    public var allowedActions: Set<AmendmentAction> {
        switch status {
        case .draft: [.send]
        case .sent: [.sign]
        case .signed: []
        }
    }

    /// Whether signing it changes the contract's effective terms (a new end date or value).
    public var changesTerms: Bool { newEndDate != nil || newValue != nil }

    /// Refuses `action` with the error that says why, unless the status allows it.
    public func check(_ action: AmendmentAction) throws(ContractError) {
        if allowedActions.contains(action) { return }
        switch action {
        case .send: throw .amendmentInvalidTransition(from: status, action: "sent")
        case .sign: throw .amendmentInvalidTransition(from: status, action: "signed")
        }
    }

    /// draft → sent under `number`, dated `today`.
    public mutating func send(number: String, sequence: Int64, today: CalendarDate) throws(ContractError) {
        try check(.send)
        self.number = number
        self.sequence = sequence
        issueDate = today
        status = .sent
    }

    /// sent → signed on `today`, for a contract that is signed, active or expired (its terms are then
    /// ``Contract/apply(_:today:)``'d).
    public mutating func sign(today: CalendarDate, contractStatus: ContractStatus) throws(ContractError) {
        try check(.sign)
        guard [.signed, .active, .expired].contains(contractStatus) else { throw .notSigned }
        status = .signed
        signedDate = today
    }
}
