import Foundation

/// A stored signed copy: its bytes and what they are.
public struct ContractFile: Sendable, Hashable {
    public var id: String
    public var filename: String
    public var mediaType: String
    public var byteCount: Int64
    public var data: Data
    public var createdAt: Date

    public init(id: String, filename: String, mediaType: String, byteCount: Int64, data: Data, createdAt: Date) {
        self.id = id
        self.filename = filename
        self.mediaType = mediaType
        self.byteCount = byteCount
        self.data = data
        self.createdAt = createdAt
    }
}
