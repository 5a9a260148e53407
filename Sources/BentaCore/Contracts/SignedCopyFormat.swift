import Foundation

/// The file types a signed copy may have, recognised by their first bytes rather than by name or declared type.
public enum SignedCopyFormat: String, Sendable, Hashable, CaseIterable {
    case pdf
    case png
    case jpeg

    /// The largest signed copy accepted: 10 MiB.
    public static let maximumBytes = 10 * 1024 * 1024

    /// The format whose signature starts `bytes`, or nil.
    public static func detect(_ bytes: some Collection<UInt8>) -> SignedCopyFormat? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// Checks size and signature; the format when both pass.
    public static func check(_ bytes: some Collection<UInt8>) throws(ContractError) -> SignedCopyFormat {
        guard bytes.count <= maximumBytes else { throw .fileTooLarge(limit: maximumBytes) }
        guard let format = detect(bytes) else { throw .unsupportedFileType }
        return format
    }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }
}
