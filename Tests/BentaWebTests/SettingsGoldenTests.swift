import BentaCore
import BentaServices
import BentaTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentaWeb

/// Settings and catalogue pages compared with the HTML kept in `Fixtures/Golden/` (issue 9, see ``Golden``): the
/// pipelines page as the admin edits it, with a refused form's errors beside its fields, and the product list after
/// a checked import. `BENTA_UPDATE_GOLDEN=1` rewrites the files instead of comparing.
@Suite(.timeLimit(.minutes(20))) struct SettingsGoldenTests {
    @Test(arguments: TestEngine.available)
    func thePipelinesPageRendersAsKept(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let admin = try await client.login("admin@test.ph")
            let page = try await client.browse(.get, "/settings/pipelines", as: admin)
            #expect(page.status == .ok)
            try Golden.check(page.text, named: "pipelines.html", session: admin)
            // A stage added with a bad probability comes back with what was typed and the error beside the field.
            let pipeline = try #require(
                try await world.services.deals.pipelines(viewer: world.admin.viewer).first { $0.isDefault })
            let refused = try await client.browse(
                .post, Paths.pipelineStages(pipeline.id), as: admin,
                form: [
                    ("version", String(pipeline.version)), ("name", "Site survey"), ("probability", "150"),
                    ("forecast_category", "pipeline"), ("outcome", ""),
                ])
            #expect(refused.status == .unprocessableContent)
            try Golden.check(refused.text, named: "pipelines_refused_stage.html", session: admin)
        }
    }

    @Test(arguments: TestEngine.available)
    func theProductListRendersAsKept(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let head = try await client.login("head@test.ph")
            for (code, name, price) in [
                ("SVC-INSTALL", "Pag-install ng network", "1500.00"), ("TONER-45", "Toner", "2450.50"),
            ] {
                let created = try await client.browse(
                    .post, "/products", as: head,
                    form: [
                        ("code", code), ("name", name), ("unit", "pc"), ("unit_price", price),
                        ("tax_category", "vatable"), ("is_active", "true"),
                    ])
                #expect(created.status == .seeOther)
            }
            let list = try await client.browse(.get, "/products", as: head)
            #expect(list.status == .ok)
            try Golden.check(list.text, named: "products_list.html", session: head)
        }
    }
}
