/// The payee's bank account (EN 16931 BG-17).
public struct UBLFinancialAccount: Sendable, Hashable {
    /// The account identifier (BT-84): an IBAN, or a Philippine bank account number as the bank prints it.
    public var id: String
    /// The account name (BT-85).
    public var name: String?
    /// The bank's identifier (BT-86), for example a SWIFT/BIC code.
    public var bankID: String?

    /// Creates an account.
    public init(id: String, name: String? = nil, bankID: String? = nil) {
        self.id = id
        self.name = name
        self.bankID = bankID
    }
}
