import ArgumentParser
import BentaCore
import BentaServices
import BentaWeb
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. With no company yet, one is created (edit its settings as admin).")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Login email.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "admin, head, manager or accountant.") var role: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of a prompt.")
        var passwordFromStdin = false
        @Option(name: .customLong("company-name"), help: "Name of the company to create when there is none yet.")
        var companyName = "My Company"

        func run() async throws {
            guard let role = Role(rawValue: role.lowercased()) else {
                throw ValidationError("--role must be one of: admin, head, manager, accountant.")
            }
            let password = try readPassword(fromStdin: passwordFromStdin)
            let (email, name, companyName) = (email, name, companyName)
            do {
                let user = try await withServices(try database.config()) { services in
                    let companies = try await services.companies.all()
                    let company: Company
                    switch companies.count {
                    case 0: company = try await services.companies.create(settings: .initial(name: companyName))
                    case 1: company = companies[0]
                    default:
                        throw CommandFailure(
                            description: "This database has several companies; add users in the web UI.")
                    }
                    return try await services.users.add(
                        companyID: company.id, email: email, name: name, role: role, password: password)
                }
                print("Added \(user.email.value) (\(user.role.rawValue)), id \(user.id).")
            } catch { throw failing(error) }
        }
    }
}

/// A password from a prompt without echo, or the first line of standard input.
func readPassword(fromStdin: Bool) throws -> String {
    if fromStdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("No password on standard input.")
        }
        return line
    }
    guard isatty(STDIN_FILENO) == 1 else {
        throw ValidationError("Standard input is not a terminal: pass --password-stdin and pipe the password.")
    }
    guard let first = getpass("Password: ").map({ String(cString: $0) }), !first.isEmpty else {
        throw ValidationError("No password given.")
    }
    guard let second = getpass("Repeat password: ").map({ String(cString: $0) }), second == first else {
        throw ValidationError("The passwords do not match.")
    }
    return first
}
