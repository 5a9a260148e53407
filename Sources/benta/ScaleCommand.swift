import ArgumentParser
import BentaServices
import BentaWeb
import Foundation

/// `benta demo --scale`: the large generated company of issue 11 (see `ScaleLoader`), with progress as it goes.
func loadScaleData(_ config: AppConfig, scale: String, seed: UInt64) async throws {
    guard let profile = ScaleProfile(parsing: scale) else {
        throw ValidationError("--scale must be small, medium, large or a number of accounts from 1 to 5,000,000.")
    }
    say(
        "Generating \(profile.managers) managers, \(profile.accounts) accounts, \(profile.contacts) contacts, "
            + "\(profile.activities) activities, \(profile.deals) deals and \(profile.invoices) invoices over "
            + "\(profile.months) months (seed \(seed))…")
    do {
        let summary = try await withServices(config) { services in
            try await ScaleLoader(services: services, profile: profile, seed: seed, progress: { say($0) }).load()
        }
        say(
            "Loaded \(summary.profile.totalRecords) records (\(summary.issuedInvoices) invoices issued, "
                + "\(summary.payments) of them paid in whole or part) in "
                + String(
                    format: "%.1f s: %.0f records/s, %.0f rows/s.", summary.seconds,
                    Double(summary.profile.totalRecords) / max(summary.seconds, 0.001),
                    Double(summary.rows) / max(summary.seconds, 0.001)))
        say(
            "Logins (password: \(DemoSummary.password)): admin@demo.test, head@demo.test, accountant@demo.test, "
                + "manager1@demo.test … manager\(summary.profile.managers)@demo.test")
    } catch { throw failing(error) }
}
