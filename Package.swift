// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// `UNHURRIED_FUZZ=1` (set by Tests/Interop/fuzz.sh, which builds into `.build-fuzz`) adds the libFuzzer harnesses and
// instruments only the project's own modules: the dependencies build as in any release build, which keeps the fuzz step
// short in CI, and coverage is where the fuzzed parsers are. Ordinary builds see neither flags nor harnesses.
let fuzzing = Context.environment["UNHURRIED_FUZZ"] == "1"
// `UNHURRIED_LEAN_BINARY=1` (set by the Dockerfile and the benchmarks' release build) links `unhurried` for less memory
// at rest: with the toolchain's lld, the 156,000 relocations of a position-independent binary packed into a few
// kilobytes the loader reads instead of 3.7 MB, and no symbol exported from the executable, whose 3 MB symbol table
// nothing looks up. The functions that run as it starts, idles and answers asks (`Deployment/symbol-order.txt`, written
// by `Benchmarks/symbol-order.sh`) are laid out together, so fewer pages of its text are resident. The binary then
// needs glibc 2.36 or later (Ubuntu 24.04, Debian 12), so it is not the default.
let leanLinking: [LinkerSetting] = Context.environment["UNHURRIED_LEAN_BINARY"] == "1"
    ? [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                     "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Deployment/symbol-order.txt",
                     "-Xlinker", "--no-warn-symbol-ordering"],
                    .when(platforms: [.linux], configuration: .release))]
    : []
let projectSettings = strictSettings + (fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : [])

/// A harness: `LLVMFuzzerTestOneInput` and a `main` that hands it to libFuzzer, linked against libFuzzer.
func fuzzHarness(_ name: String, folder: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + dependencies,
        path: "Fuzz/\(folder)",
        swiftSettings: projectSettings,
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]
    )
}

let fuzzTargets: [Target] = [
    .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: strictSettings),
    fuzzHarness("fuzz-slack", folder: "Slack", dependencies: ["ChatPlatforms", "ChatPlatformKit", "UnhurriedCore"]),
    fuzzHarness("fuzz-mattermost", folder: "Mattermost", dependencies: ["ChatPlatforms", "ChatPlatformKit", "UnhurriedCore"]),
    fuzzHarness("fuzz-matrix", folder: "Matrix", dependencies: ["ChatPlatforms", "ChatPlatformKit", "UnhurriedCore"]),
    fuzzHarness("fuzz-teams", folder: "Teams", dependencies: ["ChatPlatforms", "ChatPlatformKit", "UnhurriedCore"]),
    fuzzHarness("fuzz-discord", folder: "Discord", dependencies: ["ChatPlatforms", "ChatPlatformKit", "UnhurriedCore"]),
    fuzzHarness("fuzz-time", folder: "Time", dependencies: ["UnhurriedCore"]),
    fuzzHarness("fuzz-policy", folder: "Policy", dependencies: ["UnhurriedConfiguration", "UnhurriedCore"]),
    fuzzHarness("fuzz-form", folder: "Form", dependencies: ["ChatPlatformKit"]),
]

let package = Package(
    name: "unhurried",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "unhurried", targets: ["unhurried"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Already in the graph (Hummingbird, postgres-nio); named for Mattermost's WebSocket events.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Every outbound call: on NIO's event loops, with deadlines whose cancellation cannot deadlock.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Teams' inbound tokens: RS256 signatures over keys published as a JWK set.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // The admin page's HTML, escaped by the template rather than by hand.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Domain: items, the command grammar, working time, policies. No I/O, no NIO.
        .target(
            name: "UnhurriedCore",
            swiftSettings: projectSettings
        ),
        // The YAML policy file: parsing and validation with file:line:column errors.
        .target(
            name: "UnhurriedConfiguration",
            dependencies: ["UnhurriedCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: projectSettings
        ),
        // The system's SQLite (Debian: libsqlite3-dev), bound directly by the SQLite store.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "UnhurriedStorage",
            dependencies: [
                "UnhurriedCore",
                "CSQLite",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // What every chat platform is built from and plugs into: the platform protocol, the host it hands what
        // it decoded to, outbound HTTP, JSON, form bodies, the WebSocket client.
        .target(
            name: "ChatPlatformKit",
            dependencies: [
                "UnhurriedCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: projectSettings
        ),
        // One folder per chat platform, each everything the platform contributes: settings, verification,
        // routes, decoding, rendering, outbound client, listeners, commands. RegisteredPlatforms lists them.
        .target(
            name: "ChatPlatforms",
            dependencies: [
                "UnhurriedCore",
                "ChatPlatformKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: projectSettings
        ),
        // Where decisions are published besides the chat: a Confluence page, a Notion database, a signed webhook. One
        // folder per target; every call goes through ChatPlatformKit's outbound HTTP client.
        .target(
            name: "DecisionPublishers",
            dependencies: [
                "UnhurriedCore",
                "ChatPlatformKit",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: projectSettings
        ),
        .target(
            name: "UnhurriedServer",
            dependencies: [
                "UnhurriedCore",
                "DecisionPublishers",
                "UnhurriedConfiguration",
                "UnhurriedStorage",
                "ChatPlatformKit",
                "ChatPlatforms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "unhurried",
            dependencies: [
                "UnhurriedServer",
                "DecisionPublishers",
                "UnhurriedStorage",
                "UnhurriedConfiguration",
                "UnhurriedCore",
                "ChatPlatformKit",
                "ChatPlatforms",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: leanLinking
        ),
        .executableTarget(
            name: "follow-up-benchmark",
            dependencies: [
                "UnhurriedCore", "UnhurriedStorage", "UnhurriedServer", "ChatPlatformKit", "ChatPlatforms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/FollowUpBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "deadline-benchmark",
            dependencies: ["UnhurriedCore"],
            path: "Benchmarks/DeadlineBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "tokenizer-benchmark",
            dependencies: ["UnhurriedCore", "ChatPlatformKit", "ChatPlatforms"],
            path: "Benchmarks/TokenizerBenchmark",
            swiftSettings: strictSettings
        ),
        // The in-memory store lets the core's handlers be tested without I/O.
        .testTarget(
            name: "UnhurriedCoreTests",
            dependencies: ["UnhurriedCore", "UnhurriedStorage"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnhurriedConfigurationTests",
            dependencies: ["UnhurriedConfiguration"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChatPlatformsTests",
            dependencies: [
                "ChatPlatforms", "ChatPlatformKit", "UnhurriedCore", .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnhurriedServerTests",
            dependencies: [
                "UnhurriedServer",
                "DecisionPublishers",
                "UnhurriedStorage",
                "UnhurriedCore",
                "ChatPlatformKit",
                "ChatPlatforms",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
    ] + (fuzzing ? fuzzTargets : [])
)
