// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets, kept out of the main package: they only link when built
/// with `--sanitize=fuzzer`. Run them with `make fuzz` (see `Fuzz/run`).
let package = Package(
    name: "BatonFuzz",
    dependencies: [
        .package(name: "Baton", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "WireDecodeFuzzer",
            dependencies: [.product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "JSONDecodeFuzzer",
            dependencies: [.product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "HTTP1ConnectFuzzer",
            dependencies: [
                .product(name: "RPC", package: "Baton"),
                .product(name: "Wire", package: "Baton"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "CELFuzzer",
            dependencies: [.product(name: "PlannerCore", package: "Baton")]
        ),
        .executableTarget(
            name: "GatewayRequestFuzzer",
            dependencies: [.product(name: "GatewayCore", package: "Baton"), .product(name: "API", package: "Baton"),
                           .product(name: "RPC", package: "Baton"), .product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "ServerConnectionFuzzer",
            dependencies: [
                .product(name: "RPC", package: "Baton"),
                .product(name: "Wire", package: "Baton"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
