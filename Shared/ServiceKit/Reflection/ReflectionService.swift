public import API
public import RPC
public import Wire

/// `grpc.reflection.v1.ServerReflection`, served by every Baton server so
/// that grpcurl, buf curl and grpcio-reflection discover the API without
/// .proto files: the services served, and any file (with its transitive
/// dependencies, the well-known types included) by name or by a symbol it
/// defines, from the descriptors generated beside the code
/// (`APIDescriptors`). Unknown names get an ErrorResponse with NOT_FOUND and
/// the stream goes on.
public final class ReflectionService: GRPCReflectionV1.ServerReflectionService {
    private let index: ReflectionIndex
    private let serviceNames: [String]

    /// The reflection of a server serving `services` (health and reflection
    /// are added), over the generated descriptors.
    public init(services: [any RPCService], files: [ReflectionFile] = APIDescriptors.files) {
        index = ReflectionIndex(files: files)
        var names = Set(services.flatMap { $0.methods.map(\.descriptor.service) })
        names.formUnion(["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"])
        serviceNames = names.sorted()
    }

    /// The answer to one request.
    public func answer(_ request: GRPCReflectionV1.ServerReflectionRequest) -> GRPCReflectionV1.ServerReflectionResponse {
        var response = GRPCReflectionV1.ServerReflectionResponse.with {
            $0.validHost = request.host
            $0.originalRequest = request
        }
        func notFound(_ message: String) -> GRPCReflectionV1.ServerReflectionResponse.MessageResponse {
            .errorResponse(.with {
                $0.errorCode = Int32(StatusCode.notFound.rawValue)
                $0.errorMessage = message
            })
        }
        func files(_ descriptors: [[UInt8]]) -> GRPCReflectionV1.ServerReflectionResponse.MessageResponse {
            .fileDescriptorResponse(.with { $0.fileDescriptorProto = descriptors })
        }
        switch request.messageRequest {
        case .listServices?:
            response.messageResponse = .listServicesResponse(.with { list in
                list.service = serviceNames.map { name in .with { $0.name = name } }
            })
        case .fileByFilename(let name)?:
            response.messageResponse = index.descriptors(ofFile: name).map(files) ?? notFound("no file '\(name)'")
        case .fileContainingSymbol(let symbol)?:
            response.messageResponse = index.descriptors(containingSymbol: symbol).map(files) ?? notFound("no symbol '\(symbol)'")
        case .fileContainingExtension(let extensionRequest)?:
            response.messageResponse = notFound("no extension \(extensionRequest.extensionNumber) of '\(extensionRequest.containingType)'")
        case .allExtensionNumbersOfType(let type)?:
            // Messages exist without extensions: an empty list. Unknown types are not found.
            response.messageResponse = index.defines(type)
                ? .allExtensionNumbersResponse(.with { $0.baseTypeName = type })
                : notFound("no type '\(type)'")
        case nil:
            response.messageResponse = .errorResponse(.with {
                $0.errorCode = Int32(StatusCode.invalidArgument.rawValue)
                $0.errorMessage = "message_request: required"
            })
        }
        return response
    }

    public func serverReflectionInfo(_ requests: RequestStream<GRPCReflectionV1.ServerReflectionRequest>,
                                     responses: ResponseWriter<GRPCReflectionV1.ServerReflectionResponse>,
                                     context: ServerContext) async throws {
        for try await request in requests {
            try await responses.write(answer(request))
        }
    }
}
