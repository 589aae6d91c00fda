import AuditCore

/// Wrapping and unwrapping the stored sealing keys with the key-encryption
/// key. A key's wrapping is bound to its tenant, owner and period, so a row
/// copied to another customer or month does not open; keys wrapped before
/// retention existed are bound to tenant and owner only.
enum SealingKeys {
    /// The additional data of a key's wrapping.
    static func aad(tenant: String, owner: String, period: SealingPeriod, wrapping: SealingKeyWrapping) -> [UInt8] {
        switch wrapping {
        case .tenantAndOwner: Array("sealing key\n\(tenant)\n\(owner)".utf8)
        case .tenantOwnerAndPeriod: Array("sealing key\n\(tenant)\n\(owner)\n\(period)".utf8)
        }
    }

    /// A new random key of `owner` for `period`, and its stored form (of `version`).
    static func make(tenant: String, owner: String, period: SealingPeriod, version: UInt32, settings: AuditSettings) throws
        -> (key: [UInt8], wrapped: SealingKeyStore.Wrapped) {
        let key = try Sealer.randomKey()
        let (nonce, wrapped) = try Sealer.seal(key, key: settings.keyEncryptionKey,
                                               aad: aad(tenant: tenant, owner: owner, period: period, wrapping: .tenantOwnerAndPeriod))
        return (key, .init(version: version, period: period, wrapping: .tenantOwnerAndPeriod, nonce: nonce, wrappedKey: wrapped))
    }

    /// The key `wrapped` holds.
    static func unwrap(_ wrapped: SealingKeyStore.Wrapped, tenant: String, owner: String, settings: AuditSettings) throws -> [UInt8] {
        try Sealer.open(wrapped.wrappedKey, nonce: wrapped.nonce, key: settings.keyEncryptionKey,
                        aad: aad(tenant: tenant, owner: owner, period: wrapped.period, wrapping: wrapped.wrapping))
    }
}
