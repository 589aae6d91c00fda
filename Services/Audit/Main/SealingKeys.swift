import AuditCore

/// Unwrapping the stored sealing keys with the key-encryption key. A key's
/// wrapping is bound to its tenant and owner, so a row copied to another
/// customer does not open.
enum SealingKeys {
    static func aad(tenant: String, owner: String) -> [UInt8] {
        Array("sealing key\n\(tenant)\n\(owner)".utf8)
    }

    static func unwrap(_ wrapped: SealingKeyStore.Wrapped, tenant: String, owner: String, settings: AuditSettings) throws -> [UInt8] {
        try Sealer.open(wrapped.wrappedKey, nonce: wrapped.nonce, key: settings.keyEncryptionKey, aad: aad(tenant: tenant, owner: owner))
    }
}
