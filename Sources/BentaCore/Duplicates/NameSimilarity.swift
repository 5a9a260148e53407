import Foundation

/// Whether two company or person names are probably the same party, written differently.
public enum NameSimilarity {
    /// Legal forms and filler words that do not tell companies apart.
    static let fillerWords: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "opc", "llc", "the",
        "trading", "enterprises", "enterprise", "and", "ng", "sa",
    ]

    /// Lowercased, accent-free words without punctuation and legal forms: "Tala Foods Trading Corp." → "tala foods".
    public static func normalized(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let kept = words.filter { !fillerWords.contains($0) }
        return (kept.isEmpty ? words : kept).joined(separator: " ")
    }

    /// Same after normalizing, or a small typing difference (edit distance ≤ 2, ≤ 1 for short names).
    public static func isLikelySame(_ a: String, _ b: String) -> Bool {
        isLikelySame(normalized: normalized(a), normalized(b))
    }

    /// ``isLikelySame(_:_:)`` of two names already `normalized`, for callers that compare one name with many.
    public static func isLikelySame(normalized x: String, _ y: String) -> Bool {
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x == y { return true }
        let allowed = min(x.count, y.count) >= 8 ? 2 : (min(x.count, y.count) >= 4 ? 1 : 0)
        return abs(x.count - y.count) <= allowed && editDistance(x, y, limit: allowed) <= allowed
    }

    /// Levenshtein distance, giving up early once it exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a)
        let y = Array(b)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            var rowMinimum = current[0]
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }

    /// The first significant word, for finding candidates with a cheap prefix query.
    public static func firstWord(_ name: String) -> String? {
        normalized(name).split(separator: " ").first.map(String.init)
    }
}
