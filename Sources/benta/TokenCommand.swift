import ArgumentParser
import BentaCore
import BentaServices
import BentaWeb
import Foundation

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it once.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The user's email.") var email: String
        @Option(help: "A name to recognize the token by.") var name = "cli"
        @Option(help: "personal (the user's own API use) or inbound (mail server and PBX; admins only).")
        var purpose = "personal"

        func run() async throws {
            let (email, name) = (email, name)
            guard let purpose = APITokenPurpose(rawValue: purpose) else {
                throw ValidationError("--purpose must be personal or inbound.")
            }
            do {
                let secret = try await withServices(try database.config()) { services in
                    guard let user = try await services.users.user(email: email) else {
                        throw CommandFailure(description: "No user with the email \(email).")
                    }
                    return try await services.auth.createAPIToken(for: user, name: name, purpose: purpose).secret
                }
                print(secret)
            } catch { throw failing(error) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's API tokens (never the secrets).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The user's email.") var email: String

        func run() async throws {
            let email = email
            do {
                let tokens = try await withServices(try database.config()) { services in
                    guard let user = try await services.users.user(email: email) else {
                        throw CommandFailure(description: "No user with the email \(email).")
                    }
                    return try await services.auth.apiTokens(of: user.id)
                }
                for token in tokens {
                    let state = token.isRevoked ? "revoked" : "active"
                    print("\(token.id)  \(token.prefix)…  \(token.name)  \(state)")
                }
            } catch { throw failing(error) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by its id (see token list).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token id.") var id: String

        func run() async throws {
            guard let tokenID = APIToken.ID(string: id) else { throw ValidationError("'\(id)' is not a token id.") }
            do {
                try await withServices(try database.config()) { services in
                    try await services.auth.revokeAPIToken(tokenID)
                }
                print("Revoked \(tokenID).")
            } catch { throw failing(error) }
        }
    }
}
