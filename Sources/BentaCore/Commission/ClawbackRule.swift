import Foundation

/// When commission already paid is taken back: an invoice credited back, or still unpaid N days after it fell due.
///
/// The clawback is −rate × the unpaid net amount (DOMAIN.md §4: 3% on ₱500k paid in March; in June ₱300k is still
/// unpaid at 90 days → −₱9,000), as a ``CreditEvent`` of kind ``CreditEvent/SourceKind/clawback`` with a negative
/// amount; paying later re-releases it as a clawback event with a positive amount.
public struct ClawbackRule: Hashable, Sendable, Codable {
    /// The rate taken back, in percent of the unpaid net amount (normally the rate that was paid).
    public var ratePercent: Decimal
    /// The days after the due date an unpaid invoice is clawed back.
    public var daysAfterDue: Int

    /// Creates a rule.
    public init(ratePercent: Decimal, daysAfterDue: Int) {
        self.ratePercent = ratePercent
        self.daysAfterDue = daysAfterDue
    }

    /// The clawback event for an invoice as of `date`, or nil when none is due.
    ///
    /// Due when the invoice was credited back (`isCreditedBack`) or is still unpaid `daysAfterDue` days or more after
    /// `dueDate`; nothing is due for a zero or negative unpaid amount. The event is dated `date` and credits
    /// −`unpaidNet`.
    public func clawbackEvent(
        invoiceID: String, dueDate: CalendarDate, unpaidNet: Money, isCreditedBack: Bool, asOf date: CalendarDate
    ) -> CreditEvent? {
        guard unpaidNet.isPositive else { return nil }
        guard isCreditedBack || dueDate.days(until: date) >= daysAfterDue else { return nil }
        return CreditEvent(
            sourceKind: .clawback, sourceID: invoiceID, date: date,
            amount: Money(minorUnits: -unpaidNet.minorUnits, currency: unpaidNet.currency))
    }

    enum CodingKeys: String, CodingKey {
        case ratePercent = "rate_percent"
        case daysAfterDue = "days_after_due"
    }
}
