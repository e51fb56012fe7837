// swift-tools-version:6.1
// Warren: EventBridge-style event routing on RabbitMQ.
//
// Layers, each depending only on those above it:
//   EventPatterns (pure)  ->  WarrenCore (pure: model, translator, validation, input shaping)
//   WarrenCore  ->  WarrenRules (rules files; no broker)      WarrenCore  ->  WarrenAPI (the EventBridge API, no HTTP)
//   CRabbitMQ (librabbitmq)  ->  AMQPClient  ->  WarrenBus (WarrenCore on RabbitMQ)
//   WarrenAPI  ->  WarrenServer (Hummingbird)  ->  WarrenCommands (+ WarrenBus, WarrenRules)  ->  executables
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Warren",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AMQPClient", targets: ["AMQPClient"]),
        .library(name: "EventPatterns", targets: ["EventPatterns"]),
        .library(name: "WarrenCore", targets: ["WarrenCore"]),
        .library(name: "WarrenBus", targets: ["WarrenBus"]),
        .library(name: "WarrenRules", targets: ["WarrenRules"]),
        .library(name: "WarrenAPI", targets: ["WarrenAPI"]),
        .library(name: "WarrenServer", targets: ["WarrenServer"]),
        .executable(name: "warren", targets: ["warren"]),
        .executable(name: "producer", targets: ["producer"]),
        .executable(name: "case1-consumer", targets: ["case1-consumer"]),
        .executable(name: "case2-consumer", targets: ["case2-consumer"]),
        .executable(name: "case3-consumer", targets: ["case3-consumer"]),
        .executable(name: "warren-bench", targets: ["warren-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // MARK: C interop
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"]), .brew(["rabbitmq-c"])]
        ),

        // MARK: Libraries
        .target(
            name: "AMQPClient",
            dependencies: [
                "CRabbitMQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "EventPatterns",
            swiftSettings: strictSwift
        ),
        // The model and the pure logic: rules, targets, the translator, PutEvents validation, input shaping. Loading
        // rules files, translating and validating never link librabbitmq.
        .target(
            name: "WarrenCore",
            dependencies: ["EventPatterns"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "WarrenBus",
            dependencies: [
                "AMQPClient",
                "EventPatterns",
                "WarrenCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "WarrenRules",
            dependencies: [
                "WarrenCore",
                "EventPatterns",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSwift
        ),
        // The EventBridge API (AWS JSON 1.1): shapes, validation, errors and operations over a backend. No HTTP.
        .target(
            name: "WarrenAPI",
            dependencies: [
                "WarrenCore",
                "EventPatterns",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // `warren serve`'s HTTP server: the EventBridge API over Hummingbird.
        .target(
            name: "WarrenServer",
            dependencies: [
                "WarrenAPI",
                "EventPatterns",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "WarrenCommands",
            dependencies: [
                "AMQPClient",
                "EventPatterns",
                "WarrenBus",
                "WarrenRules",
                "WarrenServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Demo")],
            swiftSettings: strictSwift
        ),

        // MARK: Executables (thin: parse arguments, call WarrenCommands)
        .executableTarget(name: "warren", dependencies: ["WarrenCommands"], swiftSettings: strictSwift),
        .executableTarget(name: "producer", dependencies: ["WarrenCommands"], swiftSettings: strictSwift),
        .executableTarget(name: "case1-consumer", dependencies: ["WarrenCommands"], swiftSettings: strictSwift),
        .executableTarget(name: "case2-consumer", dependencies: ["WarrenCommands"], swiftSettings: strictSwift),
        .executableTarget(name: "case3-consumer", dependencies: ["WarrenCommands"], swiftSettings: strictSwift),
        .executableTarget(
            name: "warren-bench",
            dependencies: [
                "AMQPClient",
                "EventPatterns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/warren-bench",
            swiftSettings: strictSwift
        ),
        // The baseline of the AMQP benchmark: the same work done with librabbitmq directly.
        .executableTarget(name: "amqp-c-bench", dependencies: ["CRabbitMQ"], path: "Benchmarks/amqp-c-bench"),

        // MARK: Tests. Unit tests need no broker; integration tests need one (scripts/rabbitmq start).
        .testTarget(
            name: "EventPatternsTests",
            dependencies: [
                "EventPatterns",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WarrenCoreTests",
            dependencies: [
                "WarrenCore",
                "EventPatterns",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WarrenBusTests",
            dependencies: [
                "WarrenBus",
                "WarrenCore",
                "AMQPClient",
                "EventPatterns",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WarrenRulesTests",
            dependencies: [
                "WarrenRules", "WarrenCore", "EventPatterns",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: strictSwift
        ),
        // The commands' own logic: options, the entries file. No broker.
        .testTarget(
            name: "WarrenCommandsTests",
            dependencies: [
                "WarrenCommands", "WarrenRules", "WarrenBus", "EventPatterns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSwift
        ),
        // The in-memory EventBridge backend: the API's unit tests and the test server run against it.
        .target(
            name: "WarrenAPITestSupport",
            dependencies: ["WarrenAPI", "WarrenBus", "EventPatterns"],
            path: "Tests/WarrenAPITestSupport",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WarrenAPITests",
            dependencies: [
                "WarrenAPI", "WarrenAPITestSupport", "WarrenServer", "WarrenBus", "EventPatterns",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // `warren serve` over the in-memory backend, for end-to-end runs of the AWS CLI, boto3 and moto's suite
        // without a broker.
        .executableTarget(
            name: "warren-api-memory-server",
            dependencies: [
                "WarrenServer", "WarrenAPI", "WarrenAPITestSupport", "WarrenCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/WarrenAPIMemoryServer",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "AMQPClientTests",
            dependencies: ["AMQPClient"],
            swiftSettings: strictSwift
        ),
        // Shared by the integration tests: where the test broker is, its management API, running executables.
        .target(
            name: "WarrenTestSupport",
            dependencies: ["AMQPClient", "WarrenBus", "EventPatterns"],
            path: "Tests/WarrenTestSupport",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "AMQPClientIntegrationTests",
            dependencies: ["AMQPClient", "WarrenTestSupport"],
            swiftSettings: strictSwift
        ),
        // `warren consume` with a faulty handler (aborts the process on a marker event, or fails first attempts):
        // the poison consumer of the fault tests and the retried target of the soak.
        .executableTarget(
            name: "warren-fault-consumer",
            dependencies: [
                "WarrenCommands", "WarrenBus", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/WarrenFaultConsumer",
            swiftSettings: strictSwift
        ),
        // The soak: a producer and consumer processes at a steady rate while the broker restarts and consumers are
        // SIGKILLed; `scripts/soak` runs it.
        .executableTarget(
            name: "warren-soak",
            dependencies: [
                "WarrenBus", "WarrenRules", "EventPatterns", "AMQPClient", "WarrenTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/WarrenSoak",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WarrenIntegrationTests",
            dependencies: [
                "WarrenBus", "WarrenRules", "WarrenCommands", "AMQPClient", "EventPatterns", "WarrenTestSupport",
            ],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
