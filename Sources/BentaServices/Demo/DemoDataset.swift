import Foundation

/// A deterministic, realistic demo dataset for Benta: the seller company plus its customer accounts and contacts.
///
/// The seller is "Bituin Office Solutions Inc.", a VAT-registered office-equipment and IT-services company in
/// Makati. Its customers are Philippine businesses (and a few local government units) spread across the country.
/// Everything is generated from a self-contained SplitMix64 PRNG, so the same seed always yields the same data on
/// every platform and Swift version.
public struct DemoDataset: Sendable {
    /// The company that uses Benta (the seller).
    public struct Company: Sendable {
        /// Trading name, e.g. "Bituin Office Solutions".
        public let name: String
        /// SEC-registered name, e.g. "Bituin Office Solutions Inc.".
        public let registeredName: String
        /// 14 digits: 9-digit TIN plus 5-digit branch code.
        public let tinDigits: String
        /// Registered business address.
        public let address: String
    }

    /// A customer account (a business or government unit the seller sells to).
    public struct Account: Sendable {
        /// Index of the owning sales manager, 0...3 (manager1...manager4).
        public let ownerIndex: Int
        /// Trading name, e.g. "Mabuhay Hardware".
        public let name: String
        /// Registered name, e.g. "Mabuhay Hardware Trading Corp.".
        public let registeredName: String
        /// 14 digits: 9-digit TIN plus a branch code such as "00000" or "00001". Unique in the dataset.
        public let tinDigits: String
        /// Industry label, e.g. "Hardware", "Healthcare", "Government".
        public let industry: String
        /// Billing address: street, barangay, city, province, ZIP.
        public let billingAddress: String
        /// Delivery address; often the same as the billing address.
        public let deliveryAddress: String
        /// One or two phone numbers ("+63 2 8xxx xxxx" landlines, "+63 9xx xxx xxxx" mobiles). Unique in the dataset.
        public let phones: [String]
        /// General e-mail address, e.g. "info@mabuhayhardware.ph".
        public let email: String
        /// Website URL, e.g. "https://mabuhayhardware.ph", or "" when the account has none.
        public let website: String
        /// Zero to three tags from `DemoDataset.tagVocabulary`.
        public let tags: [String]
        /// Free-form account notes (may be empty).
        public let notes: String
        /// Whether the account is archived.
        public let isArchived: Bool
        /// One to three contact persons.
        public let contacts: [Contact]
    }

    /// A contact person at a customer account.
    public struct Contact: Sendable {
        /// Full name, e.g. "Maria Clara Santos".
        public let name: String
        /// Job title, e.g. "Purchasing Manager".
        public let position: String
        /// Mobile numbers in mixed, realistic input formats ("0917 123 4567", "+63 918-234-5678", ...).
        public let phones: [String]
        /// E-mail addresses; the first is firstname.lastname@companydomain.
        public let emails: [String]
        /// One of "phone", "email", "sms", "viber", "in_person".
        public let preferredChannel: String
        /// Free-form contact notes (may be empty).
        public let notes: String
    }

    /// The seller company.
    public let company: Company
    /// Customer accounts, in generation order.
    public let accounts: [Account]

    /// All tags the generator may assign to accounts.
    static let tagVocabulary = ["key-account", "government", "top-withholding-agent", "reseller", "new", "vip"]

    /// All preferred-channel values the generator may assign to contacts.
    static let channelVocabulary = ["phone", "email", "sms", "viber", "in_person"]

    /// Builds the same data every time (seeded PRNG you implement yourself, e.g. SplitMix64; never
    /// SystemRandomNumberGenerator).
    ///
    /// - Parameters:
    ///   - accountCount: Number of customer accounts to generate (negative values are treated as 0).
    ///   - seed: PRNG seed; the same seed always yields identical output.
    public static func make(accountCount: Int = 150, seed: UInt64 = 2026) -> DemoDataset {
        var generator = DemoGenerator(seed: seed)
        return DemoDataset(company: sellerCompany, accounts: generator.makeAccounts(count: max(0, accountCount)))
    }

    /// The fixed seller company.
    static let sellerCompany = Company(
        name: "Bituin Office Solutions",
        registeredName: "Bituin Office Solutions Inc.",
        tinDigits: "00912345600000",
        address: "18F Ayala Tower One, 6767 Ayala Avenue, Makati City, Metro Manila 1226"
    )
}

// MARK: - PRNG

/// SplitMix64: tiny, fast, and fully deterministic across platforms.
struct DemoSplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0..<bound (bound > 0), via multiply-high; independent of stdlib algorithms.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Picks an index according to integer weights (all ≥ 0, sum > 0).
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// A string of `count` random decimal digits.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(below(10))) })
    }
}

// MARK: - Reference data

private enum LocalityKind: Sendable {
    case city, municipality
}

private struct Location: Sendable {
    /// Display name used in addresses, e.g. "Pasig City", "City of San Fernando", "Taytay".
    let city: String
    /// Short name used for LGU names and domains, e.g. "Pasig", "San Fernando".
    let short: String
    let province: String
    let zip: String
    /// Landline area code without trunk prefix ("2" for Metro Manila).
    let areaCode: String
    let kind: LocalityKind
    /// Region hints matched by geographic name prefixes ("metro", "luzon", "cebu", ...).
    let tags: [String]
    /// BPO / office hub.
    let isHub: Bool
    let weight: Int
    let streets: [String]
    let barangays: [String]

    var isMetroManila: Bool { province == "Metro Manila" }
}

private enum GovernmentLevel: String, Sendable {
    case province = "Provincial", city = "City", municipality = "Municipal"
}

private enum Placement: Sendable {
    case anywhere, hub, provincial
}

private struct Industry: Sendable {
    let name: String
    let weight: Int
    let suffixes: [String]
    /// Extra name prefixes typical for the industry (e.g. saints for schools and hospitals).
    let extraPrefixes: [String]
    let placement: Placement
    let positions: [String]
    let notes: [String]
    let resellerChance: Double
    /// Restricts legal forms to incorporated ones (schools, hospitals, BPOs, ...).
    let corporateOnly: Bool
    let isGovernment: Bool
    /// Whether the business plausibly sits in an office building (floor/unit addresses).
    var usesOffices: Bool { !["Agriculture", "Manufacturing", "Logistics", "Hardware"].contains(name) }
}

private struct NamePrefix: Sendable {
    let text: String
    /// Optional region tag that steers the account's location (e.g. "cebu").
    let hint: String?
}

private enum DemoData {
    static let locations: [Location] = [
        Location(
            city: "Makati City", short: "Makati", province: "Metro Manila", zip: "1226", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 8,
            streets: [
                "Ayala Ave.", "Paseo de Roxas", "Gil Puyat Ave.", "Chino Roces Ave.", "Jupiter St.",
                "Kalayaan Ave.", "J.P. Rizal St.", "Amorsolo St.",
            ],
            barangays: [
                "Bel-Air", "Poblacion", "San Lorenzo", "Urdaneta", "San Antonio", "Palanan", "Bangkal",
                "Guadalupe Nuevo", "Olympia",
            ]),
        Location(
            city: "Quezon City", short: "Quezon City", province: "Metro Manila", zip: "1100", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 10,
            streets: [
                "Commonwealth Ave.", "Quezon Ave.", "E. Rodriguez Sr. Ave.", "Timog Ave.", "Tomas Morato Ave.",
                "Aurora Blvd.", "Mindanao Ave.", "Visayas Ave.", "Kamias Road",
            ],
            barangays: [
                "Bagong Pag-asa", "Diliman", "Batasan Hills", "Commonwealth", "Holy Spirit", "Kamuning",
                "Laging Handa", "South Triangle", "Socorro", "Novaliches Proper", "Santo Niño",
            ]),
        Location(
            city: "Pasig City", short: "Pasig", province: "Metro Manila", zip: "1600", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 7,
            streets: [
                "Ortigas Ave.", "C. Raymundo Ave.", "Shaw Blvd.", "Amang Rodriguez Ave.",
                "Dr. Sixto Antonio Ave.", "Meralco Ave.", "San Miguel Ave.",
            ],
            barangays: [
                "San Antonio", "Kapitolyo", "Ugong", "Rosario", "Caniogan", "Manggahan", "Santolan",
                "Pinagbuhatan", "Bagong Ilog",
            ]),
        Location(
            city: "Taguig City", short: "Taguig", province: "Metro Manila", zip: "1634", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 6,
            streets: [
                "32nd St.", "5th Ave.", "C-5 Road", "McKinley Parkway", "General Santos Ave.",
                "M.L. Quezon Ave.",
            ],
            barangays: [
                "Fort Bonifacio", "Western Bicutan", "Ususan", "Pinagsama", "Bagumbayan", "Lower Bicutan",
                "Tuktukan",
            ]),
        Location(
            city: "Mandaluyong City", short: "Mandaluyong", province: "Metro Manila", zip: "1550", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 4,
            streets: ["Shaw Blvd.", "EDSA", "Boni Ave.", "Pioneer St.", "Reliance St.", "Kalentong St."],
            barangays: [
                "Wack-Wack Greenhills", "Highway Hills", "Plainview", "Barangka Drive", "Hulo",
                "Addition Hills",
            ]),
        Location(
            city: "Parañaque City", short: "Parañaque", province: "Metro Manila", zip: "1700", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 4,
            streets: [
                "Dr. A. Santos Ave.", "Ninoy Aquino Ave.", "Quirino Ave.", "El Grande Ave.",
                "President Ave.",
            ],
            barangays: [
                "San Dionisio", "BF Homes", "Baclaran", "Don Bosco", "Sun Valley", "Tambo",
                "Santo Niño",
            ]),
        Location(
            city: "Las Piñas City", short: "Las Piñas", province: "Metro Manila", zip: "1740", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: false, weight: 3,
            streets: ["Alabang-Zapote Road", "Real St.", "CAA Road", "Marcos Alvarez Ave."],
            barangays: ["Talon Uno", "Pamplona Dos", "Almanza Uno", "Pulang Lupa Uno", "Zapote"]),
        Location(
            city: "Caloocan City", short: "Caloocan", province: "Metro Manila", zip: "1400", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: false, weight: 3,
            streets: ["Rizal Ave. Extension", "10th Ave.", "Samson Road", "Zabarte Road"],
            barangays: ["Bagong Silang", "Grace Park East", "Camarin", "Bagumbong", "Deparo"]),
        Location(
            city: "Marikina City", short: "Marikina", province: "Metro Manila", zip: "1800", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: false, weight: 3,
            streets: ["J.P. Rizal St.", "Sumulong Highway", "Shoe Ave.", "Gil Fernando Ave.", "Bayan-Bayanan Ave."],
            barangays: ["Santo Niño", "Concepcion Uno", "Marikina Heights", "Parang", "Nangka", "Malanday"]),
        Location(
            city: "Valenzuela City", short: "Valenzuela", province: "Metro Manila", zip: "1440", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: false, weight: 3,
            streets: ["McArthur Highway", "Maysan Road", "T. Santiago St.", "Gen. T. de Leon Road"],
            barangays: ["Malinta", "Karuhatan", "Marulas", "Paso de Blas", "Ugong", "Gen. T. de Leon"]),
        Location(
            city: "Muntinlupa City", short: "Muntinlupa", province: "Metro Manila", zip: "1770", areaCode: "2",
            kind: .city, tags: ["metro", "luzon"], isHub: true, weight: 3,
            streets: ["National Road", "Filinvest Ave.", "Commerce Ave.", "Montillano St."],
            barangays: ["Alabang", "Ayala Alabang", "Tunasan", "Putatan", "Poblacion"]),
        Location(
            city: "Antipolo City", short: "Antipolo", province: "Rizal", zip: "1870", areaCode: "2",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 2,
            streets: ["Sumulong Highway", "Marcos Highway", "M.L. Quezon St.", "Circumferential Road"],
            barangays: ["San Roque", "Dela Paz", "Mambugan", "San Isidro", "Cupang"]),
        Location(
            city: "Taytay", short: "Taytay", province: "Rizal", zip: "1920", areaCode: "2",
            kind: .municipality, tags: ["luzon", "calabarzon"], isHub: false, weight: 1,
            streets: ["Manila East Road", "Rizal Ave.", "Velasquez St."],
            barangays: ["San Juan", "Dolores", "Santa Ana", "San Isidro", "Muzon"]),
        Location(
            city: "Cainta", short: "Cainta", province: "Rizal", zip: "1900", areaCode: "2",
            kind: .municipality, tags: ["luzon", "calabarzon"], isHub: false, weight: 1,
            streets: ["Ortigas Ave. Extension", "A. Bonifacio Ave.", "Felix Ave."],
            barangays: ["San Isidro", "San Andres", "Santo Domingo", "Santa Rosa", "San Juan"]),
        Location(
            city: "Cebu City", short: "Cebu", province: "Cebu", zip: "6000", areaCode: "32",
            kind: .city, tags: ["cebu", "visayas"], isHub: true, weight: 7,
            streets: [
                "Osmeña Blvd.", "Colon St.", "Gen. Maxilom Ave.", "N. Escario St.", "Juan Luna Ave.",
                "Archbishop Reyes Ave.", "Salinas Drive",
            ],
            barangays: [
                "Lahug", "Mabolo", "Kamputhaw", "Guadalupe", "Talamban", "Banilad", "Capitol Site",
                "Sambag I",
            ]),
        Location(
            city: "Mandaue City", short: "Mandaue", province: "Cebu", zip: "6014", areaCode: "32",
            kind: .city, tags: ["cebu", "visayas"], isHub: false, weight: 3,
            streets: ["A.S. Fortuna St.", "M.C. Briones St.", "Ouano Ave.", "Plaridel St."],
            barangays: ["Subangdaku", "Bakilid", "Tipolo", "Banilad", "Centro", "Maguikay"]),
        Location(
            city: "Consolacion", short: "Consolacion", province: "Cebu", zip: "6001", areaCode: "32",
            kind: .municipality, tags: ["cebu", "visayas"], isHub: false, weight: 1,
            streets: ["National Highway", "Cebu North Road"],
            barangays: ["Lamac", "Pitogo", "Tayud", "Poblacion Oriental", "Garing"]),
        Location(
            city: "Davao City", short: "Davao", province: "Davao del Sur", zip: "8000", areaCode: "82",
            kind: .city, tags: ["davao", "mindanao"], isHub: true, weight: 6,
            streets: [
                "J.P. Laurel Ave.", "C.M. Recto St.", "Quirino Ave.", "Roxas Ave.", "Ma-a Road",
                "MacArthur Highway",
            ],
            barangays: ["Buhangin", "Matina Crossing", "Agdao", "Lanang", "Bajada", "Toril", "Talomo"]),
        Location(
            city: "Iloilo City", short: "Iloilo", province: "Iloilo", zip: "5000", areaCode: "33",
            kind: .city, tags: ["iloilo", "visayas"], isHub: true, weight: 4,
            streets: ["General Luna St.", "Iznart St.", "Diversion Road", "E. Lopez St.", "Gen. Hughes St."],
            barangays: ["Jaro", "Mandurriao", "La Paz", "Molo", "Arevalo", "Lapuz"]),
        Location(
            city: "Baguio City", short: "Baguio", province: "Benguet", zip: "2600", areaCode: "74",
            kind: .city, tags: ["luzon", "north"], isHub: true, weight: 3,
            streets: ["Session Road", "Magsaysay Ave.", "Harrison Road", "Abanao St.", "Marcos Highway"],
            barangays: ["Camp 7", "Irisan", "Pacdal", "Aurora Hill", "Loakan Proper", "Bakakeng Central"]),
        Location(
            city: "Cagayan de Oro City", short: "Cagayan de Oro", province: "Misamis Oriental", zip: "9000",
            areaCode: "88", kind: .city, tags: ["mindanao"], isHub: true, weight: 4,
            streets: ["Corrales Ave.", "Capistrano St.", "J.R. Borja St.", "Tiano Brothers St.", "Masterson Ave."],
            barangays: ["Carmen", "Lapasan", "Kauswagan", "Bulua", "Gusa", "Nazareth", "Macasandig"]),
        Location(
            city: "Bacolod City", short: "Bacolod", province: "Negros Occidental", zip: "6100", areaCode: "34",
            kind: .city, tags: ["visayas"], isHub: true, weight: 4,
            streets: ["Lacson St.", "Araneta St.", "Burgos Ave.", "Circumferential Road"],
            barangays: ["Mandalagan", "Villamonte", "Taculing", "Singcang-Airport", "Tangub", "Estefania"]),
        Location(
            city: "Angeles City", short: "Angeles", province: "Pampanga", zip: "2009", areaCode: "45",
            kind: .city, tags: ["luzon", "central-luzon"], isHub: true, weight: 3,
            streets: ["MacArthur Highway", "Sto. Rosario St.", "Fil-Am Friendship Highway", "Henson St."],
            barangays: ["Balibago", "Pampang", "Santo Rosario", "Malabañas", "Pulung Maragul", "Cutcut"]),
        Location(
            city: "City of San Fernando", short: "San Fernando", province: "Pampanga", zip: "2000", areaCode: "45",
            kind: .city, tags: ["luzon", "central-luzon"], isHub: false, weight: 3,
            streets: ["Jose Abad Santos Ave.", "MacArthur Highway", "Consunji St.", "Lazatin Blvd."],
            barangays: ["Dolores", "San Agustin", "Sindalan", "Del Pilar", "Santo Niño", "Maimpis"]),
        Location(
            city: "Malolos City", short: "Malolos", province: "Bulacan", zip: "3000", areaCode: "44",
            kind: .city, tags: ["luzon", "central-luzon"], isHub: false, weight: 2,
            streets: ["Paseo del Congreso", "MacArthur Highway", "Fausta Road"],
            barangays: ["Santo Rosario", "Longos", "Bulihan", "Mojon", "Tikay"]),
        Location(
            city: "Guiguinto", short: "Guiguinto", province: "Bulacan", zip: "3015", areaCode: "44",
            kind: .municipality, tags: ["luzon", "central-luzon"], isHub: false, weight: 1,
            streets: ["MacArthur Highway", "Daang Maharlika"],
            barangays: ["Tabe", "Tiaong", "Malis", "Santa Rita", "Poblacion"]),
        Location(
            city: "Tarlac City", short: "Tarlac", province: "Tarlac", zip: "2300", areaCode: "45",
            kind: .city, tags: ["luzon", "central-luzon"], isHub: false, weight: 2,
            streets: ["McArthur Highway", "F. Tañedo St.", "Romulo Blvd."],
            barangays: ["San Roque", "San Vicente", "Matatalaib", "Santo Cristo", "San Nicolas"]),
        Location(
            city: "Cabanatuan City", short: "Cabanatuan", province: "Nueva Ecija", zip: "3100", areaCode: "44",
            kind: .city, tags: ["luzon", "central-luzon"], isHub: false, weight: 2,
            streets: ["Maharlika Highway", "Burgos Ave.", "Del Pilar St."],
            barangays: ["Sangitan", "Aduas Norte", "Bitas", "Kapitan Pepe", "Sumacab Este"]),
        Location(
            city: "Dagupan City", short: "Dagupan", province: "Pangasinan", zip: "2400", areaCode: "75",
            kind: .city, tags: ["luzon", "north"], isHub: false, weight: 2,
            streets: ["A.B. Fernandez Ave.", "Perez Blvd.", "Arellano St.", "Tapuac Road"],
            barangays: ["Lucao", "Bonuan Gueset", "Pantal", "Tapuac", "Mayombo"]),
        Location(
            city: "Batangas City", short: "Batangas", province: "Batangas", zip: "4200", areaCode: "43",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 3,
            streets: ["P. Burgos St.", "Rizal Ave.", "Diversion Road", "National Highway"],
            barangays: ["Kumintang Ibaba", "Alangilan", "Pallocan West", "Balagtas", "Santa Rita Karsada"]),
        Location(
            city: "Lipa City", short: "Lipa", province: "Batangas", zip: "4217", areaCode: "43",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 3,
            streets: ["C.M. Recto Ave.", "J.P. Laurel Highway", "B. Morada Ave.", "Ayala Highway"],
            barangays: ["Sabang", "Marawoy", "Tambo", "Balintawak", "Mataas na Lupa"]),
        Location(
            city: "City of Santa Rosa", short: "Santa Rosa", province: "Laguna", zip: "4026", areaCode: "49",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: true, weight: 3,
            streets: ["National Highway", "Santa Rosa-Tagaytay Road", "Nuvali Blvd.", "Rizal Blvd."],
            barangays: ["Balibago", "Don Jose", "Tagapo", "Pulong Santa Cruz", "Macabling", "Dila"]),
        Location(
            city: "Calamba City", short: "Calamba", province: "Laguna", zip: "4027", areaCode: "49",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 2,
            streets: ["National Highway", "Chipeco Ave.", "Burgos St."],
            barangays: ["Parian", "Halang", "Real", "Canlubang", "Mayapa"]),
        Location(
            city: "City of Biñan", short: "Biñan", province: "Laguna", zip: "4024", areaCode: "49",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 2,
            streets: ["A. Bonifacio St.", "National Highway", "Manila South Road"],
            barangays: ["Poblacion", "Canlalay", "Platero", "Santo Tomas", "San Antonio"]),
        Location(
            city: "Dasmariñas City", short: "Dasmariñas", province: "Cavite", zip: "4114", areaCode: "46",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 2,
            streets: ["Aguinaldo Highway", "Governor's Drive", "Congressional Ave."],
            barangays: ["Salitran II", "Burol Main", "Salawag", "Paliparan III", "Sampaloc IV"]),
        Location(
            city: "Silang", short: "Silang", province: "Cavite", zip: "4118", areaCode: "46",
            kind: .municipality, tags: ["luzon", "calabarzon"], isHub: false, weight: 1,
            streets: ["Aguinaldo Highway", "J.P. Rizal St.", "Silang-Tagaytay Road"],
            barangays: ["Biga I", "Lalaan II", "Poblacion I", "Pulong Bunga", "Tibig"]),
        Location(
            city: "Lucena City", short: "Lucena", province: "Quezon", zip: "4301", areaCode: "42",
            kind: .city, tags: ["luzon", "calabarzon"], isHub: false, weight: 2,
            streets: ["Quezon Ave.", "Merchan St.", "Maharlika Highway"],
            barangays: ["Ibabang Dupay", "Gulang-Gulang", "Isabang", "Cotta", "Ilayang Iyam"]),
        Location(
            city: "Naga City", short: "Naga", province: "Camarines Sur", zip: "4400", areaCode: "54",
            kind: .city, tags: ["bicol", "luzon"], isHub: true, weight: 2,
            streets: ["Magsaysay Ave.", "Panganiban Drive", "Elias Angeles St.", "Peñafrancia Ave."],
            barangays: ["Concepcion Pequeña", "Triangulo", "Dinaga", "Peñafrancia", "Carolina"]),
        Location(
            city: "Legazpi City", short: "Legazpi", province: "Albay", zip: "4500", areaCode: "52",
            kind: .city, tags: ["bicol", "luzon"], isHub: false, weight: 2,
            streets: ["Rizal St.", "Peñaranda St.", "Washington Drive", "F. Imperial St."],
            barangays: ["Bitano", "Rawis", "Sabang", "Bonot", "Cabangan"]),
        Location(
            city: "Puerto Princesa City", short: "Puerto Princesa", province: "Palawan", zip: "5300",
            areaCode: "48", kind: .city, tags: ["luzon"], isHub: false, weight: 2,
            streets: ["Rizal Ave.", "Malvar St.", "National Highway", "Manalo St."],
            barangays: ["San Pedro", "San Manuel", "Sicsican", "Bancao-Bancao", "Tiniguiban"]),
        Location(
            city: "Tacloban City", short: "Tacloban", province: "Leyte", zip: "6500", areaCode: "53",
            kind: .city, tags: ["visayas"], isHub: false, weight: 2,
            streets: ["Real St.", "Justice Romualdez St.", "Avenida Veteranos", "Zamora St."],
            barangays: ["Sagkahan", "Marasbaras", "San Jose", "Abucay", "Utap"]),
        Location(
            city: "Dumaguete City", short: "Dumaguete", province: "Negros Oriental", zip: "6200", areaCode: "35",
            kind: .city, tags: ["visayas"], isHub: true, weight: 2,
            streets: ["Rizal Blvd.", "Perdices St.", "Real St.", "Silliman Ave."],
            barangays: ["Poblacion 1", "Piapi", "Bantayan", "Daro", "Calindagan"]),
        Location(
            city: "Tagbilaran City", short: "Tagbilaran", province: "Bohol", zip: "6300", areaCode: "38",
            kind: .city, tags: ["visayas"], isHub: false, weight: 2,
            streets: ["CPG Ave.", "J.A. Clarin St.", "Gallares St."],
            barangays: ["Cogon", "Dao", "Taloto", "Booy", "Mansasa"]),
        Location(
            city: "Zamboanga City", short: "Zamboanga", province: "Zamboanga del Sur", zip: "7000", areaCode: "62",
            kind: .city, tags: ["mindanao"], isHub: false, weight: 2,
            streets: ["Mayor Jaldon St.", "Gov. Camins Ave.", "Veterans Ave.", "Pilar St."],
            barangays: ["Tetuan", "Putik", "Santa Maria", "Guiwan", "Canelar", "Tumaga"]),
        Location(
            city: "General Santos City", short: "General Santos", province: "South Cotabato", zip: "9500",
            areaCode: "83", kind: .city, tags: ["mindanao"], isHub: false, weight: 2,
            streets: ["Pioneer Ave.", "J. Catolico Sr. Ave.", "National Highway", "Santiago Blvd."],
            barangays: ["Lagao", "Dadiangas West", "Calumpang", "Labangal", "San Isidro", "City Heights"]),
        Location(
            city: "Butuan City", short: "Butuan", province: "Agusan del Norte", zip: "8600", areaCode: "85",
            kind: .city, tags: ["mindanao"], isHub: false, weight: 1,
            streets: ["J.C. Aquino Ave.", "Montilla Blvd.", "Langihan Road"],
            barangays: ["Libertad", "Ampayon", "Bayanihan", "Villa Kananga", "Golden Ribbon"]),
        Location(
            city: "Iligan City", short: "Iligan", province: "Lanao del Norte", zip: "9200", areaCode: "63",
            kind: .city, tags: ["mindanao"], isHub: false, weight: 1,
            streets: ["Quezon Ave.", "Aguinaldo St.", "Roxas Ave."],
            barangays: ["Tibanga", "Pala-o", "Tubod", "Poblacion", "Suarez"]),
    ]

    static let prefixes: [NamePrefix] = {
        let plain = [
            "Mabuhay", "Bagong Buhay", "Tala", "Bayanihan", "Pacific", "Golden", "Sampaguita", "Maharlika",
            "Kalayaan", "Silangan", "Habagat", "Araw", "Dagat", "Perlas", "Amihan", "Likha", "Malaya", "Tagumpay",
            "Sinag", "Liwayway", "Diwa", "Hiraya", "Masagana", "Bahaghari", "Narra", "Molave", "Anahaw", "Agila",
            "Pag-asa", "Tanglaw", "Dakila", "Marilag", "Ginhawa", "Magiting", "Luntian", "Bukal", "Batis",
            "Pinnacle", "Summit", "Evergreen", "Royal Crest", "Sunrise", "Unity", "Triple J", "JRM", "Northpoint",
            "Southgate", "First Asia", "Sto. Niño", "Kabalikat",
        ]
        let geographic: [(String, String)] = [
            ("Luzon", "luzon"), ("Visayas", "visayas"), ("Mindanao", "mindanao"), ("Bicol", "bicol"),
            ("Peñafrancia", "bicol"), ("Cebu", "cebu"), ("Sugbo", "cebu"), ("Davao", "davao"),
            ("Iloilo", "iloilo"), ("Metro", "metro"), ("Calabarzon", "calabarzon"), ("Kapampangan", "central-luzon"),
            ("Cordillera", "north"), ("Ilocos", "north"),
        ]
        return plain.map { NamePrefix(text: $0, hint: nil) } + geographic.map { NamePrefix(text: $0.0, hint: $0.1) }
    }()

    static let genericPositions = [
        "Owner", "General Manager", "Purchasing Manager", "Purchasing Officer", "Finance Officer",
        "Accounting Supervisor", "Admin Officer", "IT Manager", "Operations Manager", "Office Manager",
        "Procurement Specialist", "Executive Assistant", "Chief Finance Officer", "HR and Admin Head",
    ]

    static let genericAccountNotes = [
        "Requires BIR Form 2307 upon every collection.",
        "PO required before delivery; send quotation to purchasing first.",
        "Net 30 terms; collection every 15th and 30th of the month.",
        "Pays by check; pickup at accounting every Friday, 1 PM to 4 PM.",
        "Leases 8 multifunction copiers; contract renews every March.",
        "Annual preventive maintenance for printers and UPS units.",
        "Interested in managed Wi-Fi and CCTV upgrade next quarter.",
        "Prefers bank transfer via InstaPay/PESONet; send OR after payment.",
        "Deliveries Monday to Saturday 8 AM to 5 PM; coordinate with the guard house.",
        "Asked for a volume discount on toner cartridges.",
        "Bought 25 laptops for new hires last year; refresh cycle is 3 years.",
        "Strict about SOA format; include PO number on every invoice.",
        "Decision maker is the owner; approvals usually take a week.",
        "Referred by an existing client.",
    ]

    static let archivedNotes = [
        "Archived: business closed.",
        "Archived: merged with another account; see the surviving record.",
        "Archived: duplicate record.",
        "Archived: no transactions in the last two years.",
        "Archived: moved to a competitor after contract ended.",
    ]

    static let contactNotes = [
        "Prefers calls after 10 AM.", "Approves POs above ₱50,000.", "Send quotations in PDF; cc accounting.",
        "Usually on leave during Holy Week.", "Handles BIR 2307 forms and SOA reconciliation.",
        "Best reached on Viber.", "Bisaya speaker; fine with English or Tagalog.",
        "Former contact at a sister company.",
        "Needs three quotations for canvass.", "Very responsive by e-mail.", "Signs delivery receipts.",
        "Call ahead before visiting; strict building security.",
    ]

    static let femaleFirstNames = [
        "Maria", "Ana", "Angelica", "Rowena", "Kristine", "Liza", "Carmela", "Maria Clara", "Ma. Theresa",
        "Mary Grace", "Anna Marie", "Kristine Joy", "Rhea Mae", "Princess", "Marites", "Lorna", "Divina", "Ligaya",
        "Erlinda", "Rosalinda", "Joy", "Grace", "Cristina", "Patricia", "Camille", "Bea", "Aileen", "Maricel",
        "Jocelyn", "Teresita", "Imelda", "Jonalyn", "Rachelle", "Liezel", "Mylene",
    ]

    static let maleFirstNames = [
        "Jose", "Juan", "Mark", "Jericho", "Paolo", "Ramon", "John Paul", "Mark Anthony", "Jan Michael", "Jerome",
        "Rodel", "Arnel", "Edgardo", "Rogelio", "Nestor", "Ferdinand", "Danilo", "Emmanuel", "Miguel", "Gabriel",
        "Rafael", "Carlo", "Christian", "Joshua", "Rommel", "Reynaldo", "Virgilio", "Niño", "John Niño", "Florante",
        "Dennis", "Alvin", "Jose Rizal",
    ]

    static let surnames = [
        "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Dela Cruz", "Villanueva",
        "Aquino", "Ramos", "Castillo", "Peñaflor", "Nuñez", "Españo", "Macaraeg", "Dimaculangan", "Magbanua",
        "Gonzales", "Flores", "Rivera", "Del Rosario", "De Leon", "Navarro", "Salazar", "Pascual", "Soriano",
        "Mercado", "Aguilar", "Tolentino", "Manalo", "Panganiban", "Lacson", "Tan", "Lim", "Sy", "Uy", "Dizon",
        "Lopez", "Fernandez", "Sison", "Caballero", "Evangelista", "Buenaventura", "Pangilinan", "Sarmiento",
        "Yap", "Ong", "Cabrera", "Alcantara", "Ibañez", "Montaño", "Cariño", "Patiño", "Baluyot", "Dalisay",
        "Lagman", "Samonte", "Dumalagan", "Gatchalian",
    ]

    static let middleInitials = ["A.", "B.", "C.", "D.", "E.", "G.", "L.", "M.", "P.", "R.", "S.", "T.", "V."]

    static let mobilePrefixes = [
        "905", "906", "915", "916", "917", "926", "927", "935", "936", "945", "953", "954", "955", "956", "965",
        "966", "967", "975", "977", "995", "997", "908", "909", "910", "912", "918", "919", "920", "921", "928",
        "929", "939", "947", "949", "961", "998", "999", "991", "992", "993", "994",
    ]

    static let legalForms: [(form: String, weight: Int, corporate: Bool)] = [
        (" Inc.", 6, true), (", Inc.", 3, true), (" Corp.", 5, true), (" Corporation", 3, true),
        (" Trading Corp.", 3, false), (" Enterprises", 3, false), (" Co.", 2, false), (" OPC", 2, true),
        (" Trading", 2, false),
    ]

    static let buildingSuffixes = ["Building", "Bldg.", "Tower", "Plaza", "Commercial Center", "Arcade"]

    static let industries: [Industry] = [
        Industry(
            name: "Retail", weight: 12,
            suffixes: ["Mart", "Department Store", "Supermarket", "General Merchandise", "Grocery", "Variety Store"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Store Manager", "Branch Supervisor", "Inventory Officer"],
            notes: [
                "Needs POS terminals and receipt printers for two new branches.",
                "Peak season is November to December; avoid installations then.",
            ],
            resellerChance: 0.2, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Hardware", weight: 10,
            suffixes: [
                "Hardware", "Construction Supply", "Hardware & Electrical", "Steel & Hardware",
                "Builders Depot",
            ],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Store Manager", "Warehouse Supervisor"],
            notes: [
                "Open Sundays; owner visits the store on weekends only.",
                "Uses dot-matrix printers for delivery receipts; needs ribbons monthly.",
            ],
            resellerChance: 0.3, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Food & Beverage", weight: 11,
            suffixes: [
                "Foods", "Bakeshop", "Kitchen", "Coffee Roasters", "Beverages", "Catering Services",
                "Lechon House",
            ],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Commissary Manager", "Operations Supervisor"],
            notes: [
                "Kitchen display screens requested for the commissary.",
                "FDA LTO renewal in progress; documents requested by their auditor.",
            ],
            resellerChance: 0.05, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Logistics", weight: 8,
            suffixes: [
                "Logistics", "Freight Services", "Cargo Express", "Transport Services", "Forwarders",
                "Trucking",
            ],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Fleet Manager", "Dispatch Supervisor", "Operations Manager"],
            notes: [
                "Needs rugged tablets and GPS trackers for the fleet.",
                "Warehouse runs 24/7; deliveries accepted at night.",
            ],
            resellerChance: 0.0, corporateOnly: false, isGovernment: false),
        Industry(
            name: "BPO", weight: 7,
            suffixes: [
                "Outsourcing", "Contact Solutions", "Global Services", "Business Solutions",
                "Shared Services",
            ],
            extraPrefixes: [], placement: .hub,
            positions: ["IT Director", "Facilities Manager", "Workforce Manager", "Procurement Lead"],
            notes: [
                "PEZA-registered; invoices must be zero-rated with PEZA certificate on file.",
                "Night shift operations; site visits only 10 PM to 6 AM for installations.",
                "Headsets and thin clients refreshed every two years.",
            ],
            resellerChance: 0.0, corporateOnly: true, isGovernment: false),
        Industry(
            name: "Construction", weight: 8,
            suffixes: ["Builders", "Construction", "Engineering Works", "Construction & Development", "Contractors"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Project Manager", "Site Engineer", "Project Engineer"],
            notes: [
                "PCAB-licensed contractor; site offices move every project.",
                "Large-format plotter under service contract.",
            ],
            resellerChance: 0.0, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Pharmacy", weight: 6,
            suffixes: ["Pharmacy", "Drugstore", "Botika", "Pharma Distributors"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Pharmacist-in-Charge", "Branch Supervisor"],
            notes: [
                "Senior citizen and PWD discount reports needed from their POS.",
                "Branches open 7 AM to 10 PM; service calls before opening.",
            ],
            resellerChance: 0.1, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Education", weight: 7,
            suffixes: [
                "Academy", "Learning Center", "School", "College", "Montessori School",
                "Institute of Technology",
            ],
            extraPrefixes: [
                "St. Joseph", "Holy Cross", "Immaculate Conception", "Little Angels", "Holy Trinity",
                "St. Therese", "La Salette",
            ],
            placement: .anywhere,
            positions: ["School Director", "Principal", "Registrar", "Property Custodian", "School Administrator"],
            notes: [
                "Budget released before school opening in June; quote by April.",
                "Computer laboratory with 40 units; projectors in every classroom.",
            ],
            resellerChance: 0.0, corporateOnly: true, isGovernment: false),
        Industry(
            name: "Healthcare", weight: 6,
            suffixes: ["Medical Center", "Hospital", "Diagnostic Center", "Medical Clinic", "Doctors Hospital"],
            extraPrefixes: [
                "St. Jude", "Holy Family", "Divine Mercy", "Our Lady of Lourdes", "San Rafael",
                "Mother Seton",
            ],
            placement: .anywhere,
            positions: ["Hospital Administrator", "Materials Management Head", "Chief Nurse", "Medical Director"],
            notes: [
                "Needs UPS for the laboratory and pharmacy stations.",
                "PhilHealth claims processing PCs under annual maintenance.",
            ],
            resellerChance: 0.0, corporateOnly: true, isGovernment: false),
        Industry(
            name: "Government", weight: 4,
            suffixes: [], extraPrefixes: [], placement: .anywhere,
            positions: [
                "General Services Officer", "BAC Secretariat Head", "Treasurer", "Accountant",
                "MIS Head", "Supply Officer",
            ],
            notes: [
                "All purchases go through PhilGEPS posting and BAC canvass.",
                "Payment released via LDDAP-ADA after inspection and acceptance.",
                "Withholds 1% EWT and 5% final VAT on every payment.",
            ],
            resellerChance: 0.0, corporateOnly: false, isGovernment: true),
        Industry(
            name: "Hospitality", weight: 6,
            suffixes: ["Hotel", "Resort", "Inn", "Suites", "Beach Resort"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Resident Manager", "Chief Engineer", "Front Office Manager", "Purchasing Manager"],
            notes: [
                "Property management system runs on-site; needs server room UPS.",
                "High season is March to May; schedule upgrades in the rainy season.",
            ],
            resellerChance: 0.0, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Real Estate", weight: 6,
            suffixes: ["Realty", "Land Development", "Properties", "Homes", "Estates"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Sales Director", "Property Manager", "Admin Manager"],
            notes: [
                "Model-house sales offices need laptops and portable printers.",
                "DHSUD-registered developer; projects in three provinces.",
            ],
            resellerChance: 0.0, corporateOnly: true, isGovernment: false),
        Industry(
            name: "Manufacturing", weight: 8,
            suffixes: ["Manufacturing", "Industries", "Plastics", "Packaging", "Metal Works", "Garments"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Plant Manager", "Production Supervisor", "Maintenance Head"],
            notes: [
                "Plant operates three shifts; needs industrial label printers.",
                "Located inside an economic zone; gate pass required for deliveries.",
            ],
            resellerChance: 0.05, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Agriculture", weight: 6,
            suffixes: ["Agri-Ventures", "Farms", "Agro-Industrial", "Poultry Farms", "Rice Mill", "Coconut Products"],
            extraPrefixes: [], placement: .provincial,
            positions: ["Farm Manager", "Operations Manager", "Cooperative Treasurer"],
            notes: [
                "Intermittent internet at the farm; prefers SMS confirmations.",
                "Harvest season affects cash flow; payments may slip in lean months.",
            ],
            resellerChance: 0.0, corporateOnly: false, isGovernment: false),
        Industry(
            name: "Wholesale & Distribution", weight: 7,
            suffixes: ["Trading", "Enterprises", "Commercial", "Distributors", "Marketing"],
            extraPrefixes: [], placement: .anywhere,
            positions: ["Sales Manager", "Warehouse Supervisor", "Inventory Controller"],
            notes: [
                "Resells office supplies to sari-sari stores and schools in the province.",
                "Dealer pricing applies; check the latest price list before quoting.",
            ],
            resellerChance: 0.6, corporateOnly: false, isGovernment: false),
    ]
}

// MARK: - Generator

/// Stateful generator that tracks uniqueness of names, TINs, phones, domains and e-mail addresses.
///
/// Sets are used for membership only (never iterated), so hashing-seed randomisation cannot affect output.
private struct DemoGenerator {
    var rng: DemoSplitMix64
    var usedNames: Set<String> = []
    var usedTINBases: Set<String> = ["009123456"]
    var usedPhones: Set<String> = []
    var usedDomains: Set<String> = []
    var usedEmails: Set<String> = []

    init(seed: UInt64) {
        rng = DemoSplitMix64(seed: seed)
    }

    mutating func makeAccounts(count: Int) -> [DemoDataset.Account] {
        guard count > 0 else { return [] }
        let owners = ownerAssignments(count: count)
        var archiveOrder = Array(0..<count)
        rng.shuffle(&archiveOrder)
        let archivedCount = min(count, Int((Double(count) / 30).rounded()))
        var archived = [Bool](repeating: false, count: count)
        for index in archiveOrder.prefix(archivedCount) {
            archived[index] = true
        }
        return (0..<count).map { makeAccount(owner: owners[$0], archived: archived[$0]) }
    }

    /// Uneven-but-bounded split (28/26/24/22 %), rotated by seed, then shuffled.
    mutating func ownerAssignments(count: Int) -> [Int] {
        let shares = [28, 26, 24, 22]
        let rotation = rng.below(4)
        var perOwner = (0..<4).map { count * shares[($0 + rotation) % 4] / 100 }
        var remainder = count - perOwner.reduce(0, +)
        var owner = 0
        while remainder > 0 {
            perOwner[owner % 4] += 1
            remainder -= 1
            owner += 1
        }
        var owners: [Int] = []
        for (index, total) in perOwner.enumerated() {
            owners += Array(repeating: index, count: total)
        }
        rng.shuffle(&owners)
        return owners
    }

    // MARK: Accounts

    mutating func makeAccount(owner: Int, archived: Bool) -> DemoDataset.Account {
        let industry = DemoData.industries[rng.weightedIndex(DemoData.industries.map(\.weight))]
        if industry.isGovernment,
            let lgu = makeGovernmentAccount(industry: industry, owner: owner, archived: archived)
        {
            return lgu
        }
        let business = industry.isGovernment ? fallbackIndustry() : industry
        return makeBusinessAccount(industry: business, owner: owner, archived: archived)
    }

    mutating func fallbackIndustry() -> Industry {
        let candidates = DemoData.industries.filter { !$0.isGovernment }
        return candidates[rng.weightedIndex(candidates.map(\.weight))]
    }

    mutating func makeBusinessAccount(industry: Industry, owner: Int, archived: Bool) -> DemoDataset.Account {
        var (name, location) = uniqueBusinessName(industry: industry)
        if name.isEmpty {
            // Exhausted combinations: fall back to a numbered name, which is always unique eventually.
            let base = rng.pick(DemoData.prefixes).text + " " + rng.pick(industry.suffixes)
            var number = 2
            while usedNames.contains(base + " \(number)") { number += 1 }
            name = base + " \(number)"
            usedNames.insert(name)
            location = pickLocation(placement: industry.placement, hint: nil)
        }

        let nameWords = Set(name.split(separator: " ").map(String.init))
        let forms = DemoData.legalForms.filter { entry in
            if industry.corporateOnly && !entry.corporate { return false }
            // Avoid "Luzon Trading Trading Corp." and "Pacific Enterprises Enterprises".
            let formWords = entry.form.split(separator: " ")
                .map { $0.trimmingCharacters(in: .punctuationCharacters) }
                .filter { !$0.isEmpty }
            return formWords.allSatisfy { !nameWords.contains($0) }
        }
        let registeredName =
            forms.isEmpty
            ? name + " Inc."
            : name + forms[rng.weightedIndex(forms.map(\.weight))].form

        let domainTLD = rng.pick([".ph", ".com.ph", ".com.ph", ".com"])
        let domain = uniqueDomain(stems: Self.domainStems(for: name), tld: domainTLD)
        let hasWebsite = rng.chance(0.78)
        let mailbox = rng.pick(["info", "info", "sales", "admin", "accounting", "purchasing", "inquiry"])
        let email = claimEmail("\(mailbox)@\(domain)")

        let billing = address(in: location, office: industry.usesOffices)
        let delivery: String
        if rng.chance(0.7) {
            delivery = billing
        } else if rng.chance(0.6) {
            delivery = address(in: location, warehouse: true)
        } else {
            // A warehouse elsewhere in the same island group (e.g. Metro Manila HQ, Laguna warehouse).
            let other = pickLocation(placement: .anywhere, hint: location.tags.last)
            delivery = address(in: other, warehouse: true)
        }

        var phones: [String] = []
        if rng.chance(0.85) {
            phones.append(landline(in: location))
            if rng.chance(0.45) { phones.append(mobile(style: 1)) }
        } else {
            phones.append(mobile(style: 1))
        }

        var tags: [String] = []
        if rng.chance(0.15) { tags.append("key-account") }
        if rng.chance(0.15) { tags.append("top-withholding-agent") }
        if rng.chance(industry.resellerChance) { tags.append("reseller") }
        if rng.chance(0.1) { tags.append("new") }
        if rng.chance(0.08) { tags.append("vip") }

        return DemoDataset.Account(
            ownerIndex: owner,
            name: name,
            registeredName: registeredName,
            tinDigits: tin(),
            industry: industry.name,
            billingAddress: billing,
            deliveryAddress: delivery,
            phones: phones,
            email: email,
            website: hasWebsite ? "https://\(domain)" : "",
            tags: Array(tags.prefix(3)),
            notes: accountNotes(industry: industry, archived: archived),
            isArchived: archived,
            contacts: contacts(industry: industry, domain: domain, governmentLevel: nil)
        )
    }

    /// Returns ("", placeholder) when no unique combination was found after many attempts.
    mutating func uniqueBusinessName(industry: Industry) -> (String, Location) {
        for _ in 0..<200 {
            let prefix: NamePrefix
            if !industry.extraPrefixes.isEmpty && rng.chance(0.4) {
                prefix = NamePrefix(text: rng.pick(industry.extraPrefixes), hint: nil)
            } else {
                prefix = rng.pick(DemoData.prefixes)
            }
            let candidate = prefix.text + " " + rng.pick(industry.suffixes)
            if usedNames.contains(candidate) { continue }
            usedNames.insert(candidate)
            return (candidate, pickLocation(placement: industry.placement, hint: prefix.hint))
        }
        return ("", DemoData.locations[0])
    }

    mutating func makeGovernmentAccount(industry: Industry, owner: Int, archived: Bool) -> DemoDataset.Account? {
        for _ in 0..<50 {
            let location = pickLocation(placement: .anywhere, hint: nil)
            let level: GovernmentLevel
            let name: String
            let stem: String
            if !location.isMetroManila && rng.chance(0.25) {
                level = .province
                name = "Provincial Government of \(location.province)"
                stem = Self.slug(location.province)
            } else if location.kind == .city {
                level = .city
                name = "City Government of \(location.short)"
                stem = Self.slug(location.short) + (location.short.hasSuffix("City") ? "" : "city")
            } else {
                level = .municipality
                name = "Municipal Government of \(location.short)"
                stem = Self.slug(location.short) + Self.slug(location.province)
            }
            guard !usedNames.contains(name) else { continue }
            usedNames.insert(name)
            let domain = uniqueDomain(stems: [stem], tld: ".gov.ph")
            let office = rng.pick(["gso", "bac", "procurement", "treasury", "mis"])
            let address = governmentAddress(in: location, level: level)
            var phones = [landline(in: location)]
            if rng.chance(0.5) { phones.append(landline(in: location)) }
            var tags = ["government"]
            if rng.chance(0.6) { tags.append("top-withholding-agent") }
            if rng.chance(0.2) { tags.append("key-account") }
            return DemoDataset.Account(
                ownerIndex: owner,
                name: name,
                registeredName: name,
                tinDigits: tin(),
                industry: industry.name,
                billingAddress: address,
                deliveryAddress: rng.chance(0.8) ? address : governmentAddress(in: location, level: level),
                phones: phones,
                email: claimEmail("\(office)@\(domain)"),
                website: "https://\(domain)",
                tags: tags,
                notes: accountNotes(industry: industry, archived: archived),
                isArchived: archived,
                contacts: contacts(industry: industry, domain: domain, governmentLevel: level)
            )
        }
        return nil
    }

    mutating func accountNotes(industry: Industry, archived: Bool) -> String {
        var parts: [String] = []
        let roll = rng.below(10)
        if roll >= 2 {
            parts.append(rng.chance(0.5) ? rng.pick(industry.notes) : rng.pick(DemoData.genericAccountNotes))
        }
        if roll >= 7 {
            let extra = rng.pick(DemoData.genericAccountNotes)
            if !parts.contains(extra) { parts.append(extra) }
        }
        if archived { parts.insert(rng.pick(DemoData.archivedNotes), at: 0) }
        return parts.joined(separator: " ")
    }

    // MARK: Contacts

    mutating func contacts(
        industry: Industry, domain: String, governmentLevel: GovernmentLevel?
    ) -> [DemoDataset.Contact] {
        let count = [1, 2, 3][rng.weightedIndex([35, 45, 20])]
        var positions = industry.positions + DemoData.genericPositions
        if let governmentLevel {
            let title = governmentLevel.rawValue
            positions = industry.positions.map { ["Treasurer", "Accountant"].contains($0) ? "\(title) \($0)" : $0 }
        }
        rng.shuffle(&positions)
        return (0..<count).map { index in
            makeContact(
                position: positions[index % positions.count], domain: domain, government: governmentLevel != nil
            )
        }
    }

    mutating func makeContact(position: String, domain: String, government: Bool) -> DemoDataset.Contact {
        let isFemale = rng.chance(0.55)
        let first = rng.pick(isFemale ? DemoData.femaleFirstNames : DemoData.maleFirstNames)
        let last = rng.pick(DemoData.surnames)
        var name = first
        if rng.chance(0.2) { name += " " + rng.pick(DemoData.middleInitials) }
        name += " " + last
        if !isFemale && rng.chance(0.08) { name += rng.pick([" Jr.", " III", " Sr."]) }

        var emails = [claimEmail("\(Self.slug(first)).\(Self.slug(last))@\(domain)")]
        if rng.chance(0.2) {
            let personal = Self.slug(first) + Self.slug(last) + String(rng.int(in: 70...99))
            emails.append(claimEmail("\(personal)@\(rng.pick(["gmail.com", "yahoo.com", "yahoo.com.ph"]))"))
        }

        var phones = [mobile(style: rng.below(6))]
        if rng.chance(0.25) { phones.append(mobile(style: rng.below(6))) }

        let channel: String
        if government {
            channel = rng.pick(["email", "email", "in_person", "phone"])
        } else {
            channel = DemoDataset.channelVocabulary[rng.weightedIndex([25, 30, 10, 25, 10])]
        }
        let notes = rng.chance(0.45) ? rng.pick(DemoData.contactNotes) : ""
        return DemoDataset.Contact(
            name: name, position: position, phones: phones, emails: emails, preferredChannel: channel, notes: notes
        )
    }

    // MARK: Locations and addresses

    mutating func pickLocation(placement: Placement, hint: String?) -> Location {
        var candidates = DemoData.locations.filter { location in
            switch placement {
            case .anywhere: return true
            case .hub: return location.isHub
            case .provincial: return !location.isMetroManila
            }
        }
        if let hint {
            let hinted = candidates.filter { $0.tags.contains(hint) }
            if !hinted.isEmpty { candidates = hinted }
        }
        return candidates[rng.weightedIndex(candidates.map(\.weight))]
    }

    mutating func governmentAddress(in location: Location, level: GovernmentLevel) -> String {
        let street = rng.pick(location.streets)
        let barangay = "Brgy. " + rng.pick(location.barangays)
        let tail = "\(barangay), \(location.city), \(location.province) \(location.zip)"
        let building: String
        switch level {
        case .province: building = "Provincial Capitol"
        case .city: building = "City Hall"
        case .municipality: building = "Municipal Hall"
        }
        let annex = rng.pick(["", "", "2F ", "Annex Bldg., "])
        return "\(annex)\(building), \(street), \(tail)"
    }

    mutating func address(in location: Location, office: Bool = false, warehouse: Bool = false) -> String {
        let street = rng.pick(location.streets)
        let barangay = "Brgy. " + rng.pick(location.barangays)
        let tail = "\(barangay), \(location.city), \(location.province) \(location.zip)"
        let number = rng.int(in: 1...2400)
        if warehouse {
            let unit = rng.pick([
                "Warehouse \(rng.int(in: 1...12))", "Bodega \(rng.int(in: 1...6))",
                "Lot \(rng.int(in: 1...40)) Blk \(rng.int(in: 1...20))",
            ])
            return "\(unit), \(number) \(street), \(tail)"
        }
        switch rng.below(5) {
        case 0 where office && (location.isHub || location.isMetroManila):
            let building = rng.pick(DemoData.surnames) + " " + rng.pick(DemoData.buildingSuffixes)
            return "\(rng.int(in: 2...32))F \(building), \(number) \(street), \(tail)"
        case 1 where office:
            let plainPrefixes = DemoData.prefixes.filter { $0.hint == nil }
            let building = rng.pick(plainPrefixes).text + " " + rng.pick(DemoData.buildingSuffixes)
            let unit = "Unit \(rng.int(in: 1...20))\(rng.pick(["A", "B", "C", "D", "E"]))"
            return "\(unit) \(building), \(number) \(street), \(tail)"
        case 2:
            return "Blk \(rng.int(in: 1...30)) Lot \(rng.int(in: 1...40)), \(street), \(tail)"
        default:
            return "\(number) \(street), \(tail)"
        }
    }

    // MARK: Identifiers

    mutating func tin() -> String {
        while true {
            let base = rng.pick(["0", "0", "2", "4", "6", "7"]) + rng.digits(8)
            guard !usedTINBases.contains(base), base != "000000000" else { continue }
            usedTINBases.insert(base)
            let branch = rng.chance(0.1) ? "0000" + String(rng.int(in: 1...4)) : "00000"
            return base + branch
        }
    }

    mutating func landline(in location: Location) -> String {
        while true {
            if location.areaCode == "2" {
                let number = "8" + String(rng.int(in: 1...9)) + rng.digits(6)
                guard claimPhone("2" + number) else { continue }
                return "+63 2 \(number.prefix(4)) \(number.suffix(4))"
            }
            let number = String(rng.int(in: 2...8)) + rng.digits(6)
            guard claimPhone(location.areaCode + number) else { continue }
            return "+63 \(location.areaCode) \(number.prefix(3)) \(number.suffix(4))"
        }
    }

    /// Mobile number in one of six input styles; style 1 is the canonical "+63 9xx xxx xxxx".
    mutating func mobile(style: Int) -> String {
        while true {
            let prefix = rng.pick(DemoData.mobilePrefixes)
            let line = rng.digits(7)
            guard claimPhone(prefix + line) else { continue }
            let mid = line.prefix(3)
            let end = line.suffix(4)
            switch style {
            case 0: return "0\(prefix) \(mid) \(end)"
            case 1: return "+63 \(prefix) \(mid) \(end)"
            case 2: return "+63 \(prefix)-\(mid)-\(end)"
            case 3: return "0\(prefix)\(line)"
            case 4: return "+63\(prefix)\(line)"
            default: return "0\(prefix)-\(mid)-\(end)"
            }
        }
    }

    mutating func claimPhone(_ nationalDigits: String) -> Bool {
        usedPhones.insert(nationalDigits).inserted
    }

    /// First free domain among `stems` (preferred first), else the last stem with a numeric suffix.
    mutating func uniqueDomain(stems: [String], tld: String) -> String {
        for stem in stems where usedDomains.insert(stem + tld).inserted {
            return stem + tld
        }
        let stem = stems.last ?? "company"
        var counter = 2
        while usedDomains.contains("\(stem)\(counter)\(tld)") { counter += 1 }
        usedDomains.insert("\(stem)\(counter)\(tld)")
        return "\(stem)\(counter)\(tld)"
    }

    /// Domain stems for a trading name: a short one built from leading words (≤ 20 characters, e.g.
    /// "sampaguitapharma" for "Sampaguita Pharma Distributors"), then the full slug.
    static func domainStems(for name: String) -> [String] {
        let words = name.split(separator: " ").map { slug(String($0)) }.filter { !$0.isEmpty }
        var short = ""
        for word in words {
            if !short.isEmpty && short.count + word.count > 20 { break }
            short += word
        }
        let full = words.joined()
        return short == full ? [full] : [short, full]
    }

    /// Registers an e-mail address, adding a numeric suffix to the local part if it is already taken.
    mutating func claimEmail(_ address: String) -> String {
        guard usedEmails.contains(address) else {
            usedEmails.insert(address)
            return address
        }
        let parts = address.split(separator: "@", maxSplits: 1).map(String.init)
        let local = parts.first ?? address
        let host = parts.count > 1 ? parts[1] : ""
        var counter = 2
        while usedEmails.contains("\(local)\(counter)@\(host)") { counter += 1 }
        let unique = "\(local)\(counter)@\(host)"
        usedEmails.insert(unique)
        return unique
    }

    /// Lowercase ASCII letters and digits only; "ñ" and accented vowels fold to their base letter.
    static func slug(_ text: String) -> String {
        let folds: [Character: Character] = ["ñ": "n", "á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"]
        var result = ""
        for character in text.lowercased() {
            let folded = folds[character] ?? character
            if folded.isASCII && (folded.isLetter || folded.isNumber) {
                result.append(folded)
            }
        }
        return result
    }
}
