import BentaCore
import BentaServices
import BentaStore
import BentaTestSupport
import BentaTestTools
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Random invoices and random sequences of credit notes, seeded (issue 10): after every step the JSON of the API,
/// the text of the PDF and the UBL of each document state the same figures, and the invoice's open amount is what
/// its total less its credit notes says. The same documents pass the UBL 2.1 XSD and the EN 16931 Schematron.
@Suite(.timeLimit(.minutes(20))) struct InvoiceRenderingsAgreeTests {
    /// The figures one rendering states, as plain decimal strings ("1234.56") by name.
    typealias Figures = [String: String]

    static let seed: UInt64 = 20_261_206

    /// The figures of the API's JSON.
    static func figures(json: [String: Any]) -> Figures {
        let totals = json["totals"] as? [String: Any] ?? [:]
        var result: Figures = [:]
        for key in [
            "total_without_tax", "vatable_sales", "zero_rated_sales", "exempt_sales", "total_tax", "total_with_tax",
        ] {
            result[key] = totals[key] as? String
        }
        if let base = json["vat_in_base_currency"] as? String { result["vat_in_base_currency"] = base }
        return result
    }

    /// The figures of the UBL: BT-109, BT-110, BT-112, the taxable amounts per category, BT-111.
    static func figures(ubl: String, currency: String) throws -> Figures {
        func amount(_ element: String, in text: Substring, currency: String) -> String? {
            let open = "<cbc:\(element) currencyID=\"\(currency)\">"
            guard let start = text.range(of: open), let end = text[start.upperBound...].range(of: "<") else {
                return nil
            }
            return String(text[start.upperBound..<end.lowerBound])
        }
        let document = Substring(ubl)
        var result: Figures = [:]
        result["total_without_tax"] = amount("TaxExclusiveAmount", in: document, currency: currency)
        result["total_with_tax"] = amount("TaxInclusiveAmount", in: document, currency: currency)
        var sums: [String: Decimal] = ["S": 0, "Z": 0, "E": 0]
        var tax: Decimal = 0
        for part in ubl.components(separatedBy: "<cac:TaxSubtotal>").dropFirst() {
            let subtotal = Substring(part.components(separatedBy: "</cac:TaxSubtotal>")[0])
            let id = subtotal.range(of: "<cbc:ID>").map { String(subtotal[$0.upperBound...].prefix(1)) } ?? "?"
            sums[id, default: 0] +=
                DecimalText.parse(amount("TaxableAmount", in: subtotal, currency: currency) ?? "")
                ?? -1
            tax += DecimalText.parse(amount("TaxAmount", in: subtotal, currency: currency) ?? "") ?? -1
        }
        let format = { (value: Decimal) in String(format: "%.2f", NSDecimalNumber(decimal: value).doubleValue) }
        result["vatable_sales"] = format(sums["S"] ?? 0)
        result["zero_rated_sales"] = format(sums["Z"] ?? 0)
        result["exempt_sales"] = format(sums["E"] ?? 0)
        result["total_tax"] = format(tax)
        if currency != "PHP" { result["vat_in_base_currency"] = amount("TaxAmount", in: document, currency: "PHP") }
        return result
    }

    /// The figures of the PDF's text: the amount on the line of each label of the totals block.
    static func figures(pdf text: String, currency: String, isCredit: Bool) -> Figures {
        let labels: [(String, String)] = [
            ("vatable_sales", "VATable Sales"), ("zero_rated_sales", "Zero-Rated Sales"),
            ("exempt_sales", "VAT-Exempt Sales"), ("total_tax", "VAT"),
            ("total_with_tax", isCredit ? "Total Credit" : "Total Amount Due"),
        ]
        var result: Figures = [:]
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        for (key, label) in labels {
            guard let line = lines.first(where: { $0.hasPrefix(label + " ") && $0.contains(currency + " ") }),
                let range = line.range(of: currency + " ", options: .backwards)
            else { continue }
            result[key] = line[range.upperBound...].replacingOccurrences(of: ",", with: "")
                .trimmingCharacters(in: .whitespaces)
        }
        if let line = lines.first(where: { $0.contains("VAT in PHP: ") }),
            let range = line.range(of: "VAT in PHP: ")
        {
            result["vat_in_base_currency"] = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// Checks that every rendering of document `id` states the same figures; returns its UBL.
    static func checkAgreement(
        _ client: any TestClientProtocol, id: String, token: String, step: String
    ) async throws -> String {
        let json = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
        let currency = try #require(json["currency"] as? String)
        let isCredit = json["kind"] as? String == "credit_note"
        let fromJSON = Self.figures(json: json)
        let ubl = try await client.api(.get, "/api/v1/invoices/\(id)/ubl", token: token)
        #expect(ubl.status == .ok, "\(step): UBL")
        let fromUBL = try Self.figures(ubl: ubl.text, currency: currency)
        #expect(fromUBL == fromJSON, "\(step): the UBL and the JSON disagree")
        let pdf = try await client.api(.get, "/api/v1/invoices/\(id)/pdf", token: token)
        if let text = try await PDFText.extract(Array(buffer: pdf.body)) {
            let fromPDF = Self.figures(pdf: text, currency: currency, isCredit: isCredit)
            for (key, value) in fromPDF {
                #expect(
                    value == fromJSON[key], "\(step): the PDF says \(key) \(value), the JSON \(fromJSON[key] ?? "-")")
            }
            // The PDF prints every figure the JSON has except the ones it leaves out when they are zero.
            #expect(fromPDF["total_with_tax"] != nil && fromPDF["vatable_sales"] != nil, "\(step): PDF totals")
        }
        return ubl.text
    }

    /// Walks the seeded invoices and credit notes through the API; returns every document's UBL.
    static func walk(world: TestWorld, client: any TestClientProtocol, rounds: Int) async throws -> [String: String] {
        _ = try await world.services.invoices.saveSettings(
            InvoiceSettings(profile: .none), viewer: world.admin.viewer, expectedVersion: 0)
        let token = try await world.token(world.manager1)
        let services = world.services
        let viewer = world.manager1.viewer
        var random = SeededRandom(seed: seed)
        var documents: [String: String] = [:]
        var shapes: Set<String> = []
        for round in 0..<rounds {
            let draft = RandomInvoices.draft(accountID: world.manager1Accounts[0].id.description, random: &random)
            let created = try await services.invoices.create(draft, viewer: viewer)
            let invoice = try await services.invoices.issue(created.id, viewer: viewer, expectedVersion: nil)
            let id = invoice.id.description
            let adjustments = invoice.fields.adjustments
            if adjustments.contains(where: { $0.percent != nil }) { shapes.insert("percentage discount") }
            if adjustments.filter({ $0.kind == .allowance }).count > 1 { shapes.insert("several discounts") }
            if adjustments.contains(where: { $0.kind == .charge }) { shapes.insert("charge") }
            if invoice.fields.pricesIncludeTax { shapes.insert("VAT-inclusive") }
            if invoice.fields.currency != .php { shapes.insert("foreign currency") }
            documents["invoice-\(round)"] = try await checkAgreement(
                client, id: id, token: token, step: "round \(round) invoice")
            for step in 0..<4 {
                let request = try RandomInvoices.creditRequest(for: invoice, random: &random)
                do {
                    let note = try await services.invoices.creditNote(
                        for: invoice.id, request: request, reason: "Step \(step)", viewer: viewer)
                    documents["note-\(round)-\(step)"] = try await checkAgreement(
                        client, id: note.id.description, token: token, step: "round \(round) note \(step)")
                } catch is ValidationErrors {
                    continue  // More than is open: refused, nothing changed.
                } catch let error as RecordError {
                    guard case .conflict = error else { throw error }
                    continue
                }
                // The invoice's own renderings and balance after the note.
                _ = try await checkAgreement(client, id: id, token: token, step: "round \(round) after \(step)")
                let json = try await client.api(.get, "/api/v1/invoices/\(id)", token: token).json()
                let balance = try #require(try await services.invoices.balances(of: [invoice])[invoice.id])
                #expect(!balance.open.isNegative)
                let wire = json["balance"] as? [String: Any]
                #expect(wire?["open"] as? String == balance.open.decimalString, "round \(round): open amount")
            }
        }
        // The seeded walk covers every shape the generator makes.
        #expect(
            shapes == ["percentage discount", "several discounts", "charge", "VAT-inclusive", "foreign currency"],
            "shapes walked: \(shapes.sorted())")
        return documents
    }

    @Test(arguments: TestEngine.available)
    func theJSONThePDFAndTheUBLStateTheSameFigures(engine: TestEngine) async throws {
        try await withWebApp(engine) { world, client in
            let documents = try await Self.walk(world: world, client: client, rounds: 8)
            #expect(documents.count >= 16)
        }
    }

    @Test(.ublValidation)
    func theSameDocumentsPassTheUBLSchemaAndEN16931Rules() async throws {
        let validators = try await UBLValidators.required()
        try await withWebApp(.sqlite) { world, client in
            let documents = try await Self.walk(world: world, client: client, rounds: 8)
            let outcomes = try await validators.validate(documents)
            for (name, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                #expect(outcome.schemaErrors.isEmpty, "\(name): \(outcome.schemaErrors)")
                #expect(outcome.fatalRuleIDs.isEmpty, "\(name): \(outcome.fatalRuleIDs)")
            }
            #expect(outcomes.count == documents.count)
        }
    }
}
