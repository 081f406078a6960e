import ChatPlatformKit
import ChatPlatforms
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing
import Synchronization
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

let testSigningSecret = "test-signing-secret"
let testBotToken = "xoxb-test-token"

/// Where the tests' virtual clocks start: Monday 2026-11-23, 08:00 UTC.
let testStart = Date(timeIntervalSince1970: 1_795_420_800)

/// Signs a body as Slack does (v0 HMAC-SHA256 over "v0:timestamp:body").
func slackHeaders(for body: String, secret: String = testSigningSecret, at date: Date) -> [(String, String)] {
    let timestamp = String(Int(date.timeIntervalSince1970))
    let mac = HMAC<SHA256>.authenticationCode(
        for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
    let hex = mac.map { String(format: "%02x", $0) }.joined()
    return [("X-Slack-Request-Timestamp", timestamp), ("X-Slack-Signature", "v0=\(hex)")]
}

/// A slash-command form body as Slack sends it.
func slashCommandBody(command: String = "/ask", text: String, user: String = "U0ALICE", channel: String = "C0GENERAL") -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    func encode(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: allowed)! }
    return [
        ("token", "deprecated"), ("team_id", "T0TEAM"), ("team_domain", "acme"), ("channel_id", channel),
        ("channel_name", "general"), ("user_id", user), ("user_name", "alice"), ("command", command), ("text", text),
        ("response_url", "https://hooks.slack.com/commands/T0TEAM/1/abc"), ("trigger_id", "1.2.3"),
    ].map { "\($0)=\(encode($1))" }.joined(separator: "&")
}

/// A throwaway database of one kind, for tests that must hold on every store: a SQLite file in a temporary directory,
/// an `InMemoryStore`, or a schema of its own in the PostgreSQL server `UNHURRIED_TEST_POSTGRES_URL` names (`.ci/run`
/// starts one; without it PostgreSQL is not tested).
struct TestDatabase: Sendable {
    enum Kind: String, Sendable, CustomTestStringConvertible {
        case sqlite
        case postgres
        case memory

        var testDescription: String { rawValue }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["UNHURRIED_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Every kind this run can test.
    static let kinds: [Kind] = postgresURL == nil ? [.sqlite, .memory] : [.sqlite, .memory, .postgres]

    /// Every database this run can test, for what only a database does: keep data across a close and a reopen (a
    /// restart), and migrate its schema. Nothing of an in-memory store outlives its close.
    static let sqlKinds: [Kind] = kinds.filter { $0 != .memory }

    let kind: Kind
    private let makeStore: @Sendable () async throws -> any ClosableStore
    private let cleanUp: @Sendable () async -> Void

    static func make(_ kind: Kind) async throws -> TestDatabase {
        let name = "unhurried_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return TestDatabase(kind: kind, url: "sqlite://\(directory.appendingPathComponent("test.sqlite").path)") {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            guard let base = postgresURL, case .postgres(let server) = try DatabaseLocation(url: base) else {
                throw DatabaseLocationError.notAURL(postgresURL ?? "(UNHURRIED_TEST_POSTGRES_URL is not set)")
            }
            let separator = base.contains("?") ? "&" : "?"
            return TestDatabase(kind: kind, url: "\(base)\(separator)schema=\(name)") {
                await dropSchema(name, on: server)
            }
        case .memory:
            // One store for the whole database: two opens stand for two replicas sharing it.
            let store = InMemoryStore()
            return TestDatabase(kind: kind, makeStore: { store }, cleanUp: {})
        }
    }

    /// A database `--database url` names.
    private init(kind: Kind, url: String, cleanUp: @escaping @Sendable () async -> Void) {
        self.init(kind: kind, makeStore: { try await openStore(databaseURL: url, logger: quietLogger) }, cleanUp: cleanUp)
    }

    private init(kind: Kind, makeStore: @escaping @Sendable () async throws -> any ClosableStore, cleanUp: @escaping @Sendable () async -> Void) {
        self.kind = kind
        self.makeStore = makeStore
        self.cleanUp = cleanUp
    }

    /// Opens the database (again, after a close: the data is kept until `remove`; not so in memory, see `sqlKinds`).
    /// The store runs (PostgreSQL's pool) until the test closes it; tests open and close stores as a restart would, so
    /// its run is not scoped to one block as `serve`'s and the commands' are.
    func open() async throws -> any ClosableStore {
        let store = try await makeStore()
        Task { await store.run() }
        return store
    }

    func remove() async {
        await cleanUp()
    }

    private static func dropSchema(_ name: String, on server: PostgresServer) async {
        let client = PostgresClient(
            configuration: .init(host: server.host, port: server.port, username: server.username, password: server.password,
                                 database: server.database, tls: .disable),
            backgroundLogger: quietLogger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: name) CASCADE")
            group.cancelAll()
        }
    }
}

/// Polls `condition` for up to 30 s, until it holds: a busy CI machine can take seconds over a post, and a step taken
/// before the one it waits for would test another ordering (two card changes folded into one update, say). The test's
/// own expectations then say what did not happen.
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
    for _ in 0..<600 where try await !condition() {
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// Runs `body` on a fresh store of `kind`, then closes and removes it.
func withTestStore(_ kind: TestDatabase.Kind, _ body: (any ClosableStore, TestDatabase) async throws -> Void) async throws {
    let database = try await TestDatabase.make(kind)
    let store = try await database.open()
    do {
        try await body(store, database)
    } catch {
        try? await store.close()
        await database.remove()
        throw error
    }
    try await store.close()
    await database.remove()
}

let quietLogger: Logger = {
    var logger = Logger(label: "unhurried-test")
    logger.logLevel = .critical
    return logger
}()

/// The whole service on a real socket, background workers included, with the built-in policy, the system clock and
/// the real outbound HTTP client: what `serve` runs, pointed at local fakes.
/// The built-in policy with cards that call whatever the hour: a live server runs on the wall clock, and what a test
/// sees must not depend on when it runs.
let wallClockPolicy: ResponsePolicy = {
    var policy = ResponsePolicy.builtIn
    for index in policy.tiers.indices { policy.tiers[index].callsOutsideHours = true }
    return policy
}()

/// Tests that are not about the profile budget wait for every profile: on a machine busy with other work a lookup on
/// 127.0.0.1 can outlast 300 ms, and a deadline planned again would be a change those tests do not expect.
let patientProfileLookup = Duration.seconds(10)

func runLiveServer(
    _ configuration: ServerConfiguration, store: any UnhurriedStore, profileLookupBudget: Duration = patientProfileLookup,
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.profileLookupBudget = profileLookupBudget
    let app = buildApplication(
        configuration: configuration,
        dependencies: ServerDependencies(
            store: store, policy: LivePolicy(wallClockPolicy), clock: SystemClock(), httpClient: NIOHTTPClient(timeout: .seconds(5)), logger: quietLogger))
    try await app.test(.live, body)
}
