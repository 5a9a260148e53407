import BentaCore
import BentaFormats
import Foundation
import Testing

@testable import BentaWeb

/// The bank CSV profile form's typed body (`BankCSVProfileFormInput.Body`), read as the API reads a profile: every
/// ready profile comes back through the form unchanged, a blank optional field is left out (not sent blank), a
/// column or value named by a number stays text, and each refusal lands beside its field.
@Suite(.timeLimit(.minutes(20))) struct BankCSVProfileFormInputTests {
    static func input(_ changes: [String: String] = [:]) -> BankCSVProfileFormInput {
        var fields = Dictionary(uniqueKeysWithValues: BankCSVProfilePagesTests.form().map { ($0.0, [$0.1]) })
        for (name, value) in changes { fields[name] = [value] }
        return BankCSVProfileFormInput(FormData(fields: fields))
    }

    static func refusedFields(_ input: BankCSVProfileFormInput) -> [String: String] {
        do {
            _ = try input.profile()
            return [:]
        } catch let errors as ValidationErrors {
            return Dictionary(uniqueKeysWithValues: errors.errors.map { ($0.field, $0.code) })
        } catch {
            return ["unexpected": "\(error)"]
        }
    }

    @Test func everyReadyProfileComesBackThroughTheForm() throws {
        #expect(Set(BankCSVProfile.ready.map { BankCSVProfileFormInput($0).amountKind }).count == 3)
        for ready in BankCSVProfile.ready {
            var expected = ready
            expected.id = "new"
            #expect(try BankCSVProfileFormInput(ready).profile() == expected, "\(ready.id)")
        }
    }

    @Test func blankOptionalFieldsAreLeftOut() throws {
        let input = Self.input([
            "delimiter": "", "value_date_column": "  ", "payee_column": "", "reference_column": " \t",
            "balance_column": "", "memo_columns": " , ",
        ])
        let data = try JSONEncoder().encode(input.body())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "name", "date_column", "description_column", "memo_columns", "amount", "date_formats",
                "number_format", "currency",
            ])
        #expect(object["memo_columns"] as? [String] == [])
        let amount = try #require(object["amount"] as? [String: Any])
        #expect(Set(amount.keys) == ["kind", "debit_column", "credit_column"])

        let profile = try input.profile()
        #expect(profile.delimiter == nil)
        #expect(profile.valueDateColumn == nil && profile.payeeColumn == nil && profile.referenceColumn == nil)
        #expect(profile.balanceColumn == nil && profile.memoColumns.isEmpty)
        #expect(try Self.input(["delimiter": "tab"]).profile().delimiter == "\t")
        #expect(try Self.input(["delimiter": ";"]).profile().delimiter == ";")
    }

    @Test func aColumnNamedByANumberStaysText() throws {
        let profile = try Self.input([
            "name": "2025", "date_column": "1", "description_column": "02", "memo_columns": "3, 4.5",
            "amount_kind": "amount_with_indicator", "indicator_amount_column": "6", "indicator_column": "7",
            "credit_values": "1, 0", "balance_column": "8",
        ]).profile()
        #expect(profile.name == "2025")
        #expect(profile.dateColumn == "1" && profile.descriptionColumn == "02" && profile.balanceColumn == "8")
        #expect(profile.memoColumns == ["3", "4.5"])
        #expect(profile.amount == .amountWithIndicator("6", "7", creditValues: ["1", "0"]))
    }

    @Test func eachRefusalLandsBesideItsField() throws {
        #expect(Self.refusedFields(Self.input(["currency": " "])) == ["currency": "required"])
        #expect(Self.refusedFields(Self.input(["amount_kind": "bogus"])) == ["amount.kind": "invalid_choice"])
        #expect(Self.refusedFields(Self.input(["delimiter": "ab"])) == ["delimiter": "invalid_delimiter"])
        #expect(
            Self.refusedFields(Self.input(["decimal_separator": "x"])) == ["number_format.decimal_separator": "invalid"]
        )
        let blanks = Self.input(["date_column": "  ", "debit_column": "", "date_formats": "dd/qq/yyyy"])
        #expect(
            Self.refusedFields(blanks) == [
                "date_column": "required", "amount.debit_column": "required", "date_formats[0]": "invalid_pattern",
            ])
        var errors: ValidationErrors?
        do { _ = try blanks.profile() } catch let refused as ValidationErrors { errors = refused }
        let beside = BankCSVProfileFormInput.fieldErrors(errors, strings: [:])
        #expect(Set(beside.keys) == ["date_column", "amount_debit_column", "date_formats"])
        #expect(beside["date_column"] == "A value is required.")
    }
}
