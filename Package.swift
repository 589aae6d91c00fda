// swift-tools-version:6.0
import PackageDescription

/// Baton: an escalation control plane for AI customer service.
///
/// The layout follows `DESIGN.md`: C libraries as system-library targets under
/// `Shared/`, the shared libraries every executable uses under `Shared/`, one
/// folder per executable under `Services/`, and one test target per library.
let package = Package(
    name: "Baton",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "RPC", targets: ["RPC"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .library(name: "API", targets: ["API"]),
        .library(name: "SignalsCore", targets: ["SignalsCore"]),
        .library(name: "PlannerCore", targets: ["PlannerCore"]),
        .library(name: "GatewayCore", targets: ["GatewayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Policy documents (PlannerCore). Pinned to 5.0.1: from 5.1 on, Yams refuses a
        // mapping with a repeated key while composing and reports only the first
        // occurrence, without its path; 5.0.1 keeps both pairs so the policy compiler
        // can point at the repeated key itself.
        .package(url: "https://github.com/jpsim/Yams.git", exact: "5.0.1"),
    ],
    targets: [
        // MARK: C libraries

        .systemLibrary(
            name: "CNGHTTP2",
            path: "Shared/CNGHTTP2",
            pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            path: "Shared/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            path: "Shared/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Shared libraries

        .target(
            name: "Wire",
            path: "Shared/Wire",
            swiftSettings: strictSwift
        ),

        .target(
            name: "RPC",
            dependencies: [
                "CNGHTTP2",
                "COpenSSL",
                "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/RPC",
            swiftSettings: strictSwift
        ),

        .target(
            name: "Store",
            dependencies: ["CLibPQ"],
            path: "Shared/Store",
            swiftSettings: strictSwift
        ),

        .target(
            name: "API",
            dependencies: ["Wire", "RPC"],
            path: "Shared/API",
            swiftSettings: strictSwift
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "RPC", "Store", "API", "Wire", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: strictSwift
        ),

        // MARK: Services

        .target(
            name: "SignalsCore",
            dependencies: ["Wire"],
            path: "Services/Signals/Core",
            resources: [.copy("Resources")],
            swiftSettings: strictSwift
        ),

        .target(
            name: "RouterCore",
            dependencies: ["Wire"],
            path: "Services/Router/Core",
            swiftSettings: strictSwift
        ),

        .target(
            name: "AuditCore",
            dependencies: ["COpenSSL", "Wire"],
            path: "Services/Audit/Core",
            swiftSettings: strictSwift
        ),

        .target(
            name: "HandoffCore",
            dependencies: ["Wire"],
            path: "Services/Handoff/Core",
            swiftSettings: strictSwift
        ),

        .target(
            name: "PlannerCore",
            dependencies: ["Wire", .product(name: "Yams", package: "Yams")],
            path: "Services/Planner/Core",
            swiftSettings: strictSwift
        ),

        // The planner's client of tenants' connectors: deadlines, retries, circuit breakers, tenant -> endpoint.
        .target(
            name: "PlannerConnector",
            dependencies: ["PlannerCore", "API", "RPC", "Wire", "ServiceKit",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/Planner/Connector",
            swiftSettings: strictSwift
        ),

        .target(
            name: "ConnectorDemoCore",
            dependencies: ["Wire"],
            path: "Services/ConnectorDemo/Core",
            swiftSettings: strictSwift
        ),

        .target(
            name: "GatewayCore",
            dependencies: ["Wire", "COpenSSL"],
            path: "Services/Gateway/Core",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-signals",
            dependencies: ["SignalsCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/Signals/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-router",
            dependencies: ["RouterCore", "ServiceKit", "API", "RPC", "Store", "Wire", "COpenSSL",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/Router/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-audit",
            dependencies: ["AuditCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            path: "Services/Audit/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-handoff",
            dependencies: ["HandoffCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/Handoff/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-connector-demo",
            dependencies: ["ConnectorDemoCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/ConnectorDemo/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-planner",
            dependencies: ["PlannerCore", "PlannerConnector", "SignalsCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log")],
            path: "Services/Planner/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "baton-gateway",
            dependencies: ["GatewayCore", "ServiceKit", "API", "RPC", "Store", "Wire",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            path: "Services/Gateway/Main",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "batonctl",
            dependencies: ["API", "RPC", "Wire", "SignalsCore", "AuditCore", "HandoffCore", "PlannerCore", "GatewayCore",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/Ctl",
            swiftSettings: strictSwift
        ),

        // MARK: Tests

        // The interop suite: our server and client against Python grpcio (Tests/Interop/run).
        .target(
            name: "InteropService",
            dependencies: ["RPC", "Wire"],
            path: "Tests/Interop/Service",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "InteropServer",
            dependencies: ["InteropService", "RPC"],
            path: "Tests/Interop/Server",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "InteropClient",
            dependencies: ["InteropService", "RPC", "Wire"],
            path: "Tests/Interop/Client",
            swiftSettings: strictSwift
        ),

        // The Swift side of Tests/Interop/json_differential.py (proto3 JSON against Python's json_format).
        .executableTarget(
            name: "JSONRoundTrip",
            dependencies: ["Wire"],
            path: "Tests/Support/JSONRoundTrip",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WireTests",
            dependencies: ["Wire", "TestSupport"],
            path: "Tests/WireTests",
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "RPCTests",
            dependencies: [
                "RPC", "Wire", "InteropService", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/RPCTests",
            swiftSettings: strictSwift
        ),
        .target(
            name: "TestSupport",
            path: "Tests/Support/TestSupport",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "MigrationRacer",
            dependencies: ["Store"],
            path: "Tests/Support/MigrationRacer",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "MigrationRacer", "TestSupport"],
            path: "Tests/StoreTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: ["ServiceKit"],
            path: "Tests/ServiceKitTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SignalsCoreTests",
            dependencies: ["SignalsCore"],
            path: "Tests/SignalsCoreTests",
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "RouterCoreTests",
            dependencies: ["RouterCore", "Wire"],
            path: "Tests/RouterCoreTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "AuditCoreTests",
            dependencies: ["AuditCore"],
            path: "Tests/AuditCoreTests",
            swiftSettings: strictSwift
        ),
        // Writes a tlog-tiles directory for Tests/Audit/verify-fixture (the Go verifier's end-to-end test).
        .executableTarget(
            name: "TlogTilesFixture",
            dependencies: ["AuditCore"],
            path: "Tests/Support/TlogTilesFixture",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "HandoffCoreTests",
            dependencies: ["HandoffCore", "Wire"],
            path: "Tests/HandoffCoreTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GatewayCoreTests",
            dependencies: ["GatewayCore", "Wire", "API", "RPC"],
            path: "Tests/GatewayCoreTests",
            // The Go-made JWT fixtures, read through #filePath.
            exclude: ["Fixtures"],
            swiftSettings: strictSwift
        ),
        // The gateway's key store, directory and Keys service against the private Postgres, and `batonctl keys`.
        .testTarget(
            name: "GatewayTests",
            dependencies: ["baton-gateway", "batonctl", "GatewayCore", "API", "RPC", "Store", "Wire", "TestSupport",
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/GatewayTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PlannerCoreTests",
            dependencies: ["PlannerCore", "Wire"],
            path: "Tests/PlannerCoreTests",
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        // Reads CEL expressions on stdin and prints PlannerCore's results, for
        // the differential test against a reference implementation (Tests/Planner).
        .executableTarget(
            name: "CELEval",
            dependencies: ["PlannerCore"],
            path: "Tests/Support/CELEval",
            swiftSettings: strictSwift
        ),
        // Drives PlannerConnector's ConnectorClient against a real baton-connector-demo for Tests/ConnectorDemo.
        .executableTarget(
            name: "ConnectorProbe",
            dependencies: ["PlannerConnector", "PlannerCore", "API", "RPC", "Wire"],
            path: "Tests/Support/ConnectorProbe",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ConnectorDemoCoreTests",
            dependencies: ["ConnectorDemoCore", "Wire"],
            path: "Tests/ConnectorDemoCoreTests",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SystemLibraryTests",
            dependencies: ["CNGHTTP2", "CLibPQ", "COpenSSL"],
            path: "Tests/SystemLibraryTests",
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// Settings shared by every Swift target: Swift 6 mode already checks
/// Sendable; these add the upcoming features we rely on.
var strictSwift: [SwiftSetting] {
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
