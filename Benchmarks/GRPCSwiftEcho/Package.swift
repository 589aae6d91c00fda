// swift-tools-version:6.1
import PackageDescription

/// The named peer for `make bench`'s RPC benchmark: a grpc-swift-2 echo server
/// (`baton.interop.v1.Interop/Unary`) on grpc-swift-nio-transport's
/// HTTP/2 NIOPosix transport. Kept out of the main package and out of CI: its
/// first release build takes ~14 minutes (BoringSSL). Build it with
/// `swift build -c release` in this folder; `Benchmarks/run` uses it when present.
///
/// `Sources/GRPCSwiftEcho/interop.pb.swift` is apple/swift-protobuf 1.39.0's
/// protoc-gen-swift output for `Tests/Interop/interop.proto`, generated once and committed.
let package = Package(
    name: "GRPCSwiftEcho",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "GRPCSwiftEcho",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
