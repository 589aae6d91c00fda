import ServiceKit
import Store

extension KeyDirectory {
    /// The directory of a running gateway: the keys read once before the
    /// server starts, then kept by the notification listener and a
    /// maintenance pass every second (full reloads, last-used writes).
    static func started(in context: ServiceContext, store: APIKeyStore) async -> KeyDirectory {
        let directory = KeyDirectory(store: store, logger: context.logger)
        await directory.maintain()
        let listener = PostgresListener(configuration: store.pool.configuration)
        context.schedule("key-notifications", every: .seconds(1)) { await directory.listen(to: listener) }
        context.schedule("key-directory", every: .seconds(1)) { await directory.maintain() }
        return directory
    }
}
