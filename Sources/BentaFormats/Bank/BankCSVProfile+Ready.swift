import BentaCore
import Foundation

/// Ready profiles for Philippine banks and e-wallets, plus a generic one.
///
/// No openly licensed export files from these banks exist, so the layouts are designed from what is publicly known
/// (see `shared/VALIDATION.md` §1a "Philippines": BDO puts account lines above the header, changed its layout in
/// March 2025, and writes dates as `Mar 31, 2025` before and `30-06-2025` after) and from the usual shape of PH online
/// banking exports: peso amounts with comma thousands and an optional ₱, separate Debit/Credit columns and a running
/// balance. A company whose bank writes something else saves its own profile. The identifiers are stable: saved
/// settings refer to them.
extension BankCSVProfile {
    /// BDO before March 2025 (synthetic layout): account lines above the header; `Posting Date` like `Mar 31, 2025`,
    /// `Description`, `Debit`, `Credit`, `Running Balance`, `Check Number`, `Branch`.
    public static let bdoLegacy = BankCSVProfile(
        id: "ph.bdo.legacy", name: "BDO (before March 2025)", dateColumn: "Posting Date",
        descriptionColumn: "Description", referenceColumn: "Check Number", amount: .debitCredit("Debit", "Credit"),
        balanceColumn: "Running Balance", dateFormats: ["MMM d, yyyy", "dd-MM-yyyy"])

    /// BDO from March 2025 (synthetic layout): account lines above the header; `Transaction Date` and `Value Date`
    /// like `30-06-2025`, `Description`, `Reference Number`, `Debit`, `Credit`, `Running Balance`.
    public static let bdo2025 = BankCSVProfile(
        id: "ph.bdo.2025", name: "BDO (from March 2025)", dateColumn: "Transaction Date",
        valueDateColumn: "Value Date", descriptionColumn: "Description", referenceColumn: "Reference Number",
        amount: .debitCredit("Debit", "Credit"), balanceColumn: "Running Balance",
        dateFormats: ["dd-MM-yyyy", "MMM d, yyyy"])

    /// BPI (synthetic layout): `Date` (MM/dd/yyyy), `Description`, `Reference/Check No`, `Debit`, `Credit`, `Balance`.
    public static let bpi = BankCSVProfile(
        id: "ph.bpi", name: "BPI", dateColumn: "Date", descriptionColumn: "Description",
        referenceColumn: "Reference/Check No", amount: .debitCredit("Debit", "Credit"), balanceColumn: "Balance",
        dateFormats: ["MM/dd/yyyy"])

    /// Metrobank (synthetic layout): `Transaction Date` (MM/dd/yyyy), `Check No.`, `Description`, `Withdrawal`,
    /// `Deposit`, `Balance`.
    public static let metrobank = BankCSVProfile(
        id: "ph.metrobank", name: "Metrobank", dateColumn: "Transaction Date", descriptionColumn: "Description",
        referenceColumn: "Check No.", amount: .debitCredit("Withdrawal", "Deposit"), balanceColumn: "Balance",
        dateFormats: ["MM/dd/yyyy", "MMM d, yyyy"])

    /// UnionBank (synthetic layout): `Date` (MM/dd/yyyy or yyyy-MM-dd), `Transaction ID`, `Description`, `Amount`
    /// with a `Type` of `CR` (money in) or `DR`, `Balance`.
    public static let unionbank = BankCSVProfile(
        id: "ph.unionbank", name: "UnionBank", dateColumn: "Date", descriptionColumn: "Description",
        referenceColumn: "Transaction ID",
        amount: .amountWithIndicator("Amount", "Type", creditValues: ["CR", "Credit"]),
        balanceColumn: "Balance", dateFormats: ["MM/dd/yyyy", "yyyy-MM-dd"])

    /// GCash transaction history (synthetic layout): `Date and Time` like `2025-03-31 14:05`, `Description`,
    /// `Reference No.`, `Debit`, `Credit`, `Balance`.
    public static let gcash = BankCSVProfile(
        id: "ph.gcash", name: "GCash", dateColumn: "Date and Time", descriptionColumn: "Description",
        referenceColumn: "Reference No.", amount: .debitCredit("Debit", "Credit"), balanceColumn: "Balance",
        dateFormats: ["yyyy-MM-dd", "MM/dd/yyyy"])

    /// Maya (synthetic layout): `Date` like `Mar 31, 2025`, `Reference ID`, `Description`, a signed `Amount`,
    /// `Balance`.
    public static let maya = BankCSVProfile(
        id: "ph.maya", name: "Maya", dateColumn: "Date", descriptionColumn: "Description",
        referenceColumn: "Reference ID", amount: .signedAmount("Amount"), balanceColumn: "Balance",
        dateFormats: ["MMM d, yyyy", "yyyy-MM-dd"])

    /// Any bank: `Date`, `Description` and a signed `Amount`; ISO dates first, then month-first (the Philippine
    /// habit) before day-first.
    public static let generic = BankCSVProfile(
        id: "generic", name: "Generic (Date, Description, Amount)", dateColumn: "Date",
        descriptionColumn: "Description", amount: .signedAmount("Amount"),
        dateFormats: [
            "yyyy-MM-dd", "MM/dd/yyyy", "dd/MM/yyyy", "dd.MM.yyyy", "dd-MM-yyyy", "MMM d, yyyy", "d MMM yyyy",
            "yyyyMMdd",
        ])

    /// Every ready profile, most specific first.
    public static let ready: [BankCSVProfile] = [
        bdoLegacy, bdo2025, bpi, metrobank, unionbank, gcash, maya, generic,
    ]

    /// The ready profile with this identifier, if any.
    public static func ready(id: String) -> BankCSVProfile? {
        ready.first { $0.id == id }
    }
}
