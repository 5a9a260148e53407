import ArgumentParser
import BentaCore
import BentaServices
import Foundation

/// `benta audit verify` and `benta audit seal`: the tamper-evident audit trail (issue 15).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Seal and verify the audit trail's hash chain.",
        subcommands: [Verify.self, Seal.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Seal what is not sealed yet, then check every company's chain from its first link; exits non-zero "
                + "and names the first broken link when an event was changed or deleted.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let results: [(Company.ID, AuditChainService.Verification)]
            do {
                results = try await withServices(try database.config()) { services in
                    var results: [(Company.ID, AuditChainService.Verification)] = []
                    for company in try await services.auditChain.companyIDs() {
                        results.append((company, try await services.auditChain.verify(companyID: company)))
                    }
                    return results
                }
            } catch { throw failing(error) }
            var broken = false
            for (company, result) in results {
                if let first = result.firstBroken {
                    broken = true
                    print(
                        "company \(company): BROKEN at link \(first.seq) (event \(first.eventID)): \(first.reason); "
                            + "\(result.checked) links checked")
                } else {
                    print("company \(company): \(result.checked) links verified, \(result.unsealed) events unsealed")
                }
            }
            if broken { throw ExitCode(3) }
        }
    }

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Seal the events written since the last seal.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let sealed = try await withServices(try database.config()) { services in
                    var sealed = 0
                    for company in try await services.auditChain.companyIDs() {
                        sealed += try await services.auditChain.seal(companyID: company)
                    }
                    return sealed
                }
                print("Events sealed: \(sealed).")
            } catch { throw failing(error) }
        }
    }
}
