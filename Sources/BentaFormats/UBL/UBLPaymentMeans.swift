/// How the buyer is asked to pay (EN 16931 BG-16), with the structured payment reference that lets the seller
/// match the bank payment to the invoice.
public struct UBLPaymentMeans: Sendable, Hashable {
    /// The UNCL 4461 payment means code (BT-81). EN 16931 requires an account for "30" and "58" (BR-61).
    public var code: String
    /// The remittance information the buyer quotes (BT-83), for example an ISO 11649 "RF…" creditor reference.
    public var paymentID: String?
    /// The account to pay into (BG-17), as the bank gives it (an IBAN or a local account number).
    public var account: UBLFinancialAccount?

    /// Credit transfer (UNCL 4461 "30"); needs an account.
    public static let creditTransferCode = "30"
    /// Payment to a bank account without further detail (UNCL 4461 "42").
    public static let bankAccountCode = "42"
    /// Cash (UNCL 4461 "10").
    public static let cashCode = "10"
    /// Cheque (UNCL 4461 "20").
    public static let chequeCode = "20"
    /// Instrument not defined (UNCL 4461 "1").
    public static let notDefinedCode = "1"

    /// Creates payment instructions; the code defaults to a credit transfer when an account is given, and to
    /// "instrument not defined" otherwise (a credit transfer without an account breaks BR-61).
    public init(code: String? = nil, paymentID: String? = nil, account: UBLFinancialAccount? = nil) {
        self.code = code ?? (account == nil ? Self.notDefinedCode : Self.creditTransferCode)
        self.paymentID = paymentID
        self.account = account
    }
}
