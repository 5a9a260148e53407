import BentaCore
import BentaFormats
import Foundation

extension ContractService {
    /// The contract as a PDF, for those who may see its account.
    public func pdf(_ id: Contract.ID, viewer: Viewer) async throws -> [UInt8] {
        let contract = try await contract(id, viewer: viewer)
        let parties = try await parties(of: contract, viewer: viewer)
        let amendments = try await amendments(id, viewer: viewer)
        return ContractPDF.render(contract, parties: parties, amendments: amendments, now: clock.now())
    }
}
