import Foundation

/// Bounds that keep ``VCardReader`` from spending unbounded memory or time on a hostile or broken file.
public struct VCardReadLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes (UTF-8 bytes for text input).
    public var maximumBytes: Int
    /// The most cards one file may hold.
    public var maximumCards: Int
    /// The longest unfolded line kept, in bytes. Inline photo and key data is skipped, never measured.
    public var maximumLineLength: Int

    public init(maximumBytes: Int = 10 * 1024 * 1024, maximumCards: Int = 50_000, maximumLineLength: Int = 100_000) {
        self.maximumBytes = maximumBytes
        self.maximumCards = maximumCards
        self.maximumLineLength = maximumLineLength
    }
}
