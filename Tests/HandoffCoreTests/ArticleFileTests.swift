import HandoffCore
import Testing

/// Articles read from Markdown and JSON files for `batonctl kb import`.
@Suite("Article files")
struct ArticleFileTests {
    @Test func markdownTakesItsHeadingAsTitle() throws {
        let articles = try ArticleFile.parse(name: "kb/refund-policy.md",
                                             contents: "Intro line\n# How refunds work\n\nFive days.\n", defaultLanguage: "es")
        #expect(articles.count == 1)
        #expect(articles[0].articleID == "refund-policy")
        #expect(articles[0].title == "How refunds work")
        #expect(articles[0].body == "Intro line\n\nFive days.")
        #expect(articles[0].language == "es")
        #expect(try ArticleFile.parse(name: "notes.markdown", contents: "no heading", defaultLanguage: "en")[0].title == "notes")
    }

    @Test func jsonHoldsManyArticles() throws {
        let json = #"[{"article_id":"a1","title":"T1","body":"B1","tags":["x"]},{"article_id":"a2","title":"T2","language":"de"}]"#
        let articles = try ArticleFile.parse(name: "faq.JSON", contents: json, defaultLanguage: "en")
        #expect(articles.map(\.articleID) == ["a1", "a2"])
        #expect(articles.map(\.language) == ["en", "de"])
        #expect(articles[0].tags == ["x"])
        #expect(articles[1].body == "")
    }

    @Test func otherFilesAreRefused() {
        #expect(throws: ArticleFile.ParseError.self) { try ArticleFile.parse(name: "a.txt", contents: "", defaultLanguage: "en") }
        #expect { try ArticleFile.parse(name: "a.json", contents: #"[{"title":"no id"}]"#, defaultLanguage: "en") } throws: {
            ($0 as? ArticleFile.ParseError)?.code == .invalidJSON
        }
    }
}
