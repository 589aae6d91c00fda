import Foundation
import Testing
import Wire

/// The malformed-input corpus in `Fixtures/Malformed`: each file names a
/// message type, the bytes, and the error and field path decoding must report.
/// The same files seed the decoder fuzzer.
@Suite("Malformed input")
struct MalformedInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var message: String
        var error: String
        var field: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let corpus: [Case] = {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Malformed")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.sorted().compactMap { file -> Case? in
            guard file.hasSuffix(".txt"),
                  let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            else { return nil }
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let bytes = (fields["hex"] ?? "").split(separator: " ").map { UInt8($0, radix: 16)! }
            return Case(name: String(file.dropLast(4)), message: fields["message"] ?? "",
                        error: fields["error"] ?? "", field: fields["field"] ?? "", bytes: bytes)
        }
    }()

    @Test("the corpus is there")
    func corpusIsThere() {
        #expect(Self.corpus.count >= 20)
    }

    @Test("each malformed input is a typed error naming the field", arguments: corpus)
    func malformed(_ sample: Case) throws {
        let type = try #require(ProtoRegistry.messageType(named: sample.message))
        do {
            _ = try type.init(serializedBytes: sample.bytes)
            Issue.record("\(sample.name): decoded without error")
        } catch {
            #expect(error.code.description == sample.error, "\(sample.name): \(error)")
            #expect(error.field == sample.field, "\(sample.name): \(error)")
            #expect(error.offset >= 0 && error.offset <= sample.bytes.count)
        }
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() throws {
        // HandleTurnRequest > Conversation > ConversationMessage: three levels.
        let bytes: [UInt8] = [0x52, 0x06, 0x2A, 0x04, 0x1A, 0x02, 0x68, 0x69]
        let ok = try PlannerV1.HandleTurnRequest(serializedBytes: bytes, options: .init(maxDepth: 3))
        #expect(ok.conversation?.messages.first?.text == "hi")
        #expect(throws: WireError(.depthLimitExceeded, offset: 4, fieldPath: ["conversation", "messages"])) {
            try PlannerV1.HandleTurnRequest(serializedBytes: bytes, options: .init(maxDepth: 2))
        }
    }

    @Test("input over the size limit is refused before any decoding")
    func sizeLimit() {
        let bytes: [UInt8] = [0x0A, 0x03, 0x45, 0x55, 0x52]
        #expect(throws: WireError(.messageTooLarge, offset: 0)) {
            try CommonV1.Money(serializedBytes: bytes, options: .init(maxMessageSize: 4))
        }
    }

    @Test("every truncation of a valid message is an error or a valid prefix, never a crash")
    func everyTruncation() throws {
        var request = PlannerV1.HandleTurnRequest()
        request.tenantID = "acme"
        request.message = .with { $0.text = "Où est ma commande ? 📦"; $0.role = .customer }
        request.botConfidence = 0.42
        request.metadata = ["k": "v", "z": "ü"]
        let bytes = request.serializedBytes()
        var errors = 0
        for count in 0..<bytes.count {
            do { _ = try PlannerV1.HandleTurnRequest(serializedBytes: Array(bytes[..<count])) } catch { errors += 1 }
        }
        // Cutting inside a field always fails; only cuts at field boundaries decode.
        #expect(errors > bytes.count / 2)
        #expect(try PlannerV1.HandleTurnRequest(serializedBytes: bytes) == request)
    }
}
