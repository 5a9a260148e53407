import Foundation

/// The document information dictionary: what viewers show under "Properties".
///
/// The producer is always "Benta". `creationDate` is a parameter so rendering stays deterministic.
public struct PDFDocumentInfo: Sendable, Hashable {
    /// The document title, e.g. "Quotation Q-2025-0042"; any Unicode, including ₱.
    public var title: String
    /// The author, usually the company or the sales rep; omitted when `nil`.
    public var author: String?
    /// The subject; omitted when `nil`.
    public var subject: String?
    /// When the document was made, written in UTC.
    public var creationDate: Date

    /// Creates document information.
    public init(title: String, author: String? = nil, subject: String? = nil, creationDate: Date) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creationDate = creationDate
    }

    /// The `/Producer` entry.
    static let producer = "Benta"
}
