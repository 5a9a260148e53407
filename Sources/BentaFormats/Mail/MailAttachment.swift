import Foundation

/// A file carried by an email message, decoded from its transfer encoding.
public struct MailAttachment: Sendable, Hashable {
    /// The file name without any directory part, or `attachment-N` when the message gave none.
    public var filename: String
    /// The lowercased media type (`application/pdf`), without parameters.
    public var contentType: String
    /// The decoded bytes.
    public var data: [UInt8]
    /// Whether the part is meant to be shown in the body (an image referenced by the HTML) rather than listed.
    public var isInline: Bool
    /// The Content-ID without angle brackets, which an HTML body refers to as `cid:<contentID>`.
    public var contentID: String?

    public init(filename: String, contentType: String, data: [UInt8], isInline: Bool = false, contentID: String? = nil)
    {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.isInline = isInline
        self.contentID = contentID
    }
}
