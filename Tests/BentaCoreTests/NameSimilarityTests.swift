import Testing

@testable import BentaCore

@Suite(.timeLimit(.minutes(20))) struct NameSimilarityTests {
    @Test(arguments: [
        ("Tala Foods Trading Corp.", "TALA FOODS, INC.", true),
        ("Tala Foods", "Tala Food", true),
        ("Peñaflor Hardware", "Penaflor Hardware", true),
        ("Mabuhay Hardware", "Mabuhay Pharmacy", false),
        ("Bituin", "Bitin", true),
        ("ABC", "ABD", false),
        ("Golden Sampaguita Realty", "Golden Sampagita Realty", true),
        ("Dagat Logistics", "Lagat Logistics Co.", true),
        ("Dagat Logistics", "Silangan Logistics", false),
    ])
    func likelySameNames(a: String, b: String, same: Bool) {
        #expect(NameSimilarity.isLikelySame(a, b) == same)
    }

    @Test func normalizationDropsLegalFormsAndAccents() {
        #expect(NameSimilarity.normalized("The Peñaflor Trading Co., Inc.") == "penaflor")
        #expect(NameSimilarity.firstWord("Inc. Corp") == "inc")
    }
}
