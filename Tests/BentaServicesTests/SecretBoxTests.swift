import BentaServices
import Foundation
import Testing

/// Secrets kept in the database are sealed under a key that is not in it.
@Suite(.timeLimit(.minutes(20))) struct SecretBoxTests {
    @Test func aSealedSecretOpensWithItsKeyOnly() throws {
        let box = SecretBox.ephemeral()
        let sealed = try box.seal("smtp pässword")
        #expect(sealed.hasPrefix("sealed:v1:") && !sealed.contains("smtp"))
        #expect(try box.open(sealed) == "smtp pässword")
        // Each sealing takes a fresh nonce: the same secret never reads the same twice.
        #expect(try box.seal("smtp pässword") != sealed)
        #expect(throws: SecretKeyError.self) { try SecretBox.ephemeral().open(sealed) }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretKeyError.self) { try box.open(String(tampered)) }
        // Text stored before sealing existed opens as itself.
        #expect(try box.open("old plain password") == "old plain password")
    }

    @Test func theKeyFileIsMadeOnceForTheOwnerOnlyAndKeyLengthIsChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("benta-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("secret.key").path
        let sealed = try SecretBox.loadOrCreate(at: path).seal("pw")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SecretBox.loadOrCreate(at: path).open(sealed) == "pw")
        #expect(SecretBox(base64: Data(repeating: 7, count: 16).base64EncodedString()) == nil)
        #expect(SecretBox(base64: "not base64!") == nil)
        #expect(SecretBox(base64: Data(repeating: 7, count: 32).base64EncodedString()) != nil)
    }
}
