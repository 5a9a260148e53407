import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

@Suite(.timeLimit(.minutes(20))) struct ImportMappingTests {
    /// A file of `Fixtures/crm-csv`, read.
    static func table(_ path: String) throws -> CSVTable {
        try CSVReader().read(Data(contentsOf: TestFiles.fixture("crm-csv/\(path)")))
    }

    static func records(
        _ path: String, entity: ImportEntity
    ) throws -> (
        preset: ImportPreset, mapping: ImportMapping, records: [ImportRecord]
    ) {
        mapped(try table(path), entity: entity)
    }

    /// Detects the preset, maps with it, and turns every row into a record.
    static func mapped(
        _ table: CSVTable, entity: ImportEntity
    ) -> (
        preset: ImportPreset, mapping: ImportMapping, records: [ImportRecord]
    ) {
        let preset = ImportMapping.detectPreset(header: table.header)
        let mapping = ImportMapping.preset(preset, entity: entity, header: table.header)
        let records = table.rows.map { mapping.record(from: $0, header: table.header) }
        return (preset, mapping, records)
    }

    // MARK: - Detection

    @Test(arguments: [
        ("representative/hubspot/companies-export.csv", ImportPreset.hubspot),
        ("representative/hubspot/contacts-export.csv", .hubspot),
        ("representative/hubspot/contacts-companies-flattened.csv", .hubspot),
        ("representative/salesforce/accounts-data-loader.csv", .salesforce),
        ("representative/salesforce/contacts-data-loader.csv", .salesforce),
        ("representative/salesforce/contacts-report-details.csv", .salesforce),
        ("representative/pipedrive/organizations-export.csv", .pipedrive),
        ("representative/pipedrive/people-export.csv", .pipedrive),
        ("representative/pipedrive/deals-list-view-export.csv", .pipedrive),
        ("representative/zoho/contacts-export.csv", .zoho),
        ("edge-cases/crlf-line-endings.csv", .generic),
        ("edge-cases/duplicate-and-empty-headers.csv", .generic),
        ("edge-cases/multi-value-semicolon-cells.csv", .generic),
        ("edge-cases/mixed-date-formats.csv", .generic),
        ("edge-cases/windows-1252-semicolon.csv", .generic),
    ])
    func presetIsRecognizedFromTheHeader(path: String, expected: ImportPreset) throws {
        #expect(ImportMapping.detectPreset(header: try Self.table(path).header) == expected)
    }

    @Test func everyRepresentativeFixtureIsCovered() {
        let folder = TestFiles.fixture("crm-csv/representative")
        #expect(TestFiles.files(in: folder, withExtensions: ["csv"]).count == 10)
    }

    @Test func bentaExportsAreRecognized() {
        let accounts = [
            "id", "name", "registered_name", "tin", "billing_address", "delivery_address", "phones", "email",
            "website", "industry", "owner", "tags", "status", "created_at",
        ]
        let contacts = ["id", "name", "position", "account_id", "account", "phones", "emails", "preferred_channel"]
        #expect(ImportMapping.detectPreset(header: accounts) == .benta)
        #expect(ImportMapping.detectPreset(header: contacts) == .benta)
        #expect(ImportMapping.detectPreset(header: ["Name", "Phones", "Email"]) == .generic)
    }

    // MARK: - HubSpot

    @Test func hubspotCompaniesMapToAccounts() throws {
        let result = try Self.records("representative/hubspot/companies-export.csv", entity: .accounts)
        #expect(result.preset == .hubspot)
        #expect(
            result.mapping.columns == [
                .externalID: "Record ID", .name: "Company name", .website: "Website URL", .phone: "Phone number",
                .industry: "Industry", .billingCity: "City", .billingProvince: "State/Region",
                .billingCountry: "Country/Region", .ownerEmail: "Company owner",
            ])
        #expect(result.records.count == 2)
        #expect(
            result.records[0]
                == ImportRecord(
                    rowNumber: 2,
                    values: [
                        .externalID: "9312004001", .name: "Malaya Furniture Corp.",
                        .website: "https://malayafurniture.ph", .phone: "+63 2 8631 4400", .industry: "FURNITURE",
                        .billingCity: "Pasig City", .billingProvince: "Metro Manila", .billingCountry: "Philippines",
                        .billingAddress: "Pasig City, Metro Manila, Philippines", .ownerEmail: "Carmela Villanueva",
                    ]))
        #expect(result.records[1][.name] == "Peñafrancia Bakeshop Inc.")
        #expect(result.records[1][.phone] == "+63 54 473 2210")
        #expect(result.records[1][.billingAddress] == "Naga City, Camarines Sur, Philippines")
        #expect(
            result.mapping.validate(header: try Self.table("representative/hubspot/companies-export.csv").header)
                .isEmpty)
    }

    @Test func hubspotContactsMapToContacts() throws {
        let result = try Self.records("representative/hubspot/contacts-export.csv", entity: .contacts)
        #expect(result.preset == .hubspot)
        #expect(result.records.count == 2)
        #expect(
            result.records[0]
                == ImportRecord(
                    rowNumber: 2,
                    values: [
                        .externalID: "7741002001", .firstName: "Rosario", .lastName: "Bautista",
                        .fullName: "Rosario Bautista", .email: "rosario.bautista@malayafurniture.ph",
                        .position: "Purchasing Manager", .phone: "+63 2 8631 4401", .mobile: "+63 917 842 1150",
                        .ownerEmail: "Carmela Villanueva", .accountName: "Malaya Furniture Corp.",
                        .accountExternalID: "9312004001",
                    ]))
        let second = result.records[1]
        #expect(second[.fullName] == "Dolores Ibáñez")
        #expect(second[.position] == "Owner, Operations")
        #expect(second[.mobile] == nil)
        #expect(second[.accountName] == "Peñafrancia Bakeshop Inc.")
    }

    @Test func hubspotFlattenedExportMapsContactAndCompanyColumns() throws {
        let result = try Self.records("representative/hubspot/contacts-companies-flattened.csv", entity: .contacts)
        #expect(result.mapping.columns[.accountName] == "Company: Company name")
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "7741002001", .firstName: "Rosario", .lastName: "Bautista", .fullName: "Rosario Bautista",
                .email: "rosario.bautista@malayafurniture.ph", .accountName: "Malaya Furniture Corp.",
                .accountExternalID: "9312004001",
            ])
        #expect(result.records[1][.fullName] == "Emilio Aguas")
    }

    @Test func hubspotContactsCanBeImportedAsLeads() throws {
        let result = try Self.records("representative/hubspot/contacts-export.csv", entity: .leads)
        let header = try Self.table("representative/hubspot/contacts-export.csv").header
        #expect(result.mapping.validate(header: header).isEmpty)
        #expect(result.records[0][.companyName] == "Malaya Furniture Corp.")
        #expect(result.records[0][.status] == "Open")
        #expect(result.records[1][.status] == "In Progress")
        #expect(result.records[0][.accountName] == nil)
    }

    // MARK: - Salesforce

    @Test func salesforceDataLoaderAccountsJoinTheBillingAddress() throws {
        let result = try Self.records("representative/salesforce/accounts-data-loader.csv", entity: .accounts)
        #expect(result.preset == .salesforce)
        #expect(result.records.count == 3)
        #expect(
            result.records[0].values == [
                .externalID: "0017F00000PhL1aQAF", .name: "Malaya Furniture Corp.",
                .website: "https://malayafurniture.ph", .industry: "Manufacturing", .phone: "+63 2 8631 4400",
                .billingStreet: "Unit 1203, Tektite East Tower, Exchange Road", .billingCity: "Pasig City",
                .billingProvince: "Metro Manila", .billingPostalCode: "1605", .billingCountry: "Philippines",
                .billingAddress:
                    "Unit 1203, Tektite East Tower, Exchange Road, Pasig City, Metro Manila, 1605, Philippines",
            ])
        #expect(
            result.records[1][.billingAddress] == "0045 Panganiban Drive, Naga City, Camarines Sur, 4400, Philippines")
        #expect(result.records[2][.billingAddress] == "Davao City, Davao del Sur, 8000, Philippines")
        #expect(result.records.map(\.rowNumber) == [2, 3, 4])
        // OwnerId is a Salesforce user ID that no Benta user has; it is left unmapped.
        #expect(result.mapping.columns[.ownerEmail] == nil)
    }

    @Test func salesforceDataLoaderContactsLinkToAccountsByID() throws {
        let result = try Self.records("representative/salesforce/contacts-data-loader.csv", entity: .contacts)
        #expect(result.preset == .salesforce)
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "0037F00000Kd9aBQAR", .accountExternalID: "0017F00000PhL1aQAF", .firstName: "Rosario",
                .lastName: "Bautista", .fullName: "Rosario Bautista", .position: "Purchasing Manager",
                .email: "rosario.bautista@malayafurniture.ph", .phone: "+63 2 8631 4401", .mobile: "+63 917 842 1150",
            ])
        #expect(result.records[1][.position] == "Owner, Operations")
        #expect(result.records[1][.mobile] == nil)
        let header = try Self.table("representative/salesforce/contacts-data-loader.csv").header
        #expect(result.mapping.validate(header: header).isEmpty)
        #expect(result.mapping.warnings(header: header).isEmpty)
    }

    @Test func salesforceReportContactsUseLabels() throws {
        let result = try Self.records("representative/salesforce/contacts-report-details.csv", entity: .contacts)
        #expect(result.preset == .salesforce)
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "0037F00000Kd9aBQAR", .firstName: "Rosario", .lastName: "Bautista",
                .fullName: "Rosario Bautista", .accountName: "Malaya Furniture Corp.", .position: "Purchasing Manager",
                .email: "rosario.bautista@malayafurniture.ph", .phone: "+63 2 8631 4401",
                .ownerEmail: "Carmela Villanueva",
            ])
        #expect(result.records[1][.fullName] == "Dolores Ibáñez")
    }

    // MARK: - Pipedrive

    @Test func pipedriveOrganizationsMapToAccounts() throws {
        let result = try Self.records("representative/pipedrive/organizations-export.csv", entity: .accounts)
        #expect(result.preset == .pipedrive)
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "702001", .name: "Malaya Furniture Corp.",
                .billingAddress:
                    "Unit 1203, Tektite East Tower, Exchange Road, Pasig City, 1605 Metro Manila, Philippines",
                .website: "malayafurniture.ph", .industry: "Manufacturing", .ownerEmail: "Carmela Villanueva",
                .tags: "Customer",
            ])
        #expect(
            result.records[1][.billingAddress] == "0045 Panganiban Drive, Naga City, 4400 Camarines Sur, Philippines")
    }

    @Test func pipedrivePeopleMapToContacts() throws {
        let result = try Self.records("representative/pipedrive/people-export.csv", entity: .contacts)
        #expect(result.preset == .pipedrive)
        #expect(result.mapping.columns[.email] == "Person - Email (Work)")
        #expect(result.mapping.columns[.email2] == "Person - Email (Home)")
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "803001", .fullName: "Rosario Bautista", .firstName: "Rosario", .lastName: "Bautista",
                .email: "rosario.bautista@malayafurniture.ph", .phone: "+63 2 8631 4401",
                .position: "Purchasing Manager", .accountName: "Malaya Furniture Corp.", .accountExternalID: "702001",
                .ownerEmail: "Carmela Villanueva",
            ])
        #expect(result.records[1][.email2] == "doloresibanez@yahoo.com.ph")
        #expect(result.records[1][.position] == "Owner, Operations")
    }

    @Test func pipedriveDealsGiveLeadsWithoutContactDetails() throws {
        let result = try Self.records("representative/pipedrive/deals-list-view-export.csv", entity: .leads)
        #expect(result.preset == .pipedrive)
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .fullName: "Rosario Bautista", .companyName: "Malaya Furniture Corp.",
                .ownerEmail: "Carmela Villanueva",
            ])
        #expect(result.records[1][.companyName] == "Peñafrancia Bakeshop Inc.")
        let header = try Self.table("representative/pipedrive/deals-list-view-export.csv").header
        #expect(
            result.mapping.validate(header: header) == [
                "No column is mapped to Phone, Mobile or Email; leads need a way to reach them."
            ])
    }

    // MARK: - Zoho

    @Test func zohoContactsMapToContacts() throws {
        let result = try Self.records("representative/zoho/contacts-export.csv", entity: .contacts)
        #expect(result.preset == .zoho)
        #expect(result.records.count == 2)
        #expect(
            result.records[0].values == [
                .externalID: "4876211000003201001", .ownerEmail: "Carmela Villanueva", .firstName: "Rosario",
                .lastName: "Bautista", .fullName: "Rosario Bautista", .accountName: "Malaya Furniture Corp.",
                .email: "rosario.bautista@malayafurniture.ph", .phone: "+63 2 8631 4401", .mobile: "+63 917 842 1150",
                .position: "Purchasing Manager",
            ])
        #expect(result.records[1][.email2] == "doloresibanez@yahoo.com.ph")
        #expect(result.records[1][.ownerEmail] == "Ramil Ocampo")
    }

    // MARK: - Benta and generic files

    @Test func bentaExportRoundTripsThroughTheImporter() throws {
        var writer = CSVWriter(header: [
            "id", "name", "registered_name", "tin", "billing_address", "delivery_address", "phones", "email",
            "website", "industry", "owner", "tags", "status", "created_at",
        ])
        writer.appendRow([
            "0190a1b2-0000-7000-8000-000000000001", "Tala Foods", "Tala Foods Trading Inc.", "008-123-456-00000",
            "12 Mabini St, Brgy. San Roque, Marikina City", "", "+639171234567; +63286543210", "sales@tala.ph",
            "https://tala.ph", "Food", "Ana Reyes", "vip; north", "active", "2026-01-05T00:00:00Z",
        ])
        let table = try CSVReader().read(Data(writer.text.utf8))
        let preset = ImportMapping.detectPreset(header: table.header)
        #expect(preset == .benta)
        let mapping = ImportMapping.preset(preset, entity: .accounts, header: table.header)
        #expect(mapping.validate(header: table.header).isEmpty)
        #expect(
            mapping.record(from: table.rows[0], header: table.header).values == [
                .externalID: "0190a1b2-0000-7000-8000-000000000001", .name: "Tala Foods",
                .registeredName: "Tala Foods Trading Inc.", .tin: "008-123-456-00000",
                .billingAddress: "12 Mabini St, Brgy. San Roque, Marikina City", .phone: "+639171234567; +63286543210",
                .email: "sales@tala.ph", .website: "https://tala.ph", .industry: "Food", .ownerEmail: "Ana Reyes",
                .tags: "vip; north",
            ])
    }

    @Test func genericNamesFindContactColumnsInADuplicatedHeader() throws {
        let table = try Self.table("edge-cases/duplicate-and-empty-headers.csv")
        let mapping = ImportMapping.preset(.generic, entity: .contacts, header: table.header)
        #expect(mapping.columns == [.fullName: "Name", .email: "Email", .email2: "Email (2)", .accountName: "Company"])
        #expect(
            table.rows.map { mapping.record(from: $0, header: table.header).values } == [
                [
                    .fullName: "Ana Reyes", .email: "ana.reyes@talafoods.ph", .email2: "ana.personal@example.ph",
                    .accountName: "Tala Foods Trading",
                ],
                [
                    .fullName: "Niño Dueñas", .email: "nino.duenas@penafrancia.ph",
                    .accountName: "Peñafrancia Bakeshop",
                ],
            ])
    }

    @Test func multiValueCellsAreJoinedWithSemicolons() throws {
        let table = try Self.table("edge-cases/multi-value-semicolon-cells.csv")
        let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
        #expect(
            mapping.records(table) == [
                ImportRecord(
                    rowNumber: 2,
                    values: [
                        .externalID: "00002001", .name: "Tala Foods Trading",
                        .website: "talafoods.ph; shop.talafoods.ph",
                        .email: "ana.reyes@talafoods.ph; orders@talafoods.ph",
                        .phone: "+63 917 555 0101; +63 2 8555 0102", .tags: "Customer; Retail; Food",
                    ]),
                ImportRecord(
                    rowNumber: 3,
                    values: [
                        .externalID: "00002002", .name: "Peñafrancia Bakeshop", .website: "penafrancia.ph",
                        .email: "santi@penafrancia.ph", .phone: "+63 918 555 0103", .tags: "Prospect; Bicol",
                    ]),
            ])
        #expect(mapping.records(table)[0].list(.tags) == ["Customer", "Retail", "Food"])
    }

    @Test func identifiersKeepLeadingZeros() throws {
        let table = try Self.table("edge-cases/leading-zero-identifiers.csv")
        let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
        #expect(mapping.columns == [.externalID: "External ID", .billingPostalCode: "Postal Code"])
        #expect(
            mapping.records(table).map(\.values) == [
                [.externalID: "000000000000000581", .billingPostalCode: "0410", .billingAddress: "0410"],
                [.externalID: "000000000000000582", .billingPostalCode: "1630", .billingAddress: "1630"],
            ])
        #expect(mapping.validate(header: table.header) == ["No column is mapped to Name; accounts need a name."])
    }

    @Test func formulaLikeCellsStayData() throws {
        let table = try Self.table("edge-cases/formula-injection.csv")
        let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
        #expect(mapping.columns == [.name: "Company", .website: "Domain", .notes: "Notes"])
        #expect(
            mapping.records(table).map { $0[.name] } == [
                "=HYPERLINK(\"https://evil.invalid\",\"Bayad dito\")", "+SUM(2,3)", "'Sari-sari Store ni Aling Nena",
            ])
        // The apostrophe that spreadsheets put before a formula character is an escape, not data.
        #expect(mapping.records(table).map { $0[.notes] } == ["=2+3", "@phishing_formula", "=@SUM(4,5)"])
    }

    @Test(arguments: [
        (["Company", "Tel", "E-mail", "TIN", "Cell", "Address"], ImportEntity.accounts),
        (["Organisation", "Telephone", "Email Address", "Tax ID", "Mobile", "Address"], .accounts),
        (["Company Name", "Phone Number", "EMAIL", "tax id", "Cellphone", "Billing Address"], .accounts),
    ])
    func genericNamesAreMatchedLoosely(header: [String], entity: ImportEntity) {
        let mapping = ImportMapping.preset(.generic, entity: entity, header: header)
        #expect(
            mapping.columns == [
                .name: header[0], .phone: header[1], .email: header[2], .tin: header[3], .mobile: header[4],
                .billingAddress: header[5],
            ])
    }

    @Test func genericLeadColumns() {
        let header = [
            "Lead Name", "Company", "Mobile No", "Email", "Source", "Status", "Interested In", "Province", "Sector",
            "Sales Rep", "Remarks", "Lead ID",
        ]
        let mapping = ImportMapping.preset(.generic, entity: .leads, header: header)
        #expect(
            mapping.columns == [
                .fullName: "Lead Name", .companyName: "Company", .mobile: "Mobile No", .email: "Email",
                .source: "Source", .status: "Status", .interest: "Interested In", .province: "Province",
                .industry: "Sector", .ownerEmail: "Sales Rep", .notes: "Remarks", .externalID: "Lead ID",
            ])
        #expect(mapping.validate(header: header).isEmpty)
    }

    // MARK: - Cleaning

    @Test(arguments: [
        ("  Tala \t  Foods\n Inc. ", ImportField.name, "Tala Foods Inc."),
        ("Tala\u{00A0}Foods", .name, "Tala Foods"),
        ("=\"00123\"", .billingPostalCode, "00123"),
        ("=\"00123\"", .name, "=\"00123\""),
        ("'+639171234567", .phone, "+639171234567"),
        ("'Tala", .name, "'Tala"),
        ("0917 123 4567 | 0918 765 4321\n0917 123 4567", .phone, "0917 123 4567; 0918 765 4321"),
        ("a@x.ph, b@x.ph A@X.PH", .email, "a@x.ph; b@x.ph"),
        ("  first line  \r\n\r\n\r\n  second   line \n\n", .notes, "first line\n\nsecond line"),
        ("007", .externalID, "007"),
        (" \n ", .notes, ""),
    ])
    func cellsAreTidied(raw: String, field: ImportField, expected: String) {
        #expect(ImportValueCleaner.clean(raw, for: field) == expected)
    }

    @Test func namePartsAndExplicitValuesTakePrecedence() {
        let mapping = ImportMapping(
            entity: .contacts,
            columns: [
                .fullName: "Name", .firstName: "First", .lastName: "Last", .accountName: "Company",
            ])
        let header = ["Name", "First", "Last", "Company", "Extra"]
        #expect(
            mapping.record(from: CSVRow(number: 2, fields: ["", "", "Reyes", "Tala"]), header: header)
                .values == [.lastName: "Reyes", .fullName: "Reyes", .accountName: "Tala"])
        #expect(
            mapping.record(from: CSVRow(number: 3, fields: ["Ana R.", "Ana", "Reyes", ""]), header: header)
                .values == [.fullName: "Ana R.", .firstName: "Ana", .lastName: "Reyes"])
        let whole = ImportMapping(entity: .accounts, columns: [.billingAddress: "Address", .billingCity: "City"])
        #expect(
            whole.record(from: CSVRow(number: 2, fields: ["1 Rizal Ave", "Manila"]), header: ["Address", "City"])
                .values == [.billingAddress: "1 Rizal Ave", .billingCity: "Manila"])
    }

    @Test func columnsAreFoundIgnoringCaseAndSpaces() {
        let mapping = ImportMapping(entity: .accounts, columns: [.name: "company", .phone: "Missing"])
        #expect(mapping.columnIndexes(in: ["ID", " Company "]) == [.name: 1])
    }

    // MARK: - Validation

    @Test func validationListsMissingColumnsForeignFieldsAndRequiredFields() {
        let header = ["Company", "Tel"]
        let mapping = ImportMapping(entity: .accounts, columns: [.phone: "Tel", .email: "Email", .position: "Tel"])
        #expect(
            mapping.validate(header: header) == [
                "Position is not a field of accounts.",
                "The column \"Email\" mapped to Email is not in the file.",
                "No column is mapped to Name; accounts need a name.",
            ])
    }

    @Test(arguments: [
        (ImportEntity.contacts, [ImportField.lastName: "Last"], 0),
        (.contacts, [.email: "Email"], 1),
        (.leads, [.companyName: "Company", .mobile: "Mobile"], 0),
        (.leads, [.fullName: "Name"], 1),
        (.leads, [.notes: "Notes"], 2),
        (.accounts, [.name: "Company"], 0),
    ])
    func requiredFieldsDependOnTheEntity(entity: ImportEntity, columns: [ImportField: String], problems: Int) {
        let header = ["Company", "Last", "Email", "Mobile", "Name", "Notes"]
        #expect(ImportMapping(entity: entity, columns: columns).validate(header: header).count == problems)
    }

    @Test func contactsWithoutAccountColumnGetAWarning() {
        let mapping = ImportMapping(entity: .contacts, columns: [.fullName: "Name"])
        #expect(mapping.validate(header: ["Name"]).isEmpty)
        #expect(mapping.warnings(header: ["Name"]).count == 1)
    }

    @Test func fieldsBelongToTheirEntities() {
        #expect(ImportEntity.accounts.fields.contains(.tin))
        #expect(!ImportEntity.contacts.fields.contains(.tin))
        #expect(
            Set(ImportEntity.leads.fields).isSuperset(of: [
                .firstName, .lastName, .fullName, .companyName, .phone, .mobile, .email, .source, .status, .interest,
                .ownerEmail, .province, .industry, .notes, .externalID,
            ]))
        #expect(ImportField.allCases.allSatisfy { !$0.label.isEmpty && !$0.entities.isEmpty })
    }

    @Test func extraFieldsAreReportedPerRow() {
        let header = ["a", "b"]
        #expect(ImportRowError.extraFields(in: CSVRow(number: 4, fields: ["1", "2", " "]), header: header) == nil)
        let error = ImportRowError.extraFields(in: CSVRow(number: 4, fields: ["1", "2", "3"]), header: header)
        #expect(error?.rowNumber == 4)
        #expect(error?.description.hasPrefix("Row 4: The row has 3 fields") == true)
    }
}

extension ImportMapping {
    fileprivate func records(_ table: CSVTable) -> [ImportRecord] {
        let indexes = columnIndexes(in: table.header)
        return table.rows.map { record(from: $0, columnIndexes: indexes) }
    }
}

extension ImportMappingTests {
    /// The vendor-shaped and edge-case files of the third-party okikio samples (conformance: skipped without them).
    @Suite(.timeLimit(.minutes(20))) struct OkikioSamples {
        static let folder = "crm-csv/okikio-csv-fixtures/"

        static func table(_ path: String) throws -> CSVTable {
            try CSVReader().read(Data(contentsOf: Samples.url(folder + path)))
        }

        static func records(
            _ path: String, entity: ImportEntity
        ) throws -> (
            preset: ImportPreset, mapping: ImportMapping, records: [ImportRecord]
        ) {
            ImportMappingTests.mapped(try table(path), entity: entity)
        }

        @Test(
            .conformance,
            arguments: [
                ("representative/hubspot/companies-export.csv", ImportPreset.hubspot),
                ("representative/hubspot/contacts-export.csv", .hubspot),
                ("representative/hubspot/contacts-companies-flattened.csv", .hubspot),
                ("representative/salesforce/accounts-data-loader.csv", .salesforce),
                ("representative/salesforce/contacts-data-loader.csv", .salesforce),
                ("representative/salesforce/contacts-report-details.csv", .salesforce),
                ("representative/pipedrive/organizations-export.csv", .pipedrive),
                ("representative/pipedrive/people-export.csv", .pipedrive),
                ("representative/pipedrive/deals-list-view-export.csv", .pipedrive),
                ("representative/zoho/contacts-export.csv", .zoho),
                ("edge-cases/crlf-line-endings.csv", .generic),
                ("edge-cases/duplicate-and-empty-headers.csv", .generic),
                ("edge-cases/multi-value-semicolon-cells.csv", .generic),
                ("edge-cases/mixed-date-formats.csv", .generic),
            ])
        func presetIsRecognizedFromTheHeader(path: String, expected: ImportPreset) throws {
            #expect(ImportMapping.detectPreset(header: try Self.table(path).header) == expected)
        }

        @Test(.conformance) func everyRepresentativeFileIsCovered() throws {
            _ = try Samples.url(Self.folder + "representative")
            #expect(Samples.files(in: Self.folder + "representative", withExtensions: ["csv"]).count == 10)
        }

        // MARK: - HubSpot

        @Test(.conformance) func hubspotCompaniesMapToAccounts() throws {
            let result = try Self.records("representative/hubspot/companies-export.csv", entity: .accounts)
            #expect(result.preset == .hubspot)
            #expect(
                result.mapping.columns == [
                    .externalID: "Record ID", .name: "Company name", .website: "Website URL", .phone: "Phone number",
                    .industry: "Industry", .billingCity: "City", .billingProvince: "State/Region",
                    .billingCountry: "Country/Region", .ownerEmail: "Company owner",
                ])
            #expect(result.records.count == 2)
            #expect(
                result.records[0]
                    == ImportRecord(
                        rowNumber: 2,
                        values: [
                            .externalID: "1584001001", .name: "Northstar Outdoor Supply",
                            .website: "https://northstar.example",
                            .phone: "+1 416-555-0101", .industry: "RETAIL", .billingCity: "Toronto",
                            .billingProvince: "Ontario",
                            .billingCountry: "Canada", .billingAddress: "Toronto, Ontario, Canada",
                            .ownerEmail: "Avery Morgan",
                        ]))
            #expect(result.records[1][.name] == "Élan Commerce")
            #expect(result.records[1][.billingAddress] == "Montréal, Québec, Canada")
            #expect(
                result.mapping.validate(header: try Self.table("representative/hubspot/companies-export.csv").header)
                    .isEmpty)
        }

        @Test(.conformance) func hubspotContactsMapToContacts() throws {
            let result = try Self.records("representative/hubspot/contacts-export.csv", entity: .contacts)
            #expect(result.preset == .hubspot)
            #expect(result.records.count == 2)
            #expect(
                result.records[0]
                    == ImportRecord(
                        rowNumber: 2,
                        values: [
                            .externalID: "2059001001", .firstName: "Maya", .lastName: "Chen", .fullName: "Maya Chen",
                            .email: "maya.chen@northstar.example", .position: "Director of Ecommerce",
                            .phone: "+1 416-555-0111",
                            .mobile: "+1 416-555-0191", .ownerEmail: "Avery Morgan",
                            .accountName: "Northstar Outdoor Supply",
                            .accountExternalID: "1584001001",
                        ]))
            let second = result.records[1]
            #expect(second[.fullName] == "François Lévesque")
            #expect(second[.position] == "VP, Growth")
            #expect(second[.mobile] == nil)
            #expect(second[.accountName] == "Élan Commerce")
        }

        @Test(.conformance) func hubspotFlattenedExportMapsContactAndCompanyColumns() throws {
            let result = try Self.records("representative/hubspot/contacts-companies-flattened.csv", entity: .contacts)
            #expect(result.mapping.columns[.accountName] == "Company: Company name")
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "2059001001", .firstName: "Maya", .lastName: "Chen", .fullName: "Maya Chen",
                    .email: "maya.chen@northstar.example", .accountName: "Northstar Outdoor Supply",
                    .accountExternalID: "1584001001",
                ])
            #expect(result.records[1][.fullName] == "Rowan Patel")
        }

        @Test(.conformance) func hubspotContactsCanBeImportedAsLeads() throws {
            let result = try Self.records("representative/hubspot/contacts-export.csv", entity: .leads)
            let header = try Self.table("representative/hubspot/contacts-export.csv").header
            #expect(result.mapping.validate(header: header).isEmpty)
            #expect(result.records[0][.companyName] == "Northstar Outdoor Supply")
            #expect(result.records[0][.status] == "Open")
            #expect(result.records[1][.status] == "In Progress")
            #expect(result.records[0][.accountName] == nil)
        }

        // MARK: - Salesforce

        @Test(.conformance) func salesforceDataLoaderAccountsJoinTheBillingAddress() throws {
            let result = try Self.records("representative/salesforce/accounts-data-loader.csv", entity: .accounts)
            #expect(result.preset == .salesforce)
            #expect(result.records.count == 3)
            #expect(
                result.records[0].values == [
                    .externalID: "0015g00000A1b2CAAR", .name: "Northstar Outdoor Supply",
                    .website: "https://northstar.example", .industry: "Retail", .phone: "+1 416-555-0101",
                    .billingStreet: "100 King St W", .billingCity: "Toronto", .billingProvince: "ON",
                    .billingPostalCode: "M5X 1A9", .billingCountry: "Canada",
                    .billingAddress: "100 King St W, Toronto, ON, M5X 1A9, Canada",
                ])
            #expect(result.records[1][.billingAddress] == "0200 Rue Sainte-Catherine O, Montréal, QC, H2X 1Z6, Canada")
            #expect(result.records[2][.billingAddress] == "Vancouver, BC, V6B 1A1, Canada")
            #expect(result.records.map(\.rowNumber) == [2, 3, 4])
            // OwnerId is a Salesforce user ID that no Benta user has; it is left unmapped.
            #expect(result.mapping.columns[.ownerEmail] == nil)
        }

        @Test(.conformance) func salesforceDataLoaderContactsLinkToAccountsByID() throws {
            let result = try Self.records("representative/salesforce/contacts-data-loader.csv", entity: .contacts)
            #expect(result.preset == .salesforce)
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "0035g00000J1k2LAAR", .accountExternalID: "0015g00000A1b2CAAR", .firstName: "Maya",
                    .lastName: "Chen", .fullName: "Maya Chen", .position: "Director of Ecommerce",
                    .email: "maya.chen@northstar.example", .phone: "+1 416-555-0111", .mobile: "+1 416-555-0191",
                ])
            let header = try Self.table("representative/salesforce/contacts-data-loader.csv").header
            #expect(result.mapping.validate(header: header).isEmpty)
            #expect(result.mapping.warnings(header: header).isEmpty)
        }

        @Test(.conformance) func salesforceReportContactsUseLabels() throws {
            let result = try Self.records("representative/salesforce/contacts-report-details.csv", entity: .contacts)
            #expect(result.preset == .salesforce)
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "0035g00000J1k2LAAR", .firstName: "Maya", .lastName: "Chen", .fullName: "Maya Chen",
                    .accountName: "Northstar Outdoor Supply", .position: "Director of Ecommerce",
                    .email: "maya.chen@northstar.example", .phone: "+1 416-555-0111", .ownerEmail: "Avery Morgan",
                ])
            #expect(result.records[1][.fullName] == "François Lévesque")
        }

        // MARK: - Pipedrive

        @Test(.conformance) func pipedriveOrganizationsMapToAccounts() throws {
            let result = try Self.records("representative/pipedrive/organizations-export.csv", entity: .accounts)
            #expect(result.preset == .pipedrive)
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "401001", .name: "Northstar Outdoor Supply",
                    .billingAddress: "100 King St W, Toronto, ON M5X 1A9, Canada", .website: "northstar.example",
                    .industry: "Retail", .ownerEmail: "Avery Morgan", .tags: "Customer",
                ])
            #expect(result.records[1][.billingAddress] == "200 Rue Sainte-Catherine O, Montréal, QC H2X 1Z6, Canada")
        }

        @Test(.conformance) func pipedrivePeopleMapToContacts() throws {
            let result = try Self.records("representative/pipedrive/people-export.csv", entity: .contacts)
            #expect(result.preset == .pipedrive)
            #expect(result.mapping.columns[.email] == "Person - Email (Work)")
            #expect(result.mapping.columns[.email2] == "Person - Email (Home)")
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "501001", .fullName: "Maya Chen", .firstName: "Maya", .lastName: "Chen",
                    .email: "maya.chen@northstar.example", .phone: "+1 416-555-0111",
                    .position: "Director of Ecommerce",
                    .accountName: "Northstar Outdoor Supply", .accountExternalID: "401001", .ownerEmail: "Avery Morgan",
                ])
            #expect(result.records[1][.email2] == "francois.personal@example.net")
            #expect(result.records[1][.position] == "VP, Growth")
        }

        @Test(.conformance) func pipedriveDealsGiveLeadsWithoutContactDetails() throws {
            let result = try Self.records("representative/pipedrive/deals-list-view-export.csv", entity: .leads)
            #expect(result.preset == .pipedrive)
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .fullName: "Maya Chen", .companyName: "Northstar Outdoor Supply", .ownerEmail: "Avery Morgan",
                ])
            let header = try Self.table("representative/pipedrive/deals-list-view-export.csv").header
            #expect(
                result.mapping.validate(header: header) == [
                    "No column is mapped to Phone, Mobile or Email; leads need a way to reach them."
                ])
        }

        // MARK: - Zoho

        @Test(.conformance) func zohoContactsMapToContacts() throws {
            let result = try Self.records("representative/zoho/contacts-export.csv", entity: .contacts)
            #expect(result.preset == .zoho)
            #expect(result.records.count == 2)
            #expect(
                result.records[0].values == [
                    .externalID: "5725767000005101001", .ownerEmail: "Avery Morgan", .firstName: "Maya",
                    .lastName: "Chen",
                    .fullName: "Maya Chen", .accountName: "Northstar Outdoor Supply",
                    .email: "maya.chen@northstar.example",
                    .phone: "+1 416-555-0111", .mobile: "+1 416-555-0191", .position: "Director of Ecommerce",
                ])
            #expect(result.records[1][.email2] == "francois.personal@example.net")
            #expect(result.records[1][.ownerEmail] == "Jordan Lee")
        }

        @Test(.conformance) func genericNamesFindContactColumnsInADuplicatedHeader() throws {
            let table = try Self.table("edge-cases/duplicate-and-empty-headers.csv")
            let mapping = ImportMapping.preset(.generic, entity: .contacts, header: table.header)
            #expect(
                mapping.columns == [.fullName: "Name", .email: "Email", .email2: "Email (2)", .accountName: "Company"])
            #expect(
                table.rows.map { mapping.record(from: $0, header: table.header).values } == [
                    [
                        .fullName: "Maya Chen", .email: "maya.chen@northstar.example", .email2: "maya.alt@example.net",
                        .accountName: "Northstar Outdoor Supply",
                    ],
                    [
                        .fullName: "François Lévesque", .email: "francois.levesque@elan-commerce.example",
                        .accountName: "Élan Commerce",
                    ],
                ])
        }

        @Test(.conformance) func multiValueCellsAreJoinedWithSemicolons() throws {
            let table = try Self.table("edge-cases/multi-value-semicolon-cells.csv")
            let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
            #expect(
                mapping.records(table) == [
                    ImportRecord(
                        rowNumber: 2,
                        values: [
                            .externalID: "00001001", .name: "Northstar Outdoor Supply",
                            .website: "northstar.example; shop.northstar.example",
                            .email: "maya.chen@northstar.example; rowan.patel@northstar.example",
                            .phone: "+1 416-555-0111; +1 416-555-0112", .tags: "Customer; Retail; Shopify",
                        ]),
                    ImportRecord(
                        rowNumber: 3,
                        values: [
                            .externalID: "00001002", .name: "Élan Commerce", .website: "elan-commerce.example",
                            .email: "francois.levesque@elan-commerce.example", .phone: "+1 514-555-0112",
                            .tags: "Prospect; French",
                        ]),
                ])
            #expect(mapping.records(table)[0].list(.tags) == ["Customer", "Retail", "Shopify"])
        }

        @Test(.conformance) func identifiersKeepLeadingZeros() throws {
            let table = try Self.table("edge-cases/leading-zero-identifiers.csv")
            let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
            #expect(mapping.columns == [.externalID: "External ID", .billingPostalCode: "Postal Code"])
            #expect(
                mapping.records(table).map(\.values) == [
                    [.externalID: "000000000000000123", .billingPostalCode: "00123", .billingAddress: "00123"],
                    [.externalID: "000000000000000124", .billingPostalCode: "02108", .billingAddress: "02108"],
                ])
            #expect(mapping.validate(header: table.header) == ["No column is mapped to Name; accounts need a name."])
        }

        @Test(.conformance) func formulaLikeCellsStayData() throws {
            let table = try Self.table("edge-cases/formula-injection.csv")
            let mapping = ImportMapping.preset(.generic, entity: .accounts, header: table.header)
            #expect(mapping.columns == [.name: "Company", .website: "Domain", .notes: "Notes"])
            #expect(
                mapping.records(table).map { $0[.name] } == [
                    "=HYPERLINK(\"https://evil.invalid\",\"Northstar\")", "+SUM(1,1)", "'Safe prefixed value",
                ])
            // The apostrophe that spreadsheets put before a formula character is an escape, not data.
            #expect(mapping.records(table).map { $0[.notes] } == ["=1+1", "@malicious_formula", "=@SUM(1,1)"])
        }
    }
}
