import Logging
import RPC

/// Reloads the server's TLS certificate when its files change on disk (a
/// cert-manager renewal, a rotated Kubernetes Secret): new connections get
/// the new context, open ones keep theirs. A renewal that does not load (a
/// key that does not match, a certificate not valid yet) is logged and the
/// current one kept; it is tried again only once the files change again.
final class CertificateReloader: Sendable {
    private let configuration: TLSContext.ServerConfiguration
    private let server: RPCServer
    private let logger: Logger
    private let files: FileChanges

    init(configuration: TLSContext.ServerConfiguration, server: RPCServer, logger: Logger) {
        self.configuration = configuration
        self.server = server
        self.logger = logger
        files = FileChanges([configuration.certificateChainFile, configuration.privateKeyFile]
                            + (configuration.clientCAFile.map { [$0] } ?? []))
    }

    /// Checks the files once; reloads when any changed since the last check.
    func check() {
        guard files.changed() else { return }
        do {
            server.replaceTLSContext(try TLSContext(server: configuration))
            logger.info("TLS certificate reloaded", metadata: ["certificate": "\(configuration.certificateChainFile)"])
        } catch {
            logger.error("TLS certificate not reloaded; the current one is kept",
                         metadata: ["certificate": "\(configuration.certificateChainFile)", "error": "\(error)"])
        }
    }
}
