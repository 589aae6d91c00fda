public import API
public import RPC
public import Wire

/// `grpc.reflection.v1alpha.ServerReflection`, the older package many
/// clients still try first. Its messages are v1's under another package,
/// field for field, so each request is read as v1's from its bytes and
/// answered by ``ReflectionService``.
public final class ReflectionServiceV1Alpha: GRPCReflectionV1alpha.ServerReflectionService {
    private let v1: ReflectionService

    /// The v1alpha face of `v1`.
    public init(v1: ReflectionService) {
        self.v1 = v1
    }

    public func serverReflectionInfo(_ requests: RequestStream<GRPCReflectionV1alpha.ServerReflectionRequest>,
                                     responses: ResponseWriter<GRPCReflectionV1alpha.ServerReflectionResponse>,
                                     context: ServerContext) async throws {
        for try await request in requests {
            let answer = v1.answer(try GRPCReflectionV1.ServerReflectionRequest(serializedBytes: request.serializedBytes()))
            try await responses.write(try GRPCReflectionV1alpha.ServerReflectionResponse(serializedBytes: answer.serializedBytes()))
        }
    }
}
