import BentaCore
import Crypto
import Foundation
import HummingbirdBcrypt

/// Random secrets, their hashes, and password hashing in one place.
public enum Secrets {
    /// `count` bytes from the operating system's CSPRNG, as unpadded base64url text.
    public static func randomToken(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Base64URL.encode(Data(bytes))
    }

    /// A token for a form that has no session yet (the login form's double-submit cookie).
    public static func loginFormToken() -> String { randomToken(bytes: 24) }

    /// SHA-256 as lowercase hex: how session and API tokens are stored (a leaked table reveals no usable token).
    static func sha256Hex(_ text: String) -> String {
        HexText.lowercase(SHA256.hash(data: Data(text.utf8)))
    }

    private static let passwordScheme = "bcrypt-sha256$"

    /// Hashes a password with bcrypt over its SHA-256: bcrypt alone ignores everything after 72 bytes, which would
    /// silently truncate long passphrases (ASVS 6.2.8). The scheme prefix lets the method change later.
    static func hashPassword(_ password: String, cost: UInt8) -> String {
        passwordScheme + Bcrypt.hash(prehash(password), cost: cost)
    }

    static func verifyPassword(_ password: String, hash stored: String) -> Bool {
        guard stored.hasPrefix(passwordScheme) else { return false }
        return Bcrypt.verify(prehash(password), hash: String(stored.dropFirst(passwordScheme.count)))
    }

    /// A hash to check against when the user does not exist, so that timing does not reveal which emails exist.
    ///
    /// It must have the cost of real hashes (a cost-10 decoy beside cost-12 hashes answered four times faster).
    /// Its salt and digest are fixed text, not bcrypt output: checking it does the full work and matches nothing.
    static func decoyHash(cost: UInt8) -> String {
        let rounds = cost < 10 ? "0\(cost)" : "\(cost)"
        return passwordScheme + "$2b$\(rounds)$" + String(repeating: "D", count: 22) + String(repeating: "e", count: 31)
    }

    private static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
