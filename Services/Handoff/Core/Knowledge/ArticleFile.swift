import Foundation
public import Wire

/// Knowledge-base articles read from files, for `batonctl kb import`:
///
/// - Markdown (`.md`, `.markdown`): one article per file; the id is the file
///   name without its extension, the title the first `# ` heading (else the
///   id), the body everything else.
/// - JSON (`.json`): an array of objects with `article_id`, `title`, and
///   optionally `body`, `language`, `url` and `tags`.
///
/// Articles without a language take `defaultLanguage`.
public enum ArticleFile {
    /// Why a file could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong.
        public enum Code: String, Sendable, Hashable {
            /// The extension is neither Markdown nor JSON.
            case unknownFormat = "unknown_format"
            /// The JSON is not an array of articles with ids and titles.
            case invalidJSON = "invalid_json"
        }

        /// What went wrong.
        public var code: Code
        /// The file name and the detail.
        public var message: String

        /// An error.
        public init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }

        /// "invalid_json: faq.json: …".
        public var description: String { "\(code.rawValue): \(message)" }
    }

    struct Entry: Decodable {
        var article_id: String
        var title: String
        var body: String?
        var language: String?
        var url: String?
        var tags: [String]?
    }

    /// The articles in the file `name` holding `contents`.
    public static func parse(name: String, contents: String, defaultLanguage: String) throws(ParseError)
        -> [HandoffV1.KnowledgeArticle] {
        let base = String(name.split(separator: "/").last ?? Substring(name))
        let dot = base.lastIndex(of: ".")
        let stem = dot.map { String(base[..<$0]) } ?? base
        let suffix = dot.map { base[base.index(after: $0)...].lowercased() } ?? ""
        switch suffix {
        case "md", "markdown":
            var title = stem
            var body: [Substring] = []
            var found = false
            for line in contents.split(separator: "\n", omittingEmptySubsequences: false) {
                if !found, line.hasPrefix("# ") {
                    title = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                    found = true
                } else {
                    body.append(line)
                }
            }
            return [.with {
                $0.articleID = stem
                $0.language = defaultLanguage
                $0.title = title
                $0.body = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }]
        case "json":
            let entries: [Entry]
            do {
                entries = try JSONDecoder().decode([Entry].self, from: Data(contents.utf8))
            } catch {
                throw ParseError(.invalidJSON, "\(base): \(error)")
            }
            return entries.map { entry in
                .with {
                    $0.articleID = entry.article_id
                    $0.language = entry.language ?? defaultLanguage
                    $0.title = entry.title
                    $0.body = entry.body ?? ""
                    $0.url = entry.url ?? ""
                    $0.tags = entry.tags ?? []
                }
            }
        default:
            throw ParseError(.unknownFormat, "\(base): not .md, .markdown or .json")
        }
    }
}
