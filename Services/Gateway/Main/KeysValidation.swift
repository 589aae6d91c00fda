import Foundation
import GatewayCore
import RPC
import Wire

/// Request checks for `baton.gateway.v1.Keys`: a bad request gets
/// INVALID_ARGUMENT naming the field and why, before anything is read or
/// written.
enum KeysValidation {
    /// Longest tenant id, in UTF-8 bytes.
    static let maxTenantBytes = 128
    /// Longest subject, in UTF-8 bytes.
    static let maxSubjectBytes = 256
    /// Longest key name, in UTF-8 bytes.
    static let maxNameBytes = 200
    /// Longest overlap of a rotation.
    static let maxOverlap: TimeInterval = 30 * 86_400

    /// A tenant id: required, bounded, no control characters (the key
    /// notifications are tab-separated).
    static func tenant(_ value: String) throws(RPCError) {
        try text(value, "tenant_id", max: maxTenantBytes, required: true)
    }

    /// A key prefix: the 12 base32 characters of `bk_<prefix>_<secret>`.
    static func prefix(_ value: String) throws(RPCError) {
        guard !value.isEmpty else { throw .invalidArgument(field: "prefix", "required") }
        guard value.utf8.count == 12, value.utf8.allSatisfy({ (97...122).contains($0) || (50...55).contains($0) }) else {
            throw .invalidArgument(field: "prefix", "not a key prefix (12 characters of a-z and 2-7)")
        }
    }

    /// The role of a CreateKey request.
    static func validate(_ request: GatewayV1.CreateKeyRequest, now: Date) throws(RPCError) -> Role {
        try tenant(request.tenantID)
        guard let role = Role(wire: request.role) else {
            throw .invalidArgument(field: "role", request.role == .unspecified ? "required" : "unknown role \(request.role.rawValue)")
        }
        try text(request.subject, "subject", max: maxSubjectBytes, required: role == .agent)
        try text(request.name, "name", max: maxNameBytes, required: false)
        try expiry(request.expireTime, now: now)
        return role
    }

    /// The overlap of a RotateKey request.
    static func validate(_ request: GatewayV1.RotateKeyRequest, now: Date) throws(RPCError) -> Duration {
        try tenant(request.tenantID)
        try prefix(request.prefix)
        try expiry(request.expireTime, now: now)
        let overlap = request.overlap?.timeInterval ?? 0
        guard overlap >= 0, overlap <= maxOverlap, (request.overlap?.nanos ?? 0) >= 0 else {
            throw .invalidArgument(field: "overlap", "must be between 0 and 30 days")
        }
        return .milliseconds(Int64((overlap * 1000).rounded()))
    }

    static func validate(_ request: GatewayV1.RevokeKeyRequest) throws(RPCError) {
        try tenant(request.tenantID)
        try prefix(request.prefix)
    }

    static func validate(_ request: GatewayV1.ListKeysRequest) throws(RPCError) {
        try tenant(request.tenantID)
    }

    private static func expiry(_ value: GoogleProtobuf.Timestamp?, now: Date) throws(RPCError) {
        guard let value else { return }
        guard value.nanos >= 0, value.nanos < 1_000_000_000 else { throw .invalidArgument(field: "expire_time", "not a valid timestamp") }
        guard value.date > now else { throw .invalidArgument(field: "expire_time", "must be in the future") }
    }

    private static func text(_ value: String, _ field: String, max: Int, required: Bool) throws(RPCError) {
        if required && value.isEmpty { throw .invalidArgument(field: field, "required") }
        guard value.utf8.count <= max else { throw .invalidArgument(field: field, "longer than \(max) bytes") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidArgument(field: field, "contains a control character")
        }
    }
}
