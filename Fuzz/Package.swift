// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets, kept out of the main package: they only link when built
/// with `--sanitize=fuzzer`. Run them with `make fuzz` (see `Fuzz/run`).
let package = Package(
    name: "BatonFuzz",
    dependencies: [.package(name: "Baton", path: "..")],
    targets: [
        .executableTarget(
            name: "WireDecodeFuzzer",
            dependencies: [.product(name: "Wire", package: "Baton")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
