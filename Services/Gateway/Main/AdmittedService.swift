import GatewayCore
import RPC

/// A service the gateway serves itself (the Keys service), each method
/// admitted exactly as a forwarded one is: credential, role, the request's
/// claims, rate limits. A method without a rule in ``MethodAccess`` is not served.
struct AdmittedService: RPCService {
    let methods: [ServerMethod]

    init(_ service: any RPCService, bindings: [MethodBinding], admission: CallAdmission) {
        let byPath = Dictionary(uniqueKeysWithValues: bindings.map { ($0.descriptor.path, $0) })
        methods = service.methods.compactMap { method in
            guard let binding = byPath[method.descriptor.path],
                  let rule = MethodAccess.rules[method.descriptor.path] else { return nil }
            return method.checked(binding) { request, context in
                _ = try await admission.admit(binding, rule: rule, request: request, context: context)
            }
        }
    }
}
