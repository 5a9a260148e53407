import BentaCore
import Crypto
import Foundation

/// Seals secrets kept in the database (the SMTP password; later bank and webhook secrets) with AES-256-GCM under a
/// key that never enters the database: `BENTA_SECRET_KEY` (32 bytes, base64), else the `secret.key` file in the
/// data folder, made on first start. A stolen database or backup alone reveals no secret.
///
/// Sealed text reads `sealed:v1:<base64 of nonce, ciphertext and tag>`. Text without that prefix was stored before
/// sealing existed: it opens as itself, and is sealed the next time it is saved.
public struct SecretBox: Sendable {
    private let key: SymmetricKey
    private static let prefix = "sealed:v1:"

    /// A box for `key`, which must be 32 bytes.
    public init?(keyBytes: [UInt8]) {
        guard keyBytes.count == 32 else { return nil }
        key = SymmetricKey(data: keyBytes)
    }

    /// A box for a key written as base64 (`BENTA_SECRET_KEY`); nil when it is not 32 bytes of base64.
    public init?(base64 text: String) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        self.init(keyBytes: Array(data))
    }

    /// A box with a fresh random key: what is sealed with it opens only in this process (tests, one-off tools).
    public static func ephemeral() -> SecretBox {
        SecretBox(keyBytes: Array(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))!
    }

    /// The key kept in the file at `path`, made (readable by the owner only) when the file does not exist yet.
    public static func loadOrCreate(at path: String) throws -> SecretBox {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let folder = (path as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            // Created empty with owner-only permissions first, so the key is never readable by others.
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SecretKeyError(description: "The secret key file \(path) cannot be created.")
            }
            try (key.base64EncodedString() + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let box = SecretBox(base64: text) else {
            throw SecretKeyError(description: "The secret key file \(path) does not hold 32 bytes of base64.")
        }
        return box
    }

    /// `secret` sealed for storage.
    public func seal(_ secret: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key)
        guard let combined = box.combined else { throw SecretKeyError(description: "Sealing failed.") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The secret in `stored`; text stored before sealing existed opens as itself. A sealed text that this key
    /// cannot open (another key, or altered) throws: the secret is unusable, never silently wrong.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else {
            throw SecretKeyError(
                description: "A stored secret cannot be opened with this key (BENTA_SECRET_KEY or secret.key "
                    + "changed?); enter it again.")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Whether `stored` is sealed (and not text kept from before sealing).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }
}

/// A secret key that is missing, malformed or does not fit what was stored with it.
public struct SecretKeyError: Error, CustomStringConvertible {
    public let description: String
}
