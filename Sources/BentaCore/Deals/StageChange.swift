import Foundation

/// One recorded stage move.
public struct StageChange: Sendable, Hashable {
    public var from: Pipeline.Stage.ID?
    public var to: Pipeline.Stage.ID
    public var at: Date
    public var by: User.ID?

    public init(from: Pipeline.Stage.ID?, to: Pipeline.Stage.ID, at: Date, by: User.ID?) {
        self.from = from
        self.to = to
        self.at = at
        self.by = by
    }
}
