import Foundation
import RPC
import Testing

/// Server reflection's lookups over generated descriptor entries.
@Suite("Reflection index")
struct ReflectionIndexTests {
    // a imports b and c; b imports c: c is sent once, after the file asked for.
    static let files = [
        ReflectionFile(name: "c.proto", dependencies: [], symbols: ["pkg.C"], descriptorBase64: Data("C".utf8).base64EncodedString()),
        ReflectionFile(name: "b.proto", dependencies: ["c.proto"], symbols: ["pkg.B", "pkg.B.Inner"],
                       descriptorBase64: Data("B".utf8).base64EncodedString()),
        ReflectionFile(name: "a.proto", dependencies: ["b.proto", "c.proto"], symbols: ["pkg.A", "pkg.Svc", "pkg.Svc.Call"],
                       descriptorBase64: Data("A".utf8).base64EncodedString()),
    ]

    static func names(_ descriptors: [[UInt8]]?) -> [String]? {
        descriptors?.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a file comes first, then each transitive dependency once")
    func transitive() {
        let index = ReflectionIndex(files: Self.files)
        #expect(Self.names(index.descriptors(ofFile: "a.proto")) == ["A", "B", "C"])
        #expect(Self.names(index.descriptors(ofFile: "c.proto")) == ["C"])
    }

    @Test("symbols find their file, with or without a leading dot; methods and nested types too")
    func symbols() {
        let index = ReflectionIndex(files: Self.files)
        #expect(Self.names(index.descriptors(containingSymbol: "pkg.Svc.Call")) == ["A", "B", "C"])
        #expect(Self.names(index.descriptors(containingSymbol: ".pkg.B.Inner")) == ["B", "C"])
        #expect(index.defines("pkg.C"))
    }

    @Test("unknown names are not found")
    func unknown() {
        let index = ReflectionIndex(files: Self.files)
        #expect(index.descriptors(ofFile: "z.proto") == nil)
        #expect(index.descriptors(containingSymbol: "pkg.Nope") == nil)
        #expect(!index.defines("pkg"))
    }
}
