import BentaCore
import BentaStore
import Foundation

/// The source of "now" and of new record IDs; the only place below the edge that reads the clock.
public struct AppClock: Sendable {
    private let nowProvider: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.nowProvider = now
    }

    /// The system clock.
    public static let system = AppClock(now: { Date() })

    public func now() -> Date { nowProvider() }

    /// A new time-ordered ID (UUID v7) from the current time and the system's secure random source.
    public func newID<Tag>(_: Tag.Type = Tag.self) -> Identifier<Tag> {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now().millisecondsSince1970))
        return Identifier(UUIDv7.make(unixMilliseconds: milliseconds, using: &generator))
    }
}
