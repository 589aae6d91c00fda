internal import COpenSSL

/// A configured OpenSSL `SSL_CTX` for one side: certificates, trust, ALPN (`h2`;
/// servers also take `http/1.1`, for Connect and gRPC-Web from HTTP/1.1 clients).
///
/// `@unchecked Sendable` is sound because the context is fully configured in
/// `init` and never changed afterwards; OpenSSL allows creating `SSL` objects
/// from one `SSL_CTX` on many threads at once.
public final class TLSContext: @unchecked Sendable {
    /// Why a context could not be made.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What was being done.
        public var operation: String
        /// OpenSSL's error queue, oldest first.
        public var details: [String]

        public var description: String {
            "\(operation) failed" + (details.isEmpty ? "" : ": " + details.joined(separator: "; "))
        }
    }

    /// A server's TLS settings.
    public struct ServerConfiguration: Sendable, Hashable {
        /// PEM file with the certificate chain, leaf first.
        public var certificateChainFile: String
        /// PEM file with the private key.
        public var privateKeyFile: String
        /// PEM file of CAs whose client certificates are accepted; set for mutual TLS.
        public var clientCAFile: String?

        /// Creates server settings.
        public init(certificateChainFile: String, privateKeyFile: String, clientCAFile: String? = nil) {
            self.certificateChainFile = certificateChainFile
            self.privateKeyFile = privateKeyFile
            self.clientCAFile = clientCAFile
        }
    }

    /// A client's TLS settings.
    public struct ClientConfiguration: Sendable, Hashable {
        /// PEM file of trusted CAs; nil uses the system's default trust store.
        public var trustedCAFile: String?
        /// The name the server certificate must carry (and the SNI sent); nil uses the target host.
        public var serverName: String?
        /// Client certificate chain and key, for mutual TLS.
        public var certificateChainFile: String?
        /// The client certificate's private key.
        public var privateKeyFile: String?

        /// Creates client settings.
        public init(trustedCAFile: String? = nil, serverName: String? = nil,
                    certificateChainFile: String? = nil, privateKeyFile: String? = nil) {
            self.trustedCAFile = trustedCAFile
            self.serverName = serverName
            self.certificateChainFile = certificateChainFile
            self.privateKeyFile = privateKeyFile
        }
    }

    let context: OpaquePointer
    let isServer: Bool
    /// For clients: the name to verify and send as SNI.
    let serverName: String?

    /// A server context.
    public init(server configuration: ServerConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw Self.failure("SSL_CTX_new") }
        self.context = context
        self.isServer = true
        self.serverName = nil
        try commonSetup()
        try Self.check(SSL_CTX_use_certificate_chain_file(context, configuration.certificateChainFile),
                       "loading the certificate chain \(configuration.certificateChainFile)")
        try Self.check(SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyFile, SSL_FILETYPE_PEM),
                       "loading the private key \(configuration.privateKeyFile)")
        try Self.check(SSL_CTX_check_private_key(context), "matching the private key to the certificate")
        try Self.checkValidNow(context, file: configuration.certificateChainFile)
        baton_SSL_CTX_accept_h2_or_http11(context)
        if let clientCAFile = configuration.clientCAFile {
            try Self.check(SSL_CTX_load_verify_locations(context, clientCAFile, nil), "loading client CAs \(clientCAFile)")
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
    }

    /// A client context.
    public init(client configuration: ClientConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Self.failure("SSL_CTX_new") }
        self.context = context
        self.isServer = false
        self.serverName = configuration.serverName
        try commonSetup()
        if let file = configuration.trustedCAFile {
            try Self.check(SSL_CTX_load_verify_locations(context, file, nil), "loading trusted CAs \(file)")
        } else {
            try Self.check(SSL_CTX_set_default_verify_paths(context), "loading the system trust store")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let chain = configuration.certificateChainFile, let key = configuration.privateKeyFile {
            try Self.check(SSL_CTX_use_certificate_chain_file(context, chain), "loading the client certificate \(chain)")
            try Self.check(SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM), "loading the client key \(key)")
        }
        var protocols: [UInt8] = [2] + Array("h2".utf8)
        guard SSL_CTX_set_alpn_protos(context, &protocols, UInt32(protocols.count)) == 0 else {
            throw Self.failure("SSL_CTX_set_alpn_protos")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    private func commonSetup() throws {
        guard baton_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw Self.failure("setting TLS 1.2 as the minimum")
        }
        _ = baton_SSL_CTX_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        baton_SSL_CTX_set_hardening_options(context)
    }

    /// Refuses a certificate outside its validity period: every client would
    /// refuse it anyway, one handshake at a time; better a clear error at start-up
    /// (or a kept certificate when a renewal on disk is not valid yet).
    private static func checkValidNow(_ context: OpaquePointer, file: String) throws {
        guard let leaf = SSL_CTX_get0_certificate(context) else { throw failure("reading the certificate \(file)") }
        if X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0 {
            throw Failure(operation: "loading the certificate \(file)", details: ["it has expired"])
        }
        if X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0 {
            throw Failure(operation: "loading the certificate \(file)", details: ["it is not valid yet"])
        }
    }

    static func check(_ result: Int32, _ operation: String) throws {
        if result != 1 { throw failure(operation) }
    }

    static func failure(_ operation: String) -> Failure {
        Failure(operation: operation, details: drainErrors())
    }

    /// Empties OpenSSL's (thread-local) error queue into strings.
    static func drainErrors() -> [String] {
        var details: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            baton_ERR_error_string(code, &buffer, buffer.count)
            details.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return details
    }
}
