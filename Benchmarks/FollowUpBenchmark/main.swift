// The scheduler at scale, on this machine:
//   swift run -c release follow-up-benchmark [OPEN_ASSIGNMENTS] [DUE_REMINDERS]
// 1. stores OPEN_ASSIGNMENTS (default 1,000,000) open asks in a fresh SQLite file, their follow-ups spread over
//    30 days; 2. times claiming one tick's due work, with its items (100 due, the scheduler's batch of 200, and 500),
//    and finding when the next is due; 3. plans and records DUE_REMINDERS (default 10,000) due reminders — two posts
//    each, a thread reply and a DM — and reports the CPU time; 4. delivers every post to a fake Slack Web API on
//    127.0.0.1 that answers 429 (Retry-After: 1) to 20% and 500 to 5% of posts, in virtual time, and checks that each
//    arrived exactly once; 5. prints peak RSS.
// With UNHURRIED_TEST_POSTGRES_URL set (Tests/Interop/with-postgres.sh), steps 1 to 3 run on a schema of their own in
// that PostgreSQL instead, as several replicas share it. FOLLOW_UP_BENCHMARK_SCHEMA names the schema instead, so that
// builds can be timed in turns on the same rows: a schema that already holds open asks (a run's schema is left for a
// look) is timed as it is, without steps 1 and 3.
import ChatPlatformKit
import ChatPlatforms
import Foundation
import Hummingbird
import Logging
import Synchronization
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

let arguments = CommandLine.arguments.dropFirst().compactMap(Int.init)
let openAssignments = arguments.first ?? 1_000_000
let dueReminders = arguments.dropFirst().first ?? 10_000

let logger: Logger = {
    var logger = Logger(label: "follow-up-benchmark")
    logger.logLevel = .error
    return logger
}()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// Slack's Web API, as far as posting goes: 20% of posts get 429 with Retry-After, 5% get 500, the rest are
/// taken and counted by idempotency key. A 500 leaves the post's fate unknown to the sender, which then looks
/// in the channel's history; the fake answers those lookups from what it took.
final class FlakySlack: Sendable {
    let received = Mutex<[String: Int]>([:])
    let answered = Mutex<(ok: Int, limited: Int, failed: Int)>((0, 0, 0))
    let lookups = Mutex(0)

    func run(_ body: @escaping @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.post("api/conversations.open") { request, _ -> Response in
            let users = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))["users"] ?? ""
            return Self.json(#"{"ok":true,"channel":{"id":"D\#(users)"}}"#)
        }
        // Nothing a 500 answered was taken, so a lookup finds nothing: the sender must post again, once.
        let history: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, _ in
            self.lookups.withLock { $0 += 1 }
            return Self.json(#"{"ok":true,"messages":[]}"#)
        }
        router.post("api/conversations.history", use: history)
        router.post("api/conversations.replies", use: history)
        router.post("api/chat.postMessage") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let roll = Int.random(in: 0..<100)
            if roll < 20 {
                self.answered.withLock { $0.limited += 1 }
                return Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
            }
            if roll < 25 {
                self.answered.withLock { $0.failed += 1 }
                return Response(status: .internalServerError)
            }
            let key = body.range(of: #""idempotency_key":""#).map { String(body[$0.upperBound...].prefix { $0 != "\"" }) } ?? "?"
            let count = self.received.withLock { counts -> Int in
                counts[key, default: 0] += 1
                return counts.count
            }
            self.answered.withLock { $0.ok += 1 }
            return Self.json(#"{"ok":true,"ts":"1795420800.\#(count)"}"#)
        }
        let port = Mutex<Int?>(nil)
        let started = AsyncStream<Void>.makeStream()
        var quiet = logger
        quiet.logLevel = .critical  // the fake's shutdown at the end is not news
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.withLock { $0 = channel.localAddress?.port }
                started.continuation.yield()
            }, logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            for await _ in started.stream { break }
            try await body(URL(string: "http://127.0.0.1:\(port.withLock { $0 } ?? 0)/api")!)
            group.cancelAll()
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

let tier = ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)])
let policy = ResponsePolicy(tiers: [tier], defaultTierName: "standard", workingHours: .standardUTC)
let start = Date(timeIntervalSince1970: 1_795_420_800)  // Mon 2026-11-23 08:00 UTC
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-benchmark-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let postgres = ProcessInfo.processInfo.environment["UNHURRIED_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
let namedSchema = postgres == nil ? nil : ProcessInfo.processInfo.environment["FOLLOW_UP_BENCHMARK_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 }
let store: any ClosableStore
if let postgres {
    let schema = namedSchema ?? "follow_up_benchmark_\(getpid())"
    store = try await openStore(databaseURL: "\(postgres)\(postgres.contains("?") ? "&" : "?")schema=\(schema)", logger: logger)
    Task { await store.run() }
} else {
    store = try await SQLiteStore.open(path: directory.appendingPathComponent("benchmark.sqlite").path, logger: logger)
}

// 1. A million open asks, one assignee each, created every few seconds over 30 days, with their first follow-up.
let planner = FollowUpPlanner(policy: policy)
let spacing = 30 * 86_400 / Double(openAssignments)
let clock = ContinuousClock()
// A schema is taken as loaded only when named: one named after this process could be a run's that was left behind.
let loaded = namedSchema == nil ? false : try await store.nextFollowUpAt() != nil
let loading = try await clock.measure {
    guard !loaded else { return }
    let chunk = 2_000
    for first in stride(from: 0, to: openAssignments, by: chunk) {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in first..<min(first + chunk, openAssignments) {
                let createdAt = start.addingTimeInterval(Double(index) * spacing)
                let assignee = ChatUserID("U\(index % 5_000)")
                var new = NewItem(
                    kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T0BENCH", channelID: "C\(index % 10_000)"),
                    author: ChatUserID("U0ASKER"), request: "review the plan https://example.com/\(index) — is the date right?",
                    links: [Link(url: "https://example.com/\(index)")], tierName: "standard", createdAt: createdAt,
                    assignments: [Assignment(assignee: assignee, dueAt: policy.deadline(for: tier, createdAt: createdAt))])
                let draft = Item(id: ItemID(0), status: .open, new)
                new.assignments[0].nextFollowUpAt = planner.nextFollowUp(
                    for: draft, assignment: new.assignments[0], hours: policy.workingHours, ownNudges: nil, after: createdAt)
                let item = new
                group.addTask { _ = try await store.create(item) }
            }
            try await group.waitForAll()
        }
    }
}
if postgres == nil {
    // The cards were queued with the asks; this run measures follow-ups only, so they are set aside directly.
    let side = try SQLiteConnection.open(path: directory.appendingPathComponent("benchmark.sqlite").path)
    try await side.query("UPDATE outbox SET status = 'skipped' WHERE kind = 'item_card'")
    // Loading leaves a large write-ahead log; folding it into the database now keeps that work out of the timings.
    try await side.query("PRAGMA wal_checkpoint(TRUNCATE)")
    try await side.close()
}
if loaded {
    print("timing the open asks already stored in schema \(namedSchema ?? ""), as a run stored them (OPEN is taken as their number)")
} else {
    print(String(format: "stored %d open assignments in %.1f s on %@", openAssignments, seconds(loading), postgres == nil ? "SQLite" : "PostgreSQL"))
}

// 2. One tick's claim: the instant by which `count` follow-ups are due. Many fall due at once (the start of a working
// day), so more may be due then: each timed claim takes `count`, as a tick with `count` due would. Claims
// made here end at once (a lease that is already over), so every timed run finds the same rows and the planning
// below finds them unclaimed.
func instant(whenDue count: Int) async throws -> Date {
    let due = try await store.claimDueAssignments(at: start.addingTimeInterval(60 * 86_400), limit: count, leaseUntil: start)
    return due.last?.nextFollowUpAt ?? start
}
for count in [100, FollowUpScheduler.batchSize, 500] {
    let at = try await instant(whenDue: count)
    var timings: [Double] = []
    for _ in 0..<50 {
        let elapsed = try await clock.measure { _ = try await store.claimDueAssignments(at: at, limit: count, leaseUntil: at) }
        timings.append(seconds(elapsed) * 1000)
    }
    timings.sort()
    let batch = count == FollowUpScheduler.batchSize ? ", the scheduler's batch" : ""
    print(String(format: "claiming one tick's due work (%d due of %d open%@): median %.2f ms, p95 %.2f ms",
                 count, openAssignments, batch, timings[timings.count / 2], timings[timings.count * 95 / 100]))
}
// The rest of a tick: when the next follow-up is due, which the scheduler asks after every pass.
var nextDueTimings: [Double] = []
for _ in 0..<50 {
    nextDueTimings.append(seconds(try await clock.measure { _ = try await store.nextFollowUpAt() }) * 1000)
}
nextDueTimings.sort()
print(String(format: "finding when the next follow-up is due (%d open): median %.2f ms, p95 %.2f ms",
             openAssignments, nextDueTimings[nextDueTimings.count / 2], nextDueTimings[nextDueTimings.count * 95 / 100]))

/// Ends a run on PostgreSQL, leaving its schema in place.
func endPostgreSQLRun(_ message: String) async throws -> Never {
    print(message)
    try await store.close()
    // `exit` skips the deferred clean-up above.
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
// Planning moves the due follow-ups on: a loaded schema is only timed, so that every run on it times the same rows.
if loaded {
    try await endPostgreSQLRun("PostgreSQL: the run that stored the schema planned its first due follow-ups; this one only timed them")
}

// 3. Planning and recording the first `dueReminders` due reminders.
let tickAt = try await instant(whenDue: dueReminders)
let scheduler = FollowUpScheduler(store: store, policy: LivePolicy(policy))
let cpuBefore = cpuSeconds()
let planningStart = clock.now
let queued = try await scheduler.queueDueFollowUps(now: tickAt)
let planning = clock.now - planningStart
let cpu = cpuSeconds() - cpuBefore
print(String(format: "planned and recorded %d due follow-ups (%d posts: reminders and overdue notices, each to the thread and a DM) in %.2f s wall, %.2f s CPU",
             dueReminders, queued, seconds(planning), cpu))

if postgres != nil {
    // Delivery runs the same code on either store; on PostgreSQL it would also deliver the million cards queued with
    // the asks, which SQLite's run sets aside.
    try await endPostgreSQLRun("PostgreSQL: delivery is measured on SQLite only; the schema is left for a look, and for FOLLOW_UP_BENCHMARK_SCHEMA")
}

// 4. Delivering them through the real Slack client to a flaky fake, in virtual time.
let slack = FlakySlack()
try await slack.run { api in
    let virtual = VirtualClock(tickAt)
    let dispatcher = OutboxDispatcher(
        store: store,
        transports: ["slack": SlackWebAPIClient(baseURL: api, botToken: "xoxb-benchmark", http: NIOHTTPClient(timeout: .seconds(10)))],
        clock: virtual, logger: logger)
    let delivering = try await clock.measure {
        while true {
            try await dispatcher.deliverDuePosts()
            guard let next = try await dispatcher.nextPendingAttempt(), next < Date.distantFuture.addingTimeInterval(-1) else { break }
            virtual.move(to: next)
        }
    }
    let counts = slack.received.withLock { $0 }
    let answers = slack.answered.withLock { $0 }
    let once = counts.values.allSatisfy { $0 == 1 }
    let dead = try await store.posts(withStatus: .dead).count
    print(String(format: "delivered %d of %d posts in %.1f s (%d answered 429, %d answered 500, %d history lookups, %d dead): %@",
                 counts.count, queued, seconds(delivering), answers.limited, answers.failed, slack.lookups.withLock { $0 }, dead,
                 once && counts.count == queued ? "each exactly once" : "NOT exactly once"))
}
try await store.close()
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
