import Foundation

/// The lookups of server reflection over the generated files: a file by
/// name or by a symbol it defines, always with its transitive dependencies
/// (each once, the file asked for first), as stock clients expect.
public struct ReflectionIndex: Sendable {
    private let files: [String: ReflectionFile]
    private let fileBySymbol: [String: String]
    private let descriptors: [String: [UInt8]]

    /// An index of `files`.
    public init(files: [ReflectionFile]) {
        var byName: [String: ReflectionFile] = [:]
        var bySymbol: [String: String] = [:]
        var descriptors: [String: [UInt8]] = [:]
        for file in files {
            byName[file.name] = file
            for symbol in file.symbols { bySymbol[symbol] = file.name }
            descriptors[file.name] = [UInt8](Data(base64Encoded: file.descriptorBase64) ?? Data())
        }
        self.files = byName
        self.fileBySymbol = bySymbol
        self.descriptors = descriptors
    }

    /// The serialized descriptors of the file `name` and its transitive
    /// dependencies; nil when there is no such file.
    public func descriptors(ofFile name: String) -> [[UInt8]]? {
        guard files[name] != nil else { return nil }
        var ordered: [String] = []
        var seen = Set<String>()
        var pending = [name]
        while let next = pending.first {
            pending.removeFirst()
            guard seen.insert(next).inserted, let file = files[next] else { continue }
            ordered.append(next)
            pending.append(contentsOf: file.dependencies)
        }
        return ordered.compactMap { descriptors[$0] }
    }

    /// The descriptors of the file that defines `symbol` (a leading dot is
    /// ignored) and its dependencies; nil when no file defines it.
    public func descriptors(containingSymbol symbol: String) -> [[UInt8]]? {
        let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        guard let file = fileBySymbol[name] else { return nil }
        return descriptors(ofFile: file)
    }

    /// True when a file defines `symbol`.
    public func defines(_ symbol: String) -> Bool {
        fileBySymbol[symbol] != nil
    }
}
