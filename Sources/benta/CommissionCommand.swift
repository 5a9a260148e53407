import ArgumentParser
import BentaCore
import BentaFormats
import BentaServices
import Foundation

/// `benta commission explain --manager EMAIL --month YYYY-MM`: a manager's commission statement line by line, the
/// same explanation the statement page, the CSV and the PDF give (issue 13).
struct CommissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commission", abstract: "Explain commission statements.", subcommands: [Explain.self])

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print a manager's statement for a month: every line with its source, amount, band and rate, then "
                + "the totals; exits 1 when no run made one.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The manager's email address.") var manager: String
        @Option(help: "The month, YYYY-MM.") var month: String

        func validate() throws {
            guard PlanMonth(parsing: month) != nil else { throw ValidationError("--month must be YYYY-MM.") }
        }

        func run() async throws {
            guard let planMonth = PlanMonth(parsing: month) else { throw ValidationError("--month must be YYYY-MM.") }
            let email = manager
            let text: String?
            do {
                text = try await withServices(try database.config()) { services -> String? in
                    guard let user = try await services.users.user(email: email) else {
                        throw ValidationError("No user with the email \(email).")
                    }
                    guard
                        let found = try await services.commission.statement(
                            managerEmail: email, month: planMonth, viewer: user.viewer)
                    else { return nil }
                    return CommissionExplanation.text(
                        found.statement.statement, manager: "\(found.user.name) <\(found.user.email)>")
                }
            } catch let error as ValidationError {
                throw error
            } catch { throw failing(error) }
            guard let text else {
                print("No commission statement for \(email) in \(planMonth.text): the month was not run.")
                throw ExitCode(1)
            }
            print(text, terminator: "")
        }
    }
}
