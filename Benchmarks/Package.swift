// swift-tools-version:6.0
import PackageDescription

/// Benchmarks against named peers, kept out of the main package so that its
/// build pulls no extra dependency. `make bench` runs them (see `Benchmarks/run`).
///
/// `SwiftProtobufMessages` is apple/swift-protobuf 1.39.0's code for the same
/// `proto/`, generated once with its protoc-gen-swift and committed.
let package = Package(
    name: "BatonBenchmarks",
    dependencies: [
        .package(name: "Baton", path: ".."),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "SwiftProtobufMessages",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .executableTarget(
            name: "StoreBenchmark",
            dependencies: [.product(name: "Store", package: "Baton")]
        ),
        .executableTarget(
            name: "SignalsBenchmark",
            dependencies: [.product(name: "SignalsCore", package: "Baton"), .product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "IntentBenchmark",
            dependencies: [.product(name: "SignalsCore", package: "Baton")]
        ),
        .executableTarget(
            name: "RouterLoad",
            dependencies: [.product(name: "API", package: "Baton"), .product(name: "RPC", package: "Baton"),
                           .product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "AuditAppendLoad",
            dependencies: [.product(name: "API", package: "Baton"), .product(name: "RPC", package: "Baton"),
                           .product(name: "Wire", package: "Baton"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .executableTarget(
            name: "PlannerTurnLoad",
            dependencies: [.product(name: "API", package: "Baton"), .product(name: "RPC", package: "Baton"),
                           .product(name: "Wire", package: "Baton")]
        ),
        .executableTarget(
            name: "CodecBenchmark",
            dependencies: [
                .product(name: "Wire", package: "Baton"),
                "SwiftProtobufMessages",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .executableTarget(
            name: "JSONBenchmark",
            dependencies: [
                .product(name: "Wire", package: "Baton"),
                "SwiftProtobufMessages",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
