import Foundation
import Testing
import Wire

/// Holds `proto/` and the Swift types together, with `protoc` as the referee.
@Suite("Golden: Swift types against protoc")
struct GoldenTests {
    static let index: DescriptorIndex = {
        do { return DescriptorIndex(try Protoc.descriptorSet()) } catch {
            fatalError("cannot read proto/ with protoc: \(error)")
        }
    }()

    /// Every message declared in `proto/` (and the well-known types it imports).
    static var allMessages: [String] { index.messageOrder }

    @Test("proto/ declares the messages we expect to test")
    func descriptorSetIsComplete() {
        // A guard against the test silently covering nothing.
        #expect(Self.allMessages.count >= 50)
        for package in ["baton.common.v1", "baton.signals.v1", "baton.planner.v1", "baton.router.v1",
                        "baton.handoff.v1", "baton.audit.v1", "grpc.health.v1"] {
            #expect(Self.allMessages.contains { $0.hasPrefix(".\(package).") }, "no messages in \(package)")
        }
    }

    @Test("every .proto message has a Swift type with every field", arguments: allMessages)
    func swiftTypeFollowsProto(_ fullName: String) throws {
        let protoName = String(fullName.dropFirst())
        let type = try #require(ProtoRegistry.messageType(named: protoName), "no Swift type for \(protoName)")
        let message = try #require(Self.index.messages[fullName])
        let expected = message.descriptor.field.map {
            ProtoField(number: UInt32($0.number), name: $0.name, type: Self.index.declaredType(of: $0))
        }
        #expect(type.protoFields == expected, "\(protoName): Swift fields differ from the .proto")
    }

    @Test("no Swift type lacks a .proto message")
    func noStraySwiftTypes() {
        let declared = Set(Self.allMessages.map { String($0.dropFirst()) })
        for type in ProtoRegistry.messageTypes {
            #expect(declared.contains(type.protoMessageName), "\(type.protoMessageName) is not in proto/")
        }
    }

    @Test("protoc --encode decodes in Swift, and Swift's encoding decodes in protoc to the same text",
          arguments: allMessages)
    func roundTripThroughProtoc(_ fullName: String) throws {
        let protoName = String(fullName.dropFirst())
        let type = try #require(ProtoRegistry.messageType(named: protoName))
        let file = try #require(Self.index.messages[fullName]).file
        let samples = SampleText(index: Self.index)
        for variant in 0..<samples.variantCount(of: fullName) {
            let text = samples.text(of: fullName, variant: variant)
            let reference = try Protoc.encode(text, as: protoName, file: file)
            let decoded = try type.init(serializedBytes: reference)
            #expect(!decoded.containsUnknownFields, "\(protoName): a field was not recognised\n\(text)")
            let ours = decoded.serializedBytes()
            #expect(ours.count == reference.count, "\(protoName): encoded size differs")
            let referenceText = try Protoc.decode(reference, as: protoName, file: file)
            let ourText = try Protoc.decode(ours, as: protoName, file: file)
            #expect(ourText == referenceText, "\(protoName) variant \(variant)")
            if !text.isEmpty {
                #expect(!referenceText.isEmpty, "\(protoName): sample set no field")
            }
        }
    }
}
