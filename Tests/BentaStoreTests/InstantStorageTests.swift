import BentaStore
import Foundation
import Testing

/// Instants are stored as milliseconds since 1970; what is read back stores as the same milliseconds again.
@Suite(.timeLimit(.minutes(20))) struct InstantStorageTests {
    @Test func millisecondsSurviveARoundTrip() {
        var drifted: [Int64] = []
        // 20,000 instants spread over 1 000 000 000 000 … 2 000 000 000 000 ms (2001 … 2033); before the fix
        // about 0.6% of such instants read back one millisecond early.
        for step in Int64(0)..<20_000 {
            let stored = 1_000_000_000_000 + step * 49_999_991
            if Date(millisecondsSince1970: stored).millisecondsSince1970 != stored { drifted.append(stored) }
        }
        #expect(drifted.isEmpty, "\(drifted.count) instants read back a millisecond off, e.g. \(drifted.prefix(3))")
    }

    @Test func subMillisecondPartsAreCutOff() {
        #expect(Date(timeIntervalSince1970: 1_796_000_000.123_9).millisecondsSince1970 == 1_796_000_000_123)
        #expect(Date(timeIntervalSince1970: -0.000_4).millisecondsSince1970 == -1)
    }
}
