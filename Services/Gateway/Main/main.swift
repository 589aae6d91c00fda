import ServiceKit

// baton-gateway: the one front door (TLS, authentication, roles, tenant isolation, limits, routing). Being built
// under issue 18; until the proxy lands it serves health and reflection only.
await ServiceMain.run(name: "baton-gateway") { _ in [] }
