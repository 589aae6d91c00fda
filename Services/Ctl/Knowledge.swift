import API
import ArgumentParser
import Foundation
import HandoffCore
import RPC
import Wire

/// `batonctl kb`: a tenant's knowledge base in baton-handoff.
struct Knowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "baton-handoff: import and search a tenant's knowledge base.",
        subcommands: [Import.self, Search.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import articles from Markdown files (one each) or JSON files (arrays of articles).")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-handoff address (host:port); default BATON_HANDOFF_ADDR or .baton/stack.env")
        var handoff: String?
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "Language of articles that do not name one (BCP 47).") var language = "en"
        @Argument(help: "Files to import.") var files: [String]

        func run() async throws {
            var articles: [HandoffV1.KnowledgeArticle] = []
            for file in files {
                let contents = try String(contentsOfFile: file, encoding: .utf8)
                articles += try ArticleFile.parse(name: file, contents: contents, defaultLanguage: language)
            }
            let channel = try endpoints.channel("handoff", flag: handoff)
            defer { channel.close() }
            let client = HandoffV1.HandoffClient(channel: channel)
            var imported: UInt32 = 0
            for start in stride(from: 0, to: articles.count, by: 1_000) {
                let batch = Array(articles[start..<min(start + 1_000, articles.count)])
                imported += try await client.importArticles(.with {
                    $0.tenantID = tenant
                    $0.articles = batch
                }).imported
            }
            print("imported \(imported) articles for \(tenant)")
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search a tenant's articles.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-handoff address (host:port); default BATON_HANDOFF_ADDR or .baton/stack.env")
        var handoff: String?
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "Language (BCP 47); empty: any.") var language = ""
        @Argument(help: "Search text.") var query: String

        func run() async throws {
            let channel = try endpoints.channel("handoff", flag: handoff)
            defer { channel.close() }
            let found = try await HandoffV1.HandoffClient(channel: channel).searchKnowledge(.with {
                $0.tenantID = tenant
                $0.query = query
                $0.language = language
            })
            for article in found.articles {
                print("\(article.articleID)\t\(String(format: "%.3f", article.relevance))\t\(article.title)")
            }
        }
    }
}
