import Foundation
import GatewayCore
import ServiceKit

/// baton-gateway's own settings, from `BATON_GATEWAY_*` variables beside the
/// shared ``ServiceConfiguration``.
struct GatewaySettings: Sendable {
    /// Whether calls must carry a credential. Off only for local benchmarks
    /// and trials: the gateway is then a plain proxy (and says so at start-up).
    var authentication = true
    /// JWKS file for JWT bearer tokens (reloaded when it changes); nil accepts API keys only.
    var jwksFile: String?
    /// The `iss` JWTs must carry.
    var jwtIssuer: String?
    /// The `aud` JWTs must contain.
    var jwtAudience = "baton"
    /// Clock skew allowed on `exp` and `nbf`.
    var jwtSkewSeconds = 30
    /// Calls per second and burst per credential.
    var perCredential = RateLimits.Limit(ratePerSecond: 100, burst: 200)
    /// Calls per second and burst per tenant, all its credentials together.
    var perTenant = RateLimits.Limit(ratePerSecond: 1000, burst: 2000)

    static func load(_ environment: [String: String]) throws(ConfigurationError) -> GatewaySettings {
        var settings = GatewaySettings()
        if let value = environment["BATON_GATEWAY_AUTHENTICATION"] {
            switch value {
            case "on": settings.authentication = true
            case "off": settings.authentication = false
            default: throw ConfigurationError(setting: "BATON_GATEWAY_AUTHENTICATION", value: value, reason: "must be on or off")
            }
        }
        settings.jwksFile = environment["BATON_GATEWAY_JWKS_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        settings.jwtIssuer = environment["BATON_GATEWAY_JWT_ISSUER"].flatMap { $0.isEmpty ? nil : $0 }
        if settings.jwksFile != nil && settings.jwtIssuer == nil {
            throw ConfigurationError(setting: "BATON_GATEWAY_JWT_ISSUER", value: "",
                                     reason: "required with BATON_GATEWAY_JWKS_FILE (tokens from any issuer would be accepted)")
        }
        if let audience = environment["BATON_GATEWAY_JWT_AUDIENCE"], !audience.isEmpty { settings.jwtAudience = audience }
        if let skew = environment["BATON_GATEWAY_JWT_SKEW_SECONDS"] {
            guard let seconds = Int(skew), (0...300).contains(seconds) else {
                throw ConfigurationError(setting: "BATON_GATEWAY_JWT_SKEW_SECONDS", value: skew, reason: "must be 0 to 300")
            }
            settings.jwtSkewSeconds = seconds
        }
        if let value = environment["BATON_GATEWAY_RATE_PER_CREDENTIAL"] {
            settings.perCredential = try limit(value, setting: "BATON_GATEWAY_RATE_PER_CREDENTIAL")
        }
        if let value = environment["BATON_GATEWAY_RATE_PER_TENANT"] {
            settings.perTenant = try limit(value, setting: "BATON_GATEWAY_RATE_PER_TENANT")
        }
        return settings
    }

    /// `<rate>/s` or `<rate>/s,<burst>`: sustained calls per second, and the burst (twice the rate unless given).
    private static func limit(_ value: String, setting: String) throws(ConfigurationError) -> RateLimits.Limit {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].hasSuffix("/s"), let rate = Double(parts[0].dropLast(2)), rate > 0,
              rate.isFinite else {
            throw ConfigurationError(setting: setting, value: value, reason: "expected <calls>/s or <calls>/s,<burst>, such as 50/s,100")
        }
        var burst = rate * 2
        if parts.count == 2 {
            guard let given = Double(parts[1]), given >= 1, given.isFinite else {
                throw ConfigurationError(setting: setting, value: value, reason: "the burst must be a number of calls, at least 1")
            }
            burst = given
        }
        return RateLimits.Limit(ratePerSecond: rate, burst: burst)
    }
}
