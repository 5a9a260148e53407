import BentaCore
import BentaTestTools
import Foundation
import Testing

@testable import BentaFormats

/// Cards in tests are written with LF and joined here, so a test states its line ends explicitly.
private func card(_ lines: String..., lineEnd: String = "\r\n") -> String {
    lines.joined(separator: lineEnd) + lineEnd
}

private func readOne(_ text: String) throws -> VCardContact {
    let contacts = try VCardReader.read(text)
    try #require(contacts.count == 1)
    return contacts[0]
}

/// The expected fields of one card in an address book's export, read off the file by hand.
struct VCardExport: Sendable, CustomTestStringConvertible {
    var file: String
    var cardIndex = 0
    var cardCount = 1
    var formattedName: String
    var familyName: String
    var givenName: String
    var phone: String
    /// BlackBerry's export has no e-mail address at all.
    var email: String?
    var organization: String?
    var title: String?

    var testDescription: String { file }

    /// Reads the file and checks the card against these fields.
    func check(_ url: URL) throws {
        let contacts = try VCardReader.read(data: try Data(contentsOf: url))
        try #require(contacts.count == cardCount)
        let contact = contacts[cardIndex]
        #expect(contact.formattedName == formattedName)
        #expect(contact.familyName == familyName)
        #expect(contact.givenName == givenName)
        #expect(contact.phones.first?.value == phone)
        #expect(contact.emails.first?.value == email)
        #expect(contact.organization == organization)
        #expect(contact.title == title)
    }
}

/// Benta's own vCards in `Fixtures/vcard`, written the way each address book exports them.
@Suite(.timeLimit(.minutes(20))) struct VCardReaderExportTests {
    static let fixtureFiles = TestFiles.files(in: TestFiles.fixture("vcard"), withExtensions: ["vcf"])

    static func contacts(_ name: String) throws -> [VCardContact] {
        try VCardReader.read(data: try Data(contentsOf: TestFiles.fixture("vcard/\(name)")))
    }

    static func contact(_ name: String) throws -> VCardContact {
        let contacts = try contacts(name)
        try #require(contacts.count == 1)
        return contacts[0]
    }

    static let exports: [VCardExport] = [
        VCardExport(
            file: "android-2.1.vcf", cardIndex: 4, cardCount: 6, formattedName: "Ma. Concepción Santos Ibáñez",
            familyName: "Santos Ibáñez", givenName: "Ma. Concepción", phone: "+639175550142",
            email: "concha@sampaguitaprint.ph", organization: "Imprenta ng Sampaguita – Cebu Branch"),
        VCardExport(
            file: "blackberry-2.1.vcf", formattedName: "Rodel Macaraeg", familyName: "Macaraeg", givenName: "rodel",
            phone: "+639205550177", email: nil, organization: "Bagong Silang Agri Supply"),
        VCardExport(
            file: "evolution-3.0.vcf", formattedName: "Engr. Ramon Dimaculangan, Reyes Bautista III",
            familyName: "Bautista", givenName: "Ramon", phone: "0917-555-0188",
            email: "ramon.bautista@malayafurniture.ph", organization: "Malaya Furniture Corp.",
            title: "Purchasing Head"),
        VCardExport(
            file: "gmail-3.0.vcf", formattedName: "Atty. Lourdes Soriano, Aquino Mendoza", familyName: "Mendoza",
            givenName: "Lourdes", phone: "0917 555 0199", email: "lourdes.mendoza@gmail.com",
            organization: "Soriano Mendoza Law Office", title: "Managing Partner"),
        VCardExport(
            file: "iphone-3.0.vcf", formattedName: "Ms. Carmela Rosales Anne Villanueva CPA", familyName: "Villanueva",
            givenName: "Carmela", phone: "0917 555 0210", email: "carmela.villanueva@talafoods.ph",
            organization: "Tala Foods Trading", title: "Finance Manager"),
        VCardExport(
            file: "lotus-notes-3.0.vcf", formattedName: "Mr. Garcia Benedicto II Benny", familyName: "Garcia",
            givenName: "Benedicto", phone: "+63 (918) 555-0233", email: "benedicto.garcia@dagatlogistics.ph",
            organization: "Dagat Logistics", title: "Licensed Customs Broker"),
        VCardExport(
            file: "mac-address-book-3.0.vcf", formattedName: "Mrs. Teresita Lopez,Marie Aquino",
            familyName: "Aquino", givenName: "Teresita", phone: "(032) 255 0241",
            email: "tess.aquino@perlaspharmacy.ph", organization: "Perlas Pharmacy", title: "Procurement Officer"),
        VCardExport(
            file: "ms-outlook-2.1.vcf", formattedName: "Mr. Jose Protacio Mercado Reyes Jr.", familyName: "Reyes",
            givenName: "Jose", phone: "(02) 8527 0251", email: "jose.reyes@dagatlogistics.ph",
            organization: "Dagat Logistics", title: "Operations Manager"),
        VCardExport(
            file: "outlook-2007-2.1.vcf", formattedName: "Ms. Josefina Manalo", familyName: "Manalo",
            givenName: "Josefina", phone: "(02) 8631 4410", email: "joy.manalo@malayafurniture.ph",
            organization: "Malaya Furniture Corp.", title: "Accounts Payable Supervisor"),
    ]

    @Test func fixtureFolderHoldsAnExportOfEveryKind() {
        #expect(Self.fixtureFiles.count == 13)
        let names = Set(Self.fixtureFiles.map(\.lastPathComponent))
        for export in Self.exports { #expect(names.contains(export.file)) }
        #expect(names.isSuperset(of: ["rfc2426-3.0.vcf", "rfc6350-4.0.vcf", "outlook-windows-1252.vcf"]))
    }

    @Test(arguments: fixtureFiles)
    func everyFixtureReadsAndSurvivesARoundTrip(file: URL) throws {
        let contacts = try VCardReader.read(data: try Data(contentsOf: file))
        #expect(!contacts.isEmpty, "\(file.lastPathComponent)")
        #expect(contacts.allSatisfy { !$0.formattedName.isEmpty })
        for version in [VCardVersion.v3, .v4] {
            let again = try VCardReader.read(VCardWriter.write(contacts, version: version))
            #expect(again.map(\.formattedName) == contacts.map(\.formattedName))
            #expect(again.map(\.phones) == contacts.map(\.phones))
            #expect(again.map(\.addresses) == contacts.map(\.addresses))
            #expect(again.map(\.note) == contacts.map(\.note))
        }
    }

    @Test(arguments: exports)
    func exportKeepsNamePhoneAndEmail(export: VCardExport) throws {
        try export.check(TestFiles.fixture("vcard/\(export.file)"))
    }

    @Test func evolutionExportUnfoldsEveryFoldedValue() throws {
        let contact = try Self.contact("evolution-3.0.vcf")
        #expect(contact.additionalNames == "Dimaculangan, Reyes")
        #expect(contact.honorificPrefix == "Engr.")
        #expect(contact.honorificSuffix == "III")
        #expect(contact.department == "Purchasing")
        #expect(contact.urls == ["https://www.malayafurniture.ph"])
        #expect(
            contact.phones == [
                VCardValue(value: "0917-555-0188", types: ["cell"]),
                VCardValue(value: "02-8631-4401", types: ["work", "voice"]),
            ])
        #expect(contact.emails == [VCardValue(value: "ramon.bautista@malayafurniture.ph", types: ["work"])])
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["home"], poBox: "Unit 5B", street: "27 Sampaguita Street, Barangay Malamig",
                    locality: "Mandaluyong City", region: "Metro Manila", postalCode: "1550",
                    country: "Republic of the Philippines")
            ])
        #expect(
            contact.note
                == "Mga tuntunin ng bayad: 30 araw mula sa petsa ng resibo, maliban kung may nakasulat na kasunduan. "
                + "Ang mga presyo ay nasa piso at kasama na ang 12% VAT; ang delivery sa labas ng Metro Manila ay may "
                + "dagdag na singil. Para sa order na higit sa PHP 500,000, humingi ng diskwento sa sales manager. "
                + "Huwag ipadala ang orihinal na resibo sa lumang opisina sa Ortigas.")
        #expect(contact.birthday == "1979-08-14")
        #expect(contact.uid == "8f3a61c2d9e04b7f5a1c3e8d2b6f9a04")
    }

    @Test func iPhoneExportWithCarriageReturnCarriageReturnLineFeedKeepsEveryPhone() throws {
        let contact = try Self.contact("iphone-3.0.vcf")
        #expect(contact.phones.count == 7)
        #expect(
            contact.phones.first == VCardValue(value: "0917 555 0210", types: ["cell", "voice"], isPreferred: true))
        #expect(contact.phones.last == VCardValue(value: "0917 555 0216"))
        #expect(
            contact.emails == [
                VCardValue(value: "carmela.villanueva@talafoods.ph", types: ["internet"], isPreferred: true)
            ])
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["home"], street: "12 Mabini St.,", locality: "Marikina City", region: "Metro Manila",
                    postalCode: "1800", country: "Philippines"),
                VCardAddress(
                    types: ["work"], street: "Tala Building\nUnit 701\n7th Floor", locality: "Quezon City",
                    postalCode: "1100", country: "PH"),
            ])
        #expect(contact.additionalNames == "Rosales,Anne")
        #expect(contact.department == "Finance")
        #expect(contact.urls == ["http://www.talafoods.ph"])
        #expect(contact.birthday == "1990-04-09")
    }

    @Test func outlookExportDecodesQuotedPrintableAndPrefersTitleOverRole() throws {
        let contact = try Self.contact("outlook-2007-2.1.vcf")
        #expect(
            contact.note
                == "Ito ang NOTE field\t\nDito isinusulat ang mga paalala tungkol sa kliyente.\n"
                + "Ang bayad ay tuwing ika-15 at ika-30 ng buwan.\nHindi nito iniingatan ang formatting")
        #expect(contact.title == "Accounts Payable Supervisor")
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["work"], extended: "Accounting Office", street: "Ortigas Avenue Extension",
                    locality: "Pasig City", region: "Metro Manila", postalCode: "1604", country: "Philippines")
            ])
        #expect(
            contact.emails == [
                VCardValue(value: "joy.manalo@malayafurniture.ph", types: ["internet"], isPreferred: true)
            ])
        // X-MS-TEL repeats the mobile and is not a phone of the card.
        #expect(
            contact.phones.map(\.types) == [
                ["work", "voice"], ["home", "voice"], ["cell", "voice"], ["work", "fax"],
            ])
        #expect(contact.urls == ["http://joymanalo.ph", "https://malayafurniture.ph"])
        #expect(contact.birthday == "19880125")
    }

    @Test func outlookExportKeepsBothAddressesAndSkipsLabelsPhotoAndBusinessCard() throws {
        let contact = try Self.contact("ms-outlook-2.1.vcf")
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["work"], street: "Pier 4 North Harbor", locality: "Tondo", region: "Manila",
                    postalCode: "1012", country: "Philippines"),
                VCardAddress(
                    types: ["home"], street: "45 Kalaw St.,", locality: "Ermita", region: "Manila", postalCode: "1000",
                    country: "Philippines"),
            ])
        #expect(
            contact.note
                == "Humahawak ng lahat ng kargamento mula Subic, Batangas at Maynila. Tumatanggap ng ''rush'' na "
                + "order kung may bayad na 20% dagdag, pero kailangan ng purchase order bago mag-alas dose.")
        #expect(contact.additionalNames == "Protacio,Mercado")
        #expect(contact.phones.map(\.value) == ["(02) 8527 0251", "(02) 8527 0252"])
        #expect(contact.urls == ["http://www.dagatlogistics.ph"])
        #expect(contact.birthday == "19810619")
    }

    @Test func androidExportKeepsCardsWithoutNamesUnderTheirEmail() throws {
        let contacts = try Self.contacts("android-2.1.vcf")
        #expect(
            contacts.map(\.formattedName) == [
                "billing@malayafurniture.ph", "resibo@malayafurniture.ph", "Niño Dueñas", "María Cristina Peñaflorida",
                "Ma. Concepción Santos Ibáñez", "Enrique Lim",
            ])
        try #require(contacts.count == 6)
        #expect(contacts[0].familyName.isEmpty && contacts[0].phones.isEmpty)
        // The note is written twice, as Android does; it is kept once.
        #expect(
            contacts[3].note
                == "Kinausap noong Mayo. Gusto ng presyong pang-maramihan para sa 200 upuan.\nPresyo: ₱1,850 bawat isa."
        )
        #expect(contacts[3].phones.map(\.value) == ["09185550122", "0285550123", "09285550124", "0285550125"])
        #expect(contacts[4].emails.map(\.value) == ["concha@sampaguitaprint.ph", "concepción.ibañez@example.ph"])
        #expect(contacts[4].phones.last == VCardValue(value: "+63285312201", types: ["work", "fax"]))
        #expect(contacts[4].urls == ["www.sampaguitaprint.ph", "https://sampaguitaprint.ph"])
        #expect(contacts[5].emails == [VCardValue(value: "enrique.lim@bagongsilang-agri.ph", isPreferred: true)])
    }

    @Test func blackBerryExportWithoutEmailKeepsTheRest() throws {
        let contact = try Self.contact("blackberry-2.1.vcf")
        #expect(contact.phones == [VCardValue(value: "+639205550177", types: ["cell"])])
        #expect(contact.emails.isEmpty)
        // The empty NOTE after the one-line photo is no note.
        #expect(contact.note == nil)
    }

    @Test func gmailExportKeepsLineBreaksInsideOneAddressComponent() throws {
        let contact = try Self.contact("gmail-3.0.vcf")
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["home"],
                    extended: "Blk 12 Lot 7\nPhase 2, Camella Homes\nLas Piñas City, Metro Manila 1747\nPhilippines")
            ])
        #expect(contact.emails.map(\.types) == [["internet", "home"], ["internet", "work"]])
        #expect(contact.phones.map(\.value) == ["0917 555 0199", "(02) 8555 0198"])
        #expect(contact.urls == ["http://www.sorianolaw.ph"])
        #expect(
            contact.note
                == "Kliyente mula 2019. Sabi niya: \"Tumawag lang bago mag-alas tres.\"\nPaboritong kulay: asul")
        #expect(contact.birthday == "1985-11-30")
    }

    @Test func lotusNotesExportReadsLongLinesAndIgnoresRareProperties() throws {
        let contact = try Self.contact("lotus-notes-3.0.vcf")
        #expect(
            contact.note
                == "Mga paalala sa pag-import\nLahat ng kargamento ay dapat may kumpletong papeles bago dumating ang "
                + "barko, kasama ang bill of lading, commercial invoice at packing list.\nAng brokerage fee ay "
                + "₱8,500 bawat container, hindi pa kasama ang VAT.")
        #expect(contact.additionalNames == "Benny")
        #expect(contact.honorificSuffix == "II")
        #expect(contact.department == "Customs Brokerage")
        #expect(
            contact.emails.map(\.value) == ["benedicto.garcia@dagatlogistics.ph", "benny.garcia88@yahoo.com"])
        #expect(contact.phones.last == VCardValue(value: "00-63-2-8527-0234", types: ["work", "fax"]))
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["home"], street: "Pier 4\nNorth Harbor, Gate 2, 2nd floor", locality: "Manila",
                    region: "Metro Manila", postalCode: "1012", country: "Philippines")
            ])
        #expect(contact.urls == ["http://www.dagatlogistics.ph"])
        #expect(contact.birthday == "1976-10-03")
        #expect(contact.uid == "4c1e9a7b-2d3f-4e8a-b5c6-7d9e0f1a2b3c")
    }

    @Test func macContactsExportSkipsAPhotoOnLineFeedLines() throws {
        let contact = try Self.contact("mac-address-book-3.0.vcf")
        #expect(contact.additionalNames == "Lopez,Marie")
        #expect(contact.phones.count == 7)
        #expect(contact.phones.last == VCardValue(value: "0919 555 0247"))
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["home"], street: "88 Osmeña Blvd.,", locality: "Cebu City", region: "Cebu",
                    postalCode: "6000", country: "Philippines"),
                VCardAddress(
                    types: ["work"], street: "Perlas Building\nMango Avenue\n3rd Floor", locality: "Cebu City",
                    postalCode: "6000", country: "PH"),
            ])
        #expect(
            contact.note
                == "Suki mula 2015. Ang order ay dumarating tuwing Lunes, at ang bayad ay sa tseke. Sabi niya: "
                + "\"Ipadala ang resibo sa opisina, hindi sa botika.\" Bawal tumawag tuwing Linggo.")
        #expect(contact.urls == ["http://www.perlaspharmacy.ph"])
        #expect(contact.birthday == "1982-07-19")
    }

    @Test func rfcStyleCardsReadAllCards() throws {
        let rfc2426 = try Self.contacts("rfc2426-3.0.vcf")
        #expect(rfc2426.map(\.formattedName) == ["Corazon Dizon", "Eduardo Ramos"])
        try #require(rfc2426.count == 2)
        #expect(
            rfc2426[0].emails == [
                VCardValue(value: "Corazon_Dizon@BituinHardware.ph", types: ["internet"], isPreferred: true),
                VCardValue(value: "cora.dizon@yahoo.com.ph", types: ["internet"]),
            ])
        #expect(
            rfc2426[0].addresses == [
                VCardAddress(
                    types: ["work", "postal", "parcel"], street: "118 Aurora Boulevard", locality: "Quezon City",
                    region: "Metro Manila", postalCode: "1109", country: "Philippines")
            ])
        #expect(
            rfc2426[1].addresses == [
                VCardAddress(
                    types: ["work"], street: "2F Ramos Bldg., 55 Gen. Luna St.", locality: "Iloilo City",
                    region: "Iloilo", postalCode: "5000", country: "Philippines")
            ])
        let rfc6350 = try Self.contacts("rfc6350-4.0.vcf")
        let maria = try #require(rfc6350.first)
        #expect(maria.additionalNames == "Lualhati")
        #expect(maria.honorificSuffix == "CPA,MBA")
        #expect(
            maria.phones == [
                VCardValue(value: "+63-2-8811-2233;ext=104", types: ["work", "voice"], isPreferred: true),
                VCardValue(value: "+63-917-555-0270", types: ["work", "cell", "voice", "video", "text"]),
            ])
        #expect(
            maria.addresses == [
                VCardAddress(
                    types: ["work"], extended: "Suite 1204", street: "6750 Ayala Avenue", locality: "Makati City",
                    region: "Metro Manila", postalCode: "1226", country: "Philippines")
            ])
        #expect(maria.organization == "Kalayaan Trading Co.")
        #expect(maria.urls == ["https://lualhati.ph"])
        #expect(maria.birthday == "--0612")
    }

    @Test func ownFixturesCoverWindows1252AndNestedAgents() throws {
        let latin = try Self.contacts("outlook-windows-1252.vcf")
        #expect(latin.first?.formattedName == "José Peña")
        #expect(latin.first?.organization == "Café € Express")
        let agent = try Self.contacts("nested-agent-2.1.vcf")
        #expect(agent.count == 1)
        #expect(agent.first?.formattedName == "Maria Santos")
        #expect(agent.first?.phones.map(\.value) == ["+63 917 123 4567"])
        #expect(agent.first?.emails.map(\.value) == ["maria@example.ph"])
    }
}

/// The real exports of ez-vcard and vobject (conformance: skipped without the samples folder).
@Suite(.timeLimit(.minutes(20))) struct VCardReaderSampleFileTests {
    static let sampleFiles = Samples.files(in: "vcard", withExtensions: ["vcf"])

    static func contacts(_ path: String) throws -> [VCardContact] {
        try VCardReader.read(data: try Data(contentsOf: Samples.url("vcard/ez-vcard/\(path)")))
    }

    static let exports: [VCardExport] = [
        VCardExport(
            file: "John_Doe_ANDROID.vcf", cardIndex: 4, cardCount: 6, formattedName: "Ñ Ñ Ñ Ñ", familyName: "Ñ Ñ",
            givenName: "Ñ Ñ Ñ", phone: "123456", email: "bob@company.com", organization: "ÑÑÑÑÑÑÑÑÑÑÑÑ"),
        VCardExport(
            file: "John_Doe_BLACK_BERRY.vcf", formattedName: "John Doe", familyName: "Doe", givenName: "john",
            phone: "+96123456789", email: nil, organization: "Acme Solutions"),
        VCardExport(
            file: "John_Doe_EVOLUTION.vcf", formattedName: "Mr. John Richter, James Doe Sr.", familyName: "Doe",
            givenName: "John", phone: "905-666-1234", email: "john.doe@ibm.com", organization: "IBM",
            title: "Money Counter"),
        VCardExport(
            file: "John_Doe_GMAIL.vcf", formattedName: "Mr. John Richter, James Doe Sr.", familyName: "Doe",
            givenName: "John", phone: "905-555-1234", email: "john.doe@ibm.com", organization: "IBM",
            title: "Money Counter"),
        VCardExport(
            file: "John_Doe_IPHONE.vcf", formattedName: "Mr. John Richter James Doe Sr.", familyName: "Doe",
            givenName: "John", phone: "905-555-1234", email: "john.doe@ibm.com", organization: "IBM",
            title: "Money Counter"),
        VCardExport(
            file: "John_Doe_LOTUS_NOTES.vcf", formattedName: "Mr. Doe John I Johny", familyName: "Doe",
            givenName: "John", phone: "+1 (212) 204-34456", email: "john.doe@ibm.com", organization: "IBM",
            title: "Generic Accountant"),
        VCardExport(
            file: "John_Doe_MAC_ADDRESS_BOOK.vcf", formattedName: "Mr. John Richter,James Doe Sr.",
            familyName: "Doe", givenName: "John", phone: "905-777-1234", email: "john.doe@ibm.com",
            organization: "IBM", title: "Money Counter"),
        VCardExport(
            file: "John_Doe_MS_OUTLOOK.vcf", formattedName: "Mr. John Richter James Doe Sr.", familyName: "Doe",
            givenName: "John", phone: "(905) 555-1234", email: "john.doe@ibm.cm", organization: "IBM",
            title: "Money Counter"),
    ]

    /// Fails, naming the folder, when the samples are missing: the parameterized test below then has no files.
    @Test(.conformance) func sampleFolderHoldsTheRealExports() throws {
        _ = try Samples.url("vcard/ez-vcard")
        #expect(Self.sampleFiles.count >= 18)
        let names = Set(Self.sampleFiles.map(\.lastPathComponent))
        for export in Self.exports { #expect(names.contains(export.file)) }
    }

    @Test(.conformance, arguments: sampleFiles)
    func everySampleFileReadsAndSurvivesARoundTrip(file: URL) throws {
        let contacts = try VCardReader.read(data: try Data(contentsOf: file))
        #expect(!contacts.isEmpty, "\(file.lastPathComponent)")
        for version in [VCardVersion.v3, .v4] {
            let again = try VCardReader.read(VCardWriter.write(contacts, version: version))
            #expect(again.map(\.formattedName) == contacts.map(\.formattedName))
            #expect(again.map(\.phones) == contacts.map(\.phones))
            #expect(again.map(\.addresses) == contacts.map(\.addresses))
            #expect(again.map(\.note) == contacts.map(\.note))
        }
    }

    @Test(.conformance, arguments: exports)
    func realExportKeepsNamePhoneAndEmail(export: VCardExport) throws {
        try export.check(Samples.url("vcard/ez-vcard/\(export.file)"))
    }

    @Test(.conformance) func evolutionExportUnfoldsEveryFoldedValue() throws {
        let contact = try #require(try Self.contacts("John_Doe_EVOLUTION.vcf").first)
        #expect(contact.additionalNames == "Richter, James")
        #expect(contact.department == "Accounting")
        #expect(contact.urls == ["http://www.ibm.com"])
        #expect(contact.phones.map(\.value) == ["905-666-1234", "905-555-1234"])
        #expect(contact.phones.last?.types == ["work", "voice"])
        #expect(contact.addresses.first?.country == "United States of America")
        #expect(contact.addresses.first?.street == "15 Crescent moon drive")
        #expect(contact.note?.hasSuffix("ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.") == true)
        #expect(contact.note?.contains("SERVICES; LOSS OF USE, DATA, OR PROFITS;") == true)
        #expect(contact.birthday == "1980-03-22")
        #expect(contact.uid == "477343c8e6bf375a9bac1f96a5000837")
    }

    @Test(.conformance) func iPhoneExportWithCarriageReturnCarriageReturnLineFeedKeepsEveryPhone() throws {
        let contact = try #require(try Self.contacts("John_Doe_IPHONE.vcf").first)
        #expect(contact.phones.count == 7)
        #expect(contact.phones.first == VCardValue(value: "905-555-1234", types: ["cell", "voice"], isPreferred: true))
        #expect(contact.emails.first == VCardValue(value: "john.doe@ibm.com", types: ["internet"], isPreferred: true))
        #expect(contact.addresses.count == 2)
        #expect(contact.addresses.last?.street == "Street4\nBuilding 6\nFloor 8")
        #expect(contact.urls == ["http://www.ibm.com"])
        #expect(contact.birthday == "2012-06-06")
    }

    @Test(.conformance) func outlookExportDecodesQuotedPrintableAndPrefersTitleOverRole() throws {
        let contact = try #require(try Self.contacts("outlook-2007.vcf").first)
        #expect(contact.note?.hasPrefix("This is the NOTE field\t\nI assume it encodes") == true)
        #expect(contact.note?.hasSuffix("It does not preserve the formatting") == true)
        #expect(contact.title == "TheJobTitle")
        #expect(contact.addresses.first?.extended == "TheOffice")
        #expect(
            contact.emails.first == VCardValue(value: "mike.angstadt@gmail.com", types: ["internet"], isPreferred: true)
        )
        #expect(contact.phones.count == 4)
    }

    @Test(.conformance) func androidExportKeepsCardsWithoutNamesUnderTheirEmail() throws {
        let contacts = try Self.contacts("John_Doe_ANDROID.vcf")
        #expect(contacts.first?.formattedName == "john.doe@company.com")
        #expect(contacts[3].note == "Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ")
        #expect(contacts[4].emails.map(\.value) == ["bob@company.com", "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ"])
    }

    @Test(.conformance) func rfcExamplesReadAllCards() throws {
        let rfc2426 = try Self.contacts("rfc2426-example.vcf")
        #expect(rfc2426.map(\.formattedName) == ["Frank Dawson", "Tim Howes"])
        #expect(rfc2426[0].emails.first?.isPreferred == true)
        #expect(rfc2426[0].addresses.first?.types == ["work", "postal", "parcel"])
        let rfc6350 = try Self.contacts("rfc6350-example.vcf")
        let simon = try #require(rfc6350.first)
        #expect(simon.honorificSuffix == "ing. jr,M.Sc.")
        #expect(
            simon.phones.first
                == VCardValue(value: "+1-418-656-9254;ext=102", types: ["work", "voice"], isPreferred: true))
        #expect(simon.phones.last?.types == ["work", "cell", "voice", "video", "text"])
        #expect(simon.birthday == "--0203")
    }
}

@Suite(.timeLimit(.minutes(20))) struct VCardReaderFeatureTests {
    @Test(arguments: ["2.1", "3.0", "4.0"])
    func everyVersionReadsTheCoreFields(version: String) throws {
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "VERSION:\(version)", "FN:Ana Cruz", "N:Cruz;Ana;;;", "ORG:Tala Foods;Sales",
                "TITLE:Buyer", "TEL:+63 917 000 0000", "EMAIL:ana@tala.ph", "END:VCARD"))
        #expect(contact.formattedName == "Ana Cruz")
        #expect(contact.familyName == "Cruz")
        #expect(contact.organization == "Tala Foods")
        #expect(contact.department == "Sales")
        #expect(contact.title == "Buyer")
        #expect(contact.phones == [VCardValue(value: "+63 917 000 0000")])
        #expect(contact.emails == [VCardValue(value: "ana@tala.ph")])
    }

    struct Unfolding: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Unfolding(name: "CRLF, space", text: "BEGIN:VCARD\r\nFN:Ana\r\n  Cruz\r\nNOTE:one\r\n two\r\nEND:VCARD\r\n"),
        Unfolding(name: "LF, space", text: "BEGIN:VCARD\nFN:Ana\n  Cruz\nNOTE:one\n two\nEND:VCARD\n"),
        Unfolding(name: "CRLF, tab", text: "BEGIN:VCARD\r\nFN:Ana\r\n\t Cruz\r\nNOTE:one\r\n\ttwo\r\nEND:VCARD\r\n"),
        Unfolding(name: "CR only", text: "BEGIN:VCARD\rFN:Ana\r  Cruz\rNOTE:one\r two\rEND:VCARD\r"),
        Unfolding(name: "CR CR LF", text: "BEGIN:VCARD\r\r\nFN:Ana\r\r\n  Cruz\r\r\nNOTE:one\r\r\n two\r\r\nEND:VCARD"),
        Unfolding(
            name: "quoted-printable soft breaks",
            text: "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ana=\r\n=20Cruz\r\n"
                + "NOTE;QUOTED-PRINTABLE:o=\r\nne=\r\ntwo\r\nEND:VCARD\r\n"),
    ])
    func foldedLinesAreJoined(unfolding: Unfolding) throws {
        let contact = try readOne(unfolding.text)
        #expect(contact.formattedName == "Ana Cruz")
        #expect(contact.note == "onetwo")
    }

    @Test func quotedPrintableSoftBreakDoesNotSwallowTheEndOfTheCard() throws {
        let contacts = try VCardReader.read(
            card(
                "BEGIN:VCARD", "VERSION:2.1", "FN:Ana", "NOTE;ENCODING=QUOTED-PRINTABLE:broken=", "END:VCARD",
                "BEGIN:VCARD", "FN:Ben", "END:VCARD"))
        #expect(contacts.map(\.formattedName) == ["Ana", "Ben"])
    }

    @Test func groupedPropertiesAreRead() throws {
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "item1.TEL;type=CELL:0917", "item1.X-ABLabel:mobile",
                "item2.EMAIL:ana@tala.ph", "ITEM3.ADR:;;1 Rizal St;Manila;;1000;PH", "END:VCARD"))
        #expect(contact.phones == [VCardValue(value: "0917", types: ["cell"])])
        #expect(contact.emails.map(\.value) == ["ana@tala.ph"])
        #expect(contact.addresses.first?.locality == "Manila")
    }

    struct Parameters: Sendable, CustomTestStringConvertible {
        var line: String
        var types: [String]
        var isPreferred: Bool
        var testDescription: String { line }
    }

    @Test(arguments: [
        Parameters(line: "TEL;TYPE=WORK,VOICE:1", types: ["work", "voice"], isPreferred: false),
        Parameters(line: "TEL;WORK;VOICE:1", types: ["work", "voice"], isPreferred: false),
        Parameters(line: "TEL;TYPE=\"work,voice\":1", types: ["work", "voice"], isPreferred: false),
        Parameters(line: "TEL;TYPE=work;TYPE=voice:1", types: ["work", "voice"], isPreferred: false),
        Parameters(line: "TEL;type=CELL;type=VOICE;type=pref:1", types: ["cell", "voice"], isPreferred: true),
        Parameters(line: "TEL;TYPE=WORK,PREF:1", types: ["work"], isPreferred: true),
        Parameters(line: "TEL;CELL;PREF:1", types: ["cell"], isPreferred: true),
        Parameters(line: "TEL;VALUE=uri;TYPE=\"work,cell\";PREF=1:tel:1", types: ["work", "cell"], isPreferred: true),
        Parameters(line: "TEL;PREF=2;TYPE=home:1", types: ["home"], isPreferred: false),
        Parameters(line: "TEL;X-COUCHDB-UUID=\"a;b:c\";TYPE=CELL:1", types: ["cell"], isPreferred: false),
        Parameters(line: "tel;type=Work:1", types: ["work"], isPreferred: false),
    ])
    func parametersInEveryFormGiveTypesAndPreference(parameters: Parameters) throws {
        let contact = try readOne(card("BEGIN:VCARD", "FN:Ana", parameters.line, "END:VCARD"))
        #expect(
            contact.phones == [VCardValue(value: "1", types: parameters.types, isPreferred: parameters.isPreferred)])
    }

    @Test(arguments: [
        ("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Pe=C3=B1a=0D=0Aline", "Peña\nline"),
        ("NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Pe=F1a", "Peña"),
        ("NOTE;ENCODING=QUOTED-PRINTABLE:Pe=C3=B1a", "Peña"),
        ("NOTE;ENCODING=QUOTED-PRINTABLE:Pe=F1a", "Peña"),
        ("NOTE;QUOTED-PRINTABLE:a=3Db =XY", "a=b =XY"),
        ("NOTE;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:=80 5", "€ 5"),
    ])
    func quotedPrintableValuesAreDecodedInTheirCharset(line: String, expected: String) throws {
        let contact = try readOne(card("BEGIN:VCARD", "VERSION:2.1", "FN:Ana", line, "END:VCARD"))
        #expect(contact.note == expected)
    }

    @Test(arguments: [
        card(
            "BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
            " AAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAA", "TEL:1", "END:VCARD"),
        card(
            "BEGIN:VCARD", "VERSION:2.1", "FN:Ana", "PHOTO;ENCODING=BASE64;TYPE=JPEG:", " /9j/4AAQSkZJRgABAQEAYABgAAD",
            " GBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj", "", "TEL:1", "END:VCARD"),
        card(
            "BEGIN:VCARD", "VERSION:2.1", "FN:Ana", "PHOTO;BASE64:", "/9j/4AAQSkZJRgABAQEAYABgAAD",
            "GBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj==", "", "TEL:1", "END:VCARD"),
        card(
            "BEGIN:VCARD", "VERSION:4.0", "FN:Ana", "PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ", "TEL:1",
            "END:VCARD"),
    ])
    func photoDataIsSkipped(text: String) throws {
        let contact = try readOne(text)
        #expect(contact.formattedName == "Ana")
        #expect(contact.phones.map(\.value) == ["1"])
    }

    @Test func photoLargerThanTheLineLimitIsSkippedWithoutError() throws {
        let photo = "PHOTO;ENCODING=b:" + String(repeating: "QUFB", count: 50_000)
        let contact = try readOne(card("BEGIN:VCARD", "FN:Ana", photo, "END:VCARD"))
        #expect(contact.formattedName == "Ana")
    }

    @Test(
        arguments: [
            ("NOTE:a\\nb\\Nc", "a\nb\nc"),
            ("NOTE:a\\, b\\; c", "a, b; c"),
            ("NOTE:back\\\\slash", "back\\slash"),
            ("NOTE:C:\\temp\\x", "C:\\temp\\x"),
            ("NOTE:say \\\"hi\\\"", "say \"hi\""),
            ("NOTE:trailing\\", "trailing\\"),
            ("URL:http\\://example.com", nil),
        ] as [(String, String?)])
    func valueEscapesAreUndone(line: String, expected: String?) throws {
        let contact = try readOne(card("BEGIN:VCARD", "FN:Ana", line, "END:VCARD"))
        if let expected {
            #expect(contact.note == expected)
        } else {
            #expect(contact.urls == ["http://example.com"])
        }
    }

    @Test func structuredValuesSplitOnlyOnUnescapedSemicolons() throws {
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "VERSION:3.0", "N:Dela Cruz\\; Jr;Juan;Santos\\, P.;Engr.;III",
                "ADR;TYPE=work:PO Box 7;Unit 5\\;B;12 Ayala Ave\\, Makati;Makati City;NCR;1226;Philippines",
                "ORG:Tala\\; Foods\\, Inc.;Sales;East", "END:VCARD"))
        #expect(contact.familyName == "Dela Cruz; Jr")
        #expect(contact.givenName == "Juan")
        #expect(contact.additionalNames == "Santos, P.")
        #expect(contact.honorificPrefix == "Engr.")
        #expect(contact.honorificSuffix == "III")
        #expect(contact.formattedName == "Engr. Juan Santos, P. Dela Cruz; Jr III")
        #expect(
            contact.addresses == [
                VCardAddress(
                    types: ["work"], poBox: "PO Box 7", extended: "Unit 5;B", street: "12 Ayala Ave, Makati",
                    locality: "Makati City", region: "NCR", postalCode: "1226", country: "Philippines")
            ])
        #expect(contact.organization == "Tala; Foods, Inc.")
        #expect(contact.department == "Sales")
    }

    @Test func shortStructuredValuesArePadded() throws {
        let contact = try readOne(card("BEGIN:VCARD", "N:Doe;John", "ADR:;;1 Main St", "ORG:Acme", "END:VCARD"))
        #expect(contact.formattedName == "John Doe")
        #expect(contact.addresses.first?.street == "1 Main St")
        #expect(contact.addresses.first?.country == "")
        #expect(contact.department == nil)
    }

    @Test func unknownAndExtensionPropertiesAreIgnored() throws {
        // Longer than the line limit, but never kept, so never measured.
        let design = "X-MS-OL-DESIGN;CHARSET=utf-8:<card>" + String(repeating: "y", count: 200_000) + "</card>"
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "X-AIM:ana", "X-ABLabel:_$!<Anniversary>!$_", design,
                "NICKNAME:A", "CATEGORIES:VIP", "GEO:37.38;-122.08", "TEL:1", "END:VCARD"))
        #expect(contact == VCardContact(formattedName: "Ana", phones: [VCardValue(value: "1")]))
    }

    @Test func severalCardsWithBlankLinesGarbageAndLowercaseAreRead() throws {
        let text = """
            Exported by Tala CRM

            begin:vcard
            version:3.0
            fn:Ana Cruz
            end:vcard
            this line is not part of any card
            : neither is this

            BEGIN:vCard
            VERSION:3.0

            FN:Ben Reyes
            garbage inside a card
            END:vCard
            END:VCARD
            trailing text
            """
        let contacts = try VCardReader.read(text)
        #expect(contacts.map(\.formattedName) == ["Ana Cruz", "Ben Reyes"])
    }

    @Test func nestedAgentCardIsSkipped() throws {
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "VERSION:2.1", "FN:Ana", "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Agent",
                "TEL:999", "END:VCARD", "TEL:1", "END:VCARD"))
        #expect(contact.formattedName == "Ana")
        #expect(contact.phones.map(\.value) == ["1"])
    }

    @Test func inlineThreeZeroAgentIsIgnored() throws {
        let contact = try readOne(
            card("BEGIN:VCARD", "VERSION:3.0", "FN:Ana", "AGENT:BEGIN:VCARD\\nFN:Agent\\nEND:VCARD", "END:VCARD"))
        #expect(contact.formattedName == "Ana")
    }

    @Test(arguments: [
        ("FN:Ana Cruz", "Ana Cruz"),
        ("N:Cruz;Ana;Maria;Dr.;PhD", "Dr. Ana Maria Cruz PhD"),
        ("ORG:Tala Foods", "Tala Foods"),
        ("EMAIL:ana@tala.ph", "ana@tala.ph"),
        ("TEL:0917", "0917"),
        ("NOTE:nothing else", ""),
    ])
    func formattedNameFallsBackWhenFNIsMissing(line: String, expected: String) throws {
        #expect(try readOne(card("BEGIN:VCARD", "VERSION:3.0", line, "END:VCARD")).formattedName == expected)
    }

    @Test func titleFallsBackToRole() throws {
        #expect(try readOne(card("BEGIN:VCARD", "FN:A", "ROLE:Buyer", "END:VCARD")).title == "Buyer")
        #expect(try readOne(card("BEGIN:VCARD", "FN:A", "ROLE:Buyer", "TITLE:Head", "END:VCARD")).title == "Head")
    }

    @Test func repeatedSingleFieldsKeepTheFirstAndNotesAreJoined() throws {
        let contact = try readOne(
            card(
                "BEGIN:VCARD", "FN:First", "FN:Second", "ORG:One;A", "ORG:Two;B", "NOTE:a", "NOTE:a", "NOTE:b",
                "URL:http://a", "URL:http://b", "BDAY:2000-01-02", "UID:u-1", "END:VCARD"))
        #expect(contact.formattedName == "First")
        #expect(contact.organization == "One")
        #expect(contact.note == "a\nb")
        #expect(contact.urls == ["http://a", "http://b"])
        #expect(contact.birthday == "2000-01-02")
        #expect(contact.uid == "u-1")
    }

    @Test func emptyValuesAreDropped() throws {
        let contact = try readOne(
            card("BEGIN:VCARD", "FN:Ana", "TEL:", "EMAIL: ", "ADR:;;;;;;", "URL:", "NOTE:", "TITLE:", "END:VCARD"))
        #expect(contact == VCardContact(formattedName: "Ana"))
    }

    @Test func unterminatedCardWithANameIsKept() throws {
        let contacts = try VCardReader.read(
            card("BEGIN:VCARD", "FN:Ana", "END:VCARD", "BEGIN:VCARD", "FN:Ben", "TEL:1", "BEGIN:VCARD", "N:Cruz;Carla"))
        #expect(contacts.map(\.formattedName) == ["Ana", "Ben", "Carla Cruz"])
        #expect(contacts[1].phones.map(\.value) == ["1"])
    }

    @Test func unterminatedCardWithoutANameFailsNamingItsLine() throws {
        let text = card("BEGIN:VCARD", "FN:Ana", "END:VCARD", "", "BEGIN:VCARD", "TEL:1")
        #expect(throws: VCardError.unterminatedCard(line: 5)) { try VCardReader.read(text) }
        #expect(VCardError.unterminatedCard(line: 5).message.contains("line 5"))
    }

    @Test(arguments: [
        ("", VCardError.empty),
        (" \r\n\t\n", .empty),
        ("\u{FEFF}", .empty),
        ("name,email\r\nAna,ana@tala.ph\r\n", .noCards),
        ("FN:Ana\r\nEND:VCARD\r\n", .noCards),
    ])
    func inputWithoutCardsFails(text: String, error: VCardError) {
        #expect(throws: error) { try VCardReader.read(text) }
        #expect(!error.message.isEmpty)
    }

    @Test func limitsAreEnforced() {
        let one = card("BEGIN:VCARD", "FN:Ana", "END:VCARD")
        #expect(throws: VCardError.tooLarge) {
            try VCardReader.read(one, limits: VCardReadLimits(maximumBytes: 10))
        }
        #expect(throws: VCardError.tooLarge) {
            try VCardReader.read(data: Data(one.utf8), limits: VCardReadLimits(maximumBytes: 10))
        }
        #expect(throws: VCardError.tooManyCards) {
            try VCardReader.read(one + one + one, limits: VCardReadLimits(maximumCards: 2))
        }
        #expect((try? VCardReader.read(one + one, limits: VCardReadLimits(maximumCards: 2)).count) == 2)
        let longNote = card("BEGIN:VCARD", "FN:Ana", "NOTE:" + String(repeating: "x", count: 60), " more", "END:VCARD")
        #expect(throws: VCardError.lineTooLong(line: 3)) {
            try VCardReader.read(longNote, limits: VCardReadLimits(maximumLineLength: 64))
        }
        #expect(VCardError.lineTooLong(line: 3).message.contains("Line 3"))
    }

    @Test func defaultLimitsMatchTheDocumentedValues() {
        let limits = VCardReadLimits()
        #expect(limits.maximumBytes == 10 * 1024 * 1024)
        #expect(limits.maximumCards == 50_000)
        #expect(limits.maximumLineLength == 100_000)
    }

    @Test func errorsAreClassifiedForTheWebLayer() {
        #expect(VCardError.tooLarge.kind == .payloadTooLarge)
        #expect(VCardError.unterminatedCard(line: 2).kind == .malformedInput)
        #expect(VCardError.noCards.code == "vcard_no_cards")
        #expect(VCardError.noCards.detail == VCardError.noCards.message)
    }

    struct Encoded: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let peña = "BEGIN:VCARD\r\nFN:Peña €\r\nEND:VCARD\r\n"

    @Test(arguments: [
        Encoded(name: "UTF-8", bytes: Array(peña.utf8)),
        Encoded(name: "UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + Array(peña.utf8)),
        Encoded(
            name: "UTF-16 LE with BOM",
            bytes: [0xFF, 0xFE] + peña.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        Encoded(
            name: "UTF-16 BE with BOM",
            bytes: [0xFE, 0xFF] + peña.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        Encoded(
            name: "Windows-1252",
            bytes: Array("BEGIN:VCARD\r\nFN:Pe".utf8) + [0xF1] + Array("a ".utf8) + [0x80]
                + Array("\r\nEND:VCARD\r\n".utf8)),
    ])
    func dataIsDecodedByItsByteOrderMarkOrAsWindows1252(encoded: Encoded) throws {
        let contacts = try VCardReader.read(data: Data(encoded.bytes))
        #expect(contacts.map(\.formattedName) == ["Peña €"])
    }

    @Test func textWithByteOrderMarkIsRead() throws {
        #expect(try readOne("\u{FEFF}" + Self.peña).formattedName == "Peña €")
    }

    @Test(arguments: [
        (
            VCardAddress(street: "1 Rizal St", locality: "Manila", region: "NCR", postalCode: "1000", country: "PH"),
            "1 Rizal St, Manila, NCR 1000, PH"
        ),
        (
            VCardAddress(poBox: "PO Box 7", extended: "Unit 5", street: "Line one\nLine two", postalCode: "1000"),
            "PO Box 7, Unit 5, Line one, Line two, 1000"
        ),
        (VCardAddress(), ""),
    ])
    func addressRendersOnOneLine(address: VCardAddress, expected: String) {
        #expect(address.singleLine == expected)
    }

    @Test func malformedInputNeverCrashes() {
        let fragments = [
            "BEGIN:VCARD", "END:VCARD", "FN:", "N:;;;;;;;;;;", ":", ";;;:", "TEL;TYPE=\"unterminated:1", "=",
            "NOTE;QP:=",
            "NOTE;ENCODING=QUOTED-PRINTABLE:=E", " ", "\t", "AGENT:", "item1.:x", "\\", "PHOTO;BASE64:", "AAAA", "é",
            "ADR;;;:;;", "\r", "\u{0}",
        ]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let count = Int(generator.next() % 12)
            let text = (0..<count).map { _ in fragments[Int(generator.next() % UInt64(fragments.count))] }
                .joined(separator: generator.next() % 2 == 0 ? "\r\n" : "\n")
            _ = try? VCardReader.read(text)
            _ = try? VCardReader.read(data: Data(text.utf8))
        }
    }
}

/// A tiny deterministic generator so the garbage test is the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

@Suite(.timeLimit(.minutes(20))) struct VCardWriterTests {
    static let tricky = VCardContact(
        formattedName: "Señor Niño, Jr.; the \"Boss\"", familyName: "Niño; Peña", givenName: "José, Jr",
        additionalNames: "Back\\slash", honorificPrefix: "Sr.", honorificSuffix: "III",
        organization: "Café, Ñandú; Co.", department: "Sales\nEast", title: "Head, Sales; APAC",
        phones: [
            VCardValue(value: "+63 917 123 4567", types: ["cell", "voice"], isPreferred: true),
            VCardValue(value: "+63 2 8123 4567", types: ["work", "fax"]),
        ],
        emails: [
            VCardValue(value: "jose@cafe.ph", types: ["work"], isPreferred: true),
            VCardValue(value: "jose.personal@example.com", types: ["home"]),
        ],
        addresses: [
            VCardAddress(
                types: ["work"], poBox: "PO Box 1", extended: "Unit 5; Tower B", street: "12 Ayala Ave,\nBel-Air",
                locality: "Makati", region: "NCR", postalCode: "1226", country: "Pilipinas")
        ],
        urls: ["https://cafe.ph/?a=1,2;b"],
        note: "Línea uno, con coma; y punto y coma\nLínea dos \\ barra\n\n"
            + String(repeating: "ñandú café €uro 😀 ", count: 15),
        birthday: "1980-03-22", uid: "urn:uuid:0f3c6a5e-1b2c-4d5e-8f90-123456789abc")

    static let plain = VCardContact(
        formattedName: "Ana Cruz", familyName: "Cruz", givenName: "Ana", phones: [VCardValue(value: "0917")],
        emails: [VCardValue(value: "ana@tala.ph")])

    @Test func threeZeroCardHasTheExpectedLines() {
        let contact = VCardContact(
            formattedName: "Ana Cruz", familyName: "Cruz", givenName: "Ana", organization: "Tala Foods",
            department: "Sales", title: "Buyer",
            phones: [VCardValue(value: "+63 917 000 0000", types: ["cell", "voice"], isPreferred: true)],
            emails: [VCardValue(value: "ana@tala.ph", types: ["internet", "work"])],
            addresses: [VCardAddress(types: ["work"], street: "1 Rizal St", locality: "Manila", country: "PH")],
            urls: ["https://tala.ph"], note: "Met at expo, 2024", uid: "c-1")
        #expect(
            VCardWriter.write([contact], version: .v3)
                == card(
                    "BEGIN:VCARD", "VERSION:3.0", "FN:Ana Cruz", "N:Cruz;Ana;;;", "ORG:Tala Foods;Sales", "TITLE:Buyer",
                    "TEL;TYPE=cell,voice,pref:+63 917 000 0000", "EMAIL;TYPE=internet,work:ana@tala.ph",
                    "ADR;TYPE=work:;;1 Rizal St;Manila;;;PH", "URL:https://tala.ph", "NOTE:Met at expo\\, 2024",
                    "UID:c-1", "END:VCARD"))
        #expect(
            VCardWriter.write([contact], version: .v4)
                == card(
                    "BEGIN:VCARD", "VERSION:4.0", "FN:Ana Cruz", "N:Cruz;Ana;;;", "ORG:Tala Foods;Sales", "TITLE:Buyer",
                    "TEL;TYPE=cell,voice;PREF=1:+63 917 000 0000", "EMAIL;TYPE=work:ana@tala.ph",
                    "ADR;TYPE=work:;;1 Rizal St;Manila;;;PH", "URL:https://tala.ph", "NOTE:Met at expo\\, 2024",
                    "UID:c-1", "END:VCARD"))
    }

    @Test func contactWithoutFormattedNameGetsOneAndHostileTypesAreCleaned() {
        let contact = VCardContact(
            familyName: "Cruz", givenName: "Ana",
            phones: [VCardValue(value: "1", types: ["work:x;y=\"z\"", "", "PREF"])])
        #expect(
            VCardWriter.write([contact], version: .v3)
                == card("BEGIN:VCARD", "VERSION:3.0", "FN:Ana Cruz", "N:Cruz;Ana;;;", "TEL;TYPE=workxyz:1", "END:VCARD")
        )
    }

    @Test(arguments: [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("tab\tkept, bell\u{7}dropped", "tab\tkept\\, belldropped"),
        ("ñ 😀", "ñ 😀"),
    ])
    func textIsEscaped(text: String, expected: String) {
        #expect(VCardEscaping.escape(text) == expected)
    }

    @Test(arguments: [VCardVersion.v3, .v4])
    func roundTripKeepsEveryField(version: VCardVersion) throws {
        let written = VCardWriter.write([Self.tricky, Self.plain], version: version)
        let contacts = try VCardReader.read(written)
        try #require(contacts.count == 2)
        let read = contacts[0]
        let expected = Self.tricky
        #expect(read.formattedName == expected.formattedName)
        #expect(read.familyName == expected.familyName)
        #expect(read.givenName == expected.givenName)
        #expect(read.additionalNames == expected.additionalNames)
        #expect(read.honorificPrefix == expected.honorificPrefix)
        #expect(read.honorificSuffix == expected.honorificSuffix)
        #expect(read.organization == expected.organization)
        #expect(read.department == expected.department)
        #expect(read.title == expected.title)
        #expect(read.phones == expected.phones)
        #expect(read.emails == expected.emails)
        #expect(read.addresses == expected.addresses)
        #expect(read.urls == expected.urls)
        #expect(read.note == expected.note?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(read.birthday == expected.birthday)
        #expect(read.uid == expected.uid)
        #expect(contacts[1] == Self.plain)
    }

    @Test(arguments: [VCardVersion.v3, .v4])
    func everyLineFitsInSeventyFiveOctetsAndEndsInCRLF(version: VCardVersion) throws {
        let written = VCardWriter.write([Self.tricky, Self.plain], version: version)
        let bytes = Array(written.utf8)
        #expect(bytes.suffix(2) == [13, 10])
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).dropLast()
        for line in lines {
            #expect(line.last == 13, "line without CRLF")
            #expect(line.count - 1 <= 75, "\(String(decoding: line, as: UTF8.self))")
            #expect(!line.dropLast().contains(13))
            // Each physical line is valid UTF-8 on its own: no character was cut in half.
            #expect(TextBytes.utf8(line) != nil)
        }
        let noteLines = written.components(separatedBy: "\r\n").drop { !$0.hasPrefix("NOTE:") }
            .prefix { $0.hasPrefix("NOTE:") || $0.hasPrefix(" ") }
        #expect(noteLines.count >= 5, "a 300-character note must fold onto several lines")
    }

    @Test func foldingNeverSplitsAMultiByteCharacter() {
        for prefixLength in 0..<8 {
            let line = "NOTE:" + String(repeating: "a", count: prefixLength) + String(repeating: "ñ€😀", count: 40)
            let folded = VCardLineFolder.fold(line)
            let physical = Array(folded.utf8).split(separator: 10).map { Array($0.dropLast()) }
            for part in physical {
                #expect(part.count <= 75)
                #expect(TextBytes.utf8(part) != nil)
            }
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line + "\r\n")
        }
    }

    @Test func emptyListWritesNothing() {
        #expect(VCardWriter.write([], version: .v3) == "")
    }

    /// Parses our output with Python's vobject (`readComponents`), re-serializes it there, and checks that FN, N,
    /// EMAIL and TEL agree with what we wrote. `scripts/test` sets `BENTA_PYTHON` to a Python with vobject; without
    /// it the test is reported as skipped, unless `BENTA_REQUIRE_VALIDATORS=1` makes it fail.
    @Test(
        .enabled(
            if: TestFiles.runsPythonValidators,
            "needs BENTA_PYTHON, a Python with vobject (scripts/test creates one), or BENTA_REQUIRE_VALIDATORS=1"),
        arguments: [VCardVersion.v3, .v4])
    func vobjectReadsOurOutput(version: VCardVersion) async throws {
        let python = try TestFiles.requirePython()
        let contacts = [Self.tricky, Self.plain, VCardContact(formattedName: "Only Name")]
        let written = VCardWriter.write(contacts, version: version)
        let script = """
            import json, sys
            # Standard input is read first: a Python that exits before reading it would break the pipe.
            text = sys.stdin.buffer.read().decode("utf-8")
            import vobject
            def flat(value):
                return ",".join(value) if isinstance(value, list) else value
            def summary(card):
                n = card.contents.get("n", [None])[0]
                name = None if n is None else [flat(getattr(n.value, part)) for part in
                    ("family", "given", "additional", "prefix", "suffix")]
                return {"fn": card.fn.value, "n": name,
                        "email": [line.value for line in card.contents.get("email", [])],
                        "tel": [line.value for line in card.contents.get("tel", [])]}
            first = [summary(card) for card in vobject.readComponents(text)]
            again = "".join(card.serialize() for card in vobject.readComponents(text))
            second = [summary(card) for card in vobject.readComponents(again)]
            if first != second:
                sys.exit("re-serialized cards differ: %r != %r" % (first, second))
            print(json.dumps(first))
            """
        let run = try await ChildProcess.run(python, ["-c", script], input: Array(written.utf8))
        try #require(run.status == 0, "vobject failed: \(run.errorText)")

        struct Summary: Decodable, Equatable {
            var fn: String
            var n: [String]?
            var email: [String]
            var tel: [String]
        }
        let summaries = try JSONDecoder().decode([Summary].self, from: Data(run.output))
        let expected = contacts.map { contact in
            Summary(
                fn: VCardWriter.lines(for: contact, version: version).first { $0.hasPrefix("FN:") }
                    .map { VCardEscaping.unescape(String($0.dropFirst(3))) } ?? "",
                n: [
                    contact.familyName, contact.givenName, contact.additionalNames, contact.honorificPrefix,
                    contact.honorificSuffix,
                ],
                email: contact.emails.map(\.value), tel: contact.phones.map(\.value))
        }
        #expect(summaries == expected)
    }
}
