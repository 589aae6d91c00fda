/// One .proto file as server reflection serves it: generated beside the
/// message types (`Tools/protogen --descriptors`), so a server needs no
/// .proto file at run time.
public struct ReflectionFile: Sendable {
    /// Its path, such as "baton/router/v1/router.proto".
    public let name: String
    /// The paths of the files it imports.
    public let dependencies: [String]
    /// The fully qualified names it defines: messages (nested too), enums,
    /// services and methods ("pkg.Service.Method").
    public let symbols: [String]
    /// Its serialized `google.protobuf.FileDescriptorProto`, in base64.
    public let descriptorBase64: String

    /// A file.
    public init(name: String, dependencies: [String], symbols: [String], descriptorBase64: String) {
        self.name = name
        self.dependencies = dependencies
        self.symbols = symbols
        self.descriptorBase64 = descriptorBase64
    }
}
