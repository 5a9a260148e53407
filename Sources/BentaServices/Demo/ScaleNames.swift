import BentaCore
import Foundation

/// The reference data of the scale data set: Philippine business and personal names, places with their area
/// codes, phone numbers, TINs and the words of activities, deals and invoice lines. Names, phones and TINs are
/// made from a record's index by bijections, so they are unique without remembering the ones already given.
enum ScaleNames {
    struct Place: Sendable {
        let short: String
        let city: String
        let province: String
        let zip: String
        /// The landline area code without the trunk 0 ("2" for Metro Manila).
        let areaCode: String
    }

    static let places: [Place] = [
        Place(short: "Makati", city: "Makati City", province: "Metro Manila", zip: "1226", areaCode: "2"),
        Place(short: "Quezon City", city: "Quezon City", province: "Metro Manila", zip: "1100", areaCode: "2"),
        Place(short: "Pasig", city: "Pasig City", province: "Metro Manila", zip: "1600", areaCode: "2"),
        Place(short: "Manila", city: "Manila", province: "Metro Manila", zip: "1000", areaCode: "2"),
        Place(short: "Taguig", city: "Taguig City", province: "Metro Manila", zip: "1630", areaCode: "2"),
        Place(short: "Caloocan", city: "Caloocan City", province: "Metro Manila", zip: "1400", areaCode: "2"),
        Place(short: "Parañaque", city: "Parañaque City", province: "Metro Manila", zip: "1700", areaCode: "2"),
        Place(short: "Marikina", city: "Marikina City", province: "Metro Manila", zip: "1800", areaCode: "2"),
        Place(short: "Mandaluyong", city: "Mandaluyong City", province: "Metro Manila", zip: "1550", areaCode: "2"),
        Place(short: "Valenzuela", city: "Valenzuela City", province: "Metro Manila", zip: "1440", areaCode: "2"),
        Place(short: "Cebu", city: "Cebu City", province: "Cebu", zip: "6000", areaCode: "32"),
        Place(short: "Mandaue", city: "Mandaue City", province: "Cebu", zip: "6014", areaCode: "32"),
        Place(short: "Lapu-Lapu", city: "Lapu-Lapu City", province: "Cebu", zip: "6015", areaCode: "32"),
        Place(short: "Davao", city: "Davao City", province: "Davao del Sur", zip: "8000", areaCode: "82"),
        Place(short: "Iloilo", city: "Iloilo City", province: "Iloilo", zip: "5000", areaCode: "33"),
        Place(short: "Bacolod", city: "Bacolod City", province: "Negros Occidental", zip: "6100", areaCode: "34"),
        Place(short: "Dumaguete", city: "Dumaguete City", province: "Negros Oriental", zip: "6200", areaCode: "35"),
        Place(short: "Baguio", city: "Baguio City", province: "Benguet", zip: "2600", areaCode: "74"),
        Place(short: "San Fernando", city: "City of San Fernando", province: "Pampanga", zip: "2000", areaCode: "45"),
        Place(short: "Angeles", city: "Angeles City", province: "Pampanga", zip: "2009", areaCode: "45"),
        Place(short: "Calamba", city: "Calamba City", province: "Laguna", zip: "4027", areaCode: "49"),
        Place(short: "Santa Rosa", city: "Santa Rosa City", province: "Laguna", zip: "4026", areaCode: "49"),
        Place(short: "Lipa", city: "Lipa City", province: "Batangas", zip: "4217", areaCode: "43"),
        Place(short: "Batangas", city: "Batangas City", province: "Batangas", zip: "4200", areaCode: "43"),
        Place(short: "Naga", city: "Naga City", province: "Camarines Sur", zip: "4400", areaCode: "54"),
        Place(short: "Legazpi", city: "Legazpi City", province: "Albay", zip: "4500", areaCode: "52"),
        Place(short: "Tacloban", city: "Tacloban City", province: "Leyte", zip: "6500", areaCode: "53"),
        Place(
            short: "Cagayan de Oro", city: "Cagayan de Oro City", province: "Misamis Oriental", zip: "9000",
            areaCode: "88"),
        Place(
            short: "General Santos", city: "General Santos City", province: "South Cotabato", zip: "9500",
            areaCode: "83"),
        Place(short: "Zamboanga", city: "Zamboanga City", province: "Zamboanga del Sur", zip: "7000", areaCode: "62"),
        Place(short: "Dagupan", city: "Dagupan City", province: "Pangasinan", zip: "2400", areaCode: "75"),
        Place(short: "Tagbilaran", city: "Tagbilaran City", province: "Bohol", zip: "6300", areaCode: "38"),
    ]

    static let streets = [
        "Rizal St.", "Mabini St.", "Bonifacio St.", "Quezon Ave.", "Burgos St.", "Luna St.", "Del Pilar St.",
        "National Highway", "Aguinaldo St.", "Osmeña Blvd.", "Magsaysay Ave.", "Roxas Ave.", "J.P. Laurel Ave.",
        "Gen. Luna St.", "Zamora St.", "Lopez Jaena St.",
    ]

    static let barangays = [
        "Poblacion", "San Isidro", "San Jose", "Santo Niño", "Bagong Silang", "San Roque", "Santa Cruz", "Malinis",
        "Maligaya", "Bagumbayan", "San Antonio", "Mabolo", "Lahug", "Kapitolyo", "Guadalupe",
    ]

    static let prefixes = [
        "Mabuhay", "Bagong Buhay", "Tala", "Bayanihan", "Pacific", "Golden", "Sampaguita", "Maharlika", "Kalayaan",
        "Silangan", "Habagat", "Araw", "Dagat", "Perlas", "Amihan", "Likha", "Malaya", "Tagumpay", "Sinag",
        "Liwayway", "Diwa", "Hiraya", "Masagana", "Bahaghari", "Narra", "Molave", "Anahaw", "Agila", "Pag-asa",
        "Tanglaw", "Dakila", "Marilag", "Ginhawa", "Magiting", "Luntian", "Bukal", "Batis", "Pinnacle", "Summit",
        "Evergreen", "Royal Crest", "Sunrise", "Unity", "Triple J", "JRM", "Northpoint", "Southgate", "First Asia",
        "Sto. Niño", "Kabalikat", "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres",
        "Dela Cruz", "Villanueva", "Aquino", "Ramos", "Castillo", "Peñaflor", "Macaraeg", "Magbanua", "Gonzales",
        "Flores", "Del Rosario", "De Leon", "Navarro", "Salazar", "Pascual", "Soriano", "Mercado", "Tolentino",
        "Manalo", "Panganiban", "Lacson", "Tan", "Lim", "Sy", "Uy", "Dizon", "Yap", "Ong", "Cabrera", "Alcantara",
        "Evangelista", "Buenaventura", "Pangilinan", "Sarmiento", "Gatchalian", "Samonte", "Dalisay", "Lagman",
    ]

    /// Trading-name endings and the industry each implies.
    static let suffixes: [(suffix: String, industry: String)] = [
        ("Mart", "Retail"), ("Department Store", "Retail"), ("Supermarket", "Retail"), ("Grocery", "Retail"),
        ("General Merchandise", "Retail"), ("Hardware", "Hardware"), ("Construction Supply", "Hardware"),
        ("Builders Depot", "Hardware"), ("Steel & Hardware", "Hardware"), ("Pharmacy", "Healthcare"),
        ("Drugstore", "Healthcare"), ("Medical Clinic", "Healthcare"), ("Diagnostic Center", "Healthcare"),
        ("Dental Clinic", "Healthcare"), ("Foods", "Food & Beverage"), ("Bakeshop", "Food & Beverage"),
        ("Restaurant", "Food & Beverage"), ("Catering Services", "Food & Beverage"),
        ("Coffee Roasters", "Food & Beverage"), ("Logistics", "Logistics"), ("Freight Forwarders", "Logistics"),
        ("Trucking Services", "Logistics"), ("Cargo Express", "Logistics"), ("Academy", "Education"),
        ("Learning Center", "Education"), ("School", "Education"), ("Review Center", "Education"),
        ("Realty", "Real Estate"), ("Land Development", "Real Estate"), ("Properties", "Real Estate"),
        ("Motors", "Automotive"), ("Auto Supply", "Automotive"), ("Auto Parts", "Automotive"),
        ("Farms", "Agriculture"), ("Agri-Supply", "Agriculture"), ("Feeds", "Agriculture"),
        ("Manufacturing", "Manufacturing"), ("Plastics", "Manufacturing"), ("Garments", "Manufacturing"),
        ("Printing Press", "Manufacturing"), ("Resort", "Hospitality"), ("Hotel", "Hospitality"),
        ("Inn", "Hospitality"), ("Travel and Tours", "Hospitality"), ("IT Solutions", "Professional Services"),
        ("Accounting Services", "Professional Services"), ("Law Office", "Professional Services"),
        ("Business Process Services", "BPO"), ("Contact Center", "BPO"), ("Security Agency", "Services"),
        ("Janitorial Services", "Services"), ("Water Refilling Station", "Services"), ("Laundry", "Services"),
        ("Cooperative", "Cooperative"), ("Multi-Purpose Cooperative", "Cooperative"), ("Lending", "Finance"),
        ("Pawnshop", "Finance"), ("Rural Bank", "Finance"), ("Electrical Supply", "Hardware"),
    ]

    static let legalForms = [
        " Inc.", ", Inc.", " Corp.", " Corporation", " Trading Corp.", " Enterprises", " Co.", " OPC",
    ]

    /// A multiplier coprime with `modulus`, so `index × multiplier mod modulus` visits every value once.
    static func coprimeMultiplier(for modulus: Int) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var candidate = max(1, Int(Double(modulus) * 0.6180339887))
        while gcd(candidate, modulus) != 1 { candidate += 1 }
        return candidate
    }

    static let nameCombinations = prefixes.count * suffixes.count * places.count
    static let nameMultiplier = coprimeMultiplier(for: nameCombinations)

    /// The `index`th business: a unique trading name ("Mabuhay Hardware Lipa", and past every combination
    /// "Mabuhay Hardware Lipa 2"), its legal form, industry and town.
    static func businessName(
        _ index: Int, legalForm roll: Int
    ) -> (trading: String, legalForm: String, industry: String, place: Place) {
        let combination = (index % nameCombinations) * nameMultiplier % nameCombinations
        let round = index / nameCombinations
        let prefix = prefixes[combination % prefixes.count]
        let suffix = suffixes[(combination / prefixes.count) % suffixes.count]
        let place = places[combination / (prefixes.count * suffixes.count)]
        var trading = "\(prefix) \(suffix.suffix) \(place.short)"
        if round > 0 { trading += " \(round + 1)" }
        return (trading, legalForms[roll % legalForms.count], suffix.industry, place)
    }

    /// A unique 9-digit TIN with the head-office branch code, formatted as people type it.
    static func tin(_ index: Int) -> String {
        var base = (Int64(index) * 48_271_207 + 123_456_789) % 1_000_000_000
        if base == 0 { base = 1 }
        let digits = String(format: "%09lld", base)
        return "\(digits.prefix(3))-\(digits.dropFirst(3).prefix(3))-\(digits.suffix(3))-00000"
    }

    /// A landline in the town's area code, unique per index (seven digits by a bijection of the index).
    static func landline(_ place: Place, index: Int) -> String {
        let local = String(format: "%07d", ((index + 1_234_567) * 7_654_321) % 10_000_000)
        if place.areaCode == "2" { return "+63 2 8\(local.prefix(3)) \(local.suffix(4))" }
        return "(0\(place.areaCode)) \(local.prefix(3)) \(local.suffix(4))"
    }

    static let mobilePrefixes = [
        "905", "906", "915", "916", "917", "926", "927", "935", "936", "945", "953", "954", "955", "956", "965",
        "966", "967", "975", "977", "995", "997", "908", "909", "910", "912", "918", "919", "920", "921", "928",
        "929", "939", "947", "949", "961", "998", "999", "991", "992", "993", "994",
    ]

    /// A mobile number unique per `key`, written in one of six ways people type them.
    static func mobile(key: UInt64, style: Int) -> String {
        // A bijection of 0..<(41 × 10⁷) (the multiplier is coprime with 2, 5 and 41), then prefix and line.
        let space = UInt64(mobilePrefixes.count) * 10_000_000
        let scrambled = (key % space) * 2_654_435_761 % space
        let prefix = mobilePrefixes[Int(scrambled % UInt64(mobilePrefixes.count))]
        let line = String(format: "%07llu", scrambled / UInt64(mobilePrefixes.count))
        let (mid, end) = (line.prefix(3), line.suffix(4))
        switch style {
        case 0: return "0\(prefix) \(mid) \(end)"
        case 1: return "+63 \(prefix) \(mid) \(end)"
        case 2: return "+63 \(prefix)-\(mid)-\(end)"
        case 3: return "0\(prefix)\(line)"
        case 4: return "+63\(prefix)\(line)"
        default: return "0\(prefix)-\(mid)-\(end)"
        }
    }

    static func address(_ place: Place, _ random: inout ScaleRandom) -> String {
        let street = streets[random.below(streets.count)]
        let barangay = barangays[random.below(barangays.count)]
        let tail = "Brgy. \(barangay), \(place.city), \(place.province) \(place.zip)"
        switch random.below(4) {
        case 0:
            return "\(2 + random.below(30))F \(prefixes[random.below(prefixes.count)]) Building, "
                + "\(1 + random.below(2400)) \(street), \(tail)"
        case 1: return "Blk \(1 + random.below(30)) Lot \(1 + random.below(40)), \(street), \(tail)"
        default: return "\(1 + random.below(2400)) \(street), \(tail)"
        }
    }

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
        "Dennis", "Alvin",
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

    static func person(_ random: inout ScaleRandom) -> (name: String, first: String, last: String) {
        let female = random.below(100) < 55
        let first =
            female
            ? femaleFirstNames[random.below(femaleFirstNames.count)]
            : maleFirstNames[random.below(maleFirstNames.count)]
        let last = surnames[random.below(surnames.count)]
        var name = first
        if random.below(5) == 0 { name += " " + middleInitials[random.below(middleInitials.count)] }
        name += " " + last
        if !female && random.below(12) == 0 { name += [" Jr.", " III", " Sr."][random.below(3)] }
        return (name, first, last)
    }

    static let positions = [
        "Owner", "General Manager", "Purchasing Manager", "Purchasing Officer", "Finance Officer",
        "Accounting Supervisor", "Admin Officer", "IT Manager", "Operations Manager", "Office Manager",
        "Procurement Specialist", "Executive Assistant", "Chief Finance Officer", "HR and Admin Head",
        "Store Manager", "Branch Supervisor",
    ]

    static let accountNotes = [
        "Requires BIR Form 2307 upon every collection.",
        "PO required before delivery; send quotation to purchasing first.",
        "Net 30 terms; collection every 15th and 30th of the month.",
        "Pays by check; pickup at accounting every Friday, 1 PM to 4 PM.",
        "Prefers bank transfer via InstaPay/PESONet; send OR after payment.",
        "Deliveries Monday to Saturday 8 AM to 5 PM; coordinate with the guard house.",
        "Strict about SOA format; include PO number on every invoice.",
        "Decision maker is the owner; approvals usually take a week.",
    ]

    static let contactNotes = [
        "Prefers calls after 10 AM.", "Approves POs above ₱50,000.", "Send quotations in PDF; cc accounting.",
        "Handles BIR 2307 forms and SOA reconciliation.", "Best reached on Viber.", "Very responsive by e-mail.",
        "Needs three quotations for canvass.", "Signs delivery receipts.",
    ]

    static let activityTemplates:
        [(kind: Activity.Kind, direction: Activity.Direction?, subject: String, body: String)] = [
            (.call, .outbound, "Follow-up call on the quotation", "Asked for the revised price of the toner bundle."),
            (.call, .outbound, "Collection call", "Promised to release the check on Friday."),
            (.call, .inbound, "Inbound call: service request", "Printer on 3F jams; scheduled a technician visit."),
            (.call, .inbound, "Inbound call: order inquiry", "Asked about delivery lead time for 10 laptops."),
            (.email, .outbound, "Sent the statement of account", "SOA for the month attached; cc accounting."),
            (.email, .inbound, "Purchase order received", "PO attached; delivery requested next week."),
            (.email, .outbound, "Quotation sent", "Quotation for the copier lease renewal."),
            (.note, nil, "Visited the office", "Met the purchasing officer; budget approval in two weeks."),
            (.note, nil, "Account review", "Volume down this quarter; propose a maintenance plan."),
            (.meeting, nil, "Demo of the managed print service", "Walked through the dashboard and the SLA."),
            (.meeting, nil, "Contract renewal meeting", "Agreed to a 3-year term at the same rate."),
            (.letter, .outbound, "Sent the 2307 request letter", "Requested the BIR Form 2307 for last quarter."),
        ]

    static let dealOffers = [
        "Copier lease", "Managed print service", "Laptop refresh", "POS terminals", "CCTV upgrade",
        "Managed Wi-Fi", "Printer maintenance plan", "Office furniture", "UPS units", "Toner supply contract",
        "Network cabling", "Cloud backup service",
    ]

    static let nextSteps = [
        "Send the revised quotation", "Schedule a demo", "Call the owner for approval", "Site survey",
        "Follow up on the PO",
    ]

    static let lostReasons = [
        "Lost on price to a competitor", "Budget not approved", "Went with the incumbent supplier",
        "Project postponed indefinitely",
    ]

    /// Invoice lines: what Bituin Office Solutions sells.
    static let catalogue: [(description: String, unit: String, price: Decimal, category: TaxCategory)] = [
        ("Toner cartridge, black (high yield)", "pc", Decimal(string: "4850.00")!, .vatable),
        ("A4 bond paper, 70 gsm (ream)", "ream", Decimal(string: "245.00")!, .vatable),
        ("Copier lease, monthly", "month", Decimal(string: "8500.00")!, .vatable),
        ("Preventive maintenance visit", "visit", Decimal(string: "3500.00")!, .vatable),
        ("Laptop, 14-inch business model", "pc", Decimal(string: "42990.00")!, .vatable),
        ("UPS 1500VA", "pc", Decimal(string: "7250.50")!, .vatable),
        ("Managed Wi-Fi service, monthly", "month", Decimal(string: "12000.00")!, .vatable),
        ("Ink bottle set (4 colours)", "set", Decimal(string: "1399.75")!, .vatable),
        ("On-site technician, per hour", "hour", Decimal(string: "950.00")!, .vatable),
        ("Printed training manual (book)", "pc", Decimal(string: "560.00")!, .exempt),
        ("Export shipment handling", "lot", Decimal(string: "15000.00")!, .zeroRated),
    ]

    static let teamNames = [
        "Metro Manila North", "Metro Manila South", "Central Luzon", "Calabarzon", "Bicol", "Western Visayas",
        "Central Visayas", "Eastern Visayas", "Northern Mindanao", "Davao and Soccsksargen",
    ]

    static func teamName(_ index: Int) -> String {
        index < teamNames.count ? teamNames[index] : "Team \(index + 1)"
    }

    /// Lowercase ASCII letters and digits, for domains and mailboxes ("Peñaflor" → "penaflor").
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let kept = folded.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
        return String(String.UnicodeScalarView(kept))
    }
}
