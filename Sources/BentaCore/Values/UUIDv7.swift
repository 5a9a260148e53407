import Foundation

/// Builds RFC 9562 version 7 UUIDs: a 48-bit Unix-millisecond timestamp followed by random bits.
///
/// The caller supplies the time and randomness, so tests can be deterministic.
public enum UUIDv7 {
    /// A v7 UUID from a timestamp and 10 random bytes (missing bytes count as zero, extra bytes are ignored).
    public static func make(unixMilliseconds: UInt64, randomBytes: [UInt8]) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: unixMilliseconds >> UInt64(8 * (5 - index)))
        }
        for index in 0..<10 where index < randomBytes.count {
            bytes[6 + index] = randomBytes[index]
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// A v7 UUID from a timestamp and randomness drawn from `generator`.
    public static func make<G: RandomNumberGenerator>(unixMilliseconds: UInt64, using generator: inout G) -> UUID {
        let high = generator.next()
        let low = generator.next()
        var random = [UInt8]()
        random.reserveCapacity(10)
        for shift in stride(from: 56, through: 0, by: -8) {
            random.append(UInt8(truncatingIfNeeded: high >> UInt64(shift)))
        }
        random.append(UInt8(truncatingIfNeeded: low >> 8))
        random.append(UInt8(truncatingIfNeeded: low))
        return make(unixMilliseconds: unixMilliseconds, randomBytes: random)
    }

    /// The Unix-millisecond timestamp stored in a v7 UUID.
    public static func unixMilliseconds(of uuid: UUID) -> UInt64 {
        bytes(of: uuid).prefix(6).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    /// The 16 bytes of a UUID in network order.
    static func bytes(of uuid: UUID) -> [UInt8] {
        withUnsafeBytes(of: uuid.uuid) { Array($0) }
    }
}
