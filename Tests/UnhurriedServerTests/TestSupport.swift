import ChatPlatforms
import Crypto
import Foundation
import Logging
import Synchronization
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

let testSigningSecret = "test-signing-secret"
let testBotToken = "xoxb-test-token"

/// A clock that stands still unless a test moves it.
final class ManualClock: WallClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_420_800)) {  // Mon 2026-11-23 08:00 UTC
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

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

/// A fresh SQLite store in its own temporary directory.
func makeTemporaryStore() async throws -> (SQLiteStore, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let store = try await SQLiteStore.open(path: directory.appendingPathComponent("test.sqlite").path, logger: Logger(label: "test"))
    return (store, directory)
}

let quietLogger: Logger = {
    var logger = Logger(label: "unhurried-test")
    logger.logLevel = .critical
    return logger
}()
