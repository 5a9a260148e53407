import Foundation

/// A dunning step the daily run took for an invoice: at most one per invoice and level (the storage's unique key),
/// never changed or deleted afterwards.
public struct DunningStepTaken: Sendable, Hashable {
    public typealias ID = Identifier<DunningStepTaken>

    public var id: ID
    public var companyID: Company.ID
    public var invoiceID: Invoice.ID
    public var accountID: Account.ID
    public var level: Int
    public var action: DunningAction
    public var channel: DunningChannel
    /// The company's date the step was taken on.
    public var takenOn: CalendarDate
    /// What was open on the invoice that day.
    public var open: Money
    /// Days past the due date that day (negative before it).
    public var daysLate: Int
    /// The collection call the step put on the manager's list (call steps).
    public var callID: CollectionCall.ID?
    /// The outbox message the step queued (email steps).
    public var messageID: String?
    public var createdAt: Date

    public init(
        id: ID, companyID: Company.ID, invoiceID: Invoice.ID, accountID: Account.ID, level: Int,
        action: DunningAction, channel: DunningChannel, takenOn: CalendarDate, open: Money, daysLate: Int,
        callID: CollectionCall.ID?, messageID: String?, createdAt: Date
    ) {
        self.id = id
        self.companyID = companyID
        self.invoiceID = invoiceID
        self.accountID = accountID
        self.level = level
        self.action = action
        self.channel = channel
        self.takenOn = takenOn
        self.open = open
        self.daysLate = daysLate
        self.callID = callID
        self.messageID = messageID
        self.createdAt = createdAt
    }
}
