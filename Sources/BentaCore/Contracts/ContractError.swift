import Foundation

/// What a contract refuses to do in its current state, and what a signed copy may not be.
public enum ContractError: ClassifiedError, Equatable, Sendable {
    /// Only a draft is edited; a sent, signed or active contract changes through an amendment.
    case notEditable(status: ContractStatus)
    /// The lifecycle does not allow this step from the current status.
    case invalidTransition(from: ContractStatus, action: String)
    /// Amendments change a signed (or active) contract only.
    case notSigned
    /// Only a draft amendment is edited or sent; only a sent one is signed.
    case amendmentInvalidTransition(from: AmendmentStatus, action: String)
    /// A signed copy may be uploaded to a sent, signed or active contract only.
    case uploadNotAllowed(status: ContractStatus)
    /// The uploaded file is larger than the limit.
    case fileTooLarge(limit: Int)
    /// The uploaded file is not a PDF, PNG or JPEG (judged by its first bytes).
    case unsupportedFileType
    /// No signed copy has been uploaded yet.
    case noSignedCopy

    public var kind: ErrorKind {
        switch self {
        case .notEditable, .invalidTransition, .notSigned, .amendmentInvalidTransition, .uploadNotAllowed:
            .conflict
        case .fileTooLarge: .payloadTooLarge
        case .unsupportedFileType: .unsupportedMediaType
        case .noSignedCopy: .notFound
        }
    }

    public var code: String {
        switch self {
        case .notEditable: "contract_not_editable"
        case .invalidTransition: "contract_invalid_transition"
        case .notSigned: "contract_not_signed"
        case .amendmentInvalidTransition: "amendment_invalid_transition"
        case .uploadNotAllowed: "contract_upload_not_allowed"
        case .fileTooLarge: "file_too_large"
        case .unsupportedFileType: "unsupported_file_type"
        case .noSignedCopy: "signed_copy_not_found"
        }
    }

    public var detail: String {
        switch self {
        case .notEditable(let status):
            "A \(status.rawValue) contract cannot be edited; only drafts can. Change it with an amendment once signed."
        case .invalidTransition(let from, let action): "A \(from.rawValue) contract cannot be \(action)."
        case .notSigned: "Only a signed or active contract can be amended."
        case .amendmentInvalidTransition(let from, let action): "A \(from.rawValue) amendment cannot be \(action)."
        case .uploadNotAllowed(let status):
            "A signed copy can be uploaded to a sent, signed or active contract, not a \(status.rawValue) one."
        case .fileTooLarge(let limit): "The file is larger than \(limit / (1024 * 1024)) MiB."
        case .unsupportedFileType: "Upload the signed copy as a PDF, PNG or JPEG file."
        case .noSignedCopy: "No signed copy has been uploaded for this contract."
        }
    }
}
