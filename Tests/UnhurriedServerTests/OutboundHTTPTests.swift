import ChatPlatformKit
import ChatPlatforms
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// Outbound calls to a chat API that stops answering end on time, together, and leave the server serving: the
/// failure that once wedged it for good (URLSession's cancellation deadlocking on Linux) cannot come back.
@Suite(.timeLimit(.minutes(1))) struct OutboundHTTPTests {
    @Test func callsToASilentServerTimeOutTogetherAndTheClientStillWorks() async throws {
        let client = NIOHTTPClient(timeout: .seconds(1))
        let started = ContinuousClock.now
        let failures = try await SilentServer.run { api in
            await withTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        (try? await client.send(OutboundRequest(url: api.appending(path: "users.info"), body: Data("user=U\(index)".utf8)))) == nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(failures == 200)
        // Each had one second, from the start; queued behind the pool's connections or not, they end together.
        #expect(ContinuousClock.now - started < .seconds(5))
        try await FakeSlackAPI().run { api in
            let response = try await client.send(OutboundRequest(url: api.appending(path: "users.info"), body: Data("user=U0BOB".utf8)))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""id":"U0BOB""#))
        }
    }

    /// A chat API that is down refuses connections; its posts fail at once, to be retried by the outbox, rather than
    /// holding the one delivery worker for their whole deadline while other platforms' posts wait.
    @Test func aRefusedConnectionFailsAtOnceSayingSo() async throws {
        let (closedPort, socket) = try Self.refusingPort()
        defer { close(socket) }
        let client = NIOHTTPClient(timeout: .seconds(10))
        let started = ContinuousClock.now
        let failure = await #expect(throws: (any Error).self) {
            try await client.send(OutboundRequest(url: URL(string: "http://127.0.0.1:\(closedPort)/api/chat.postMessage")!, body: Data()))
        }
        // Well before the call's own deadline of ten seconds, however busy the machine.
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(String(describing: failure).contains("Connection refused"))
        // It never left: a post that failed so is tried again without first being looked for.
        let delivery = DeliveryFailure(calling: "chat.postMessage", failedWith: try #require(failure))
        #expect(delivery == .unreachable("chat.postMessage: \(try #require(failure))") && !delivery.mayHaveBeenDelivered)
        #expect(DeliveryFailure(calling: "chat.postMessage", failedWith: CancellationError()).mayHaveBeenDelivered)
    }

    /// A port on 127.0.0.1 that refuses connections while `socket` is open: bound but never listening, so no test
    /// running beside this one can be given it meanwhile, as a port freed by a stopped server can.
    private static func refusingPort() throws -> (port: Int, socket: Int32) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard socket >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        return (Int(UInt16(bigEndian: address.sin_port)), socket)
    }

    @Test func lookupsCancelledAtTheirBudgetReturnAtOnce() async throws {
        // The client would wait 30 s; the person waiting gives each lookup 300 ms and cancels the rest.
        let client = NIOHTTPClient(timeout: .seconds(30))
        let started = ContinuousClock.now
        let answered = try await SilentServer.run { api in
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<300 {
                    group.addTask { await client.send(OutboundRequest(url: api), within: .milliseconds(300)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(answered == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let router = Router()
        router.post("moved") { _, _ in Response(status: .found, headers: [.location: "http://127.0.0.1:9/elsewhere"]) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { testClient in
            let url = URL(string: "http://127.0.0.1:\(testClient.port!)/moved")!
            let response = try await NIOHTTPClient(timeout: .seconds(5)).send(
                OutboundRequest(url: url, headers: ["Authorization": "Bearer xoxb-secret"]))
            #expect(response.status == 302)
            #expect(response.headers["location"] == "http://127.0.0.1:9/elsewhere")
        }
    }

    @Test func theServerKeepsAnsweringWhileAChatAPIHangs() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        try await SilentServer.run { api in
            let configuration = ServerConfiguration(
                host: "127.0.0.1", port: 0,
                enabled: [SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken, apiBaseURL: api))])
            // The budget a server runs with: a command waits that long for profiles, not for the directory to give up.
            try await runLiveServer(configuration, store: store, profileLookupBudget: configuration.profileLookupBudget) { client in
                // Twelve asks naming 25 new people each, on connections of their own: 300 profile lookups, all past
                // their budget at once.
                let commands = URL(string: "http://127.0.0.1:\(client.port!)/slack/commands")!
                let asking = ContinuousClock.now
                let asks = try await withThrowingTaskGroup(of: Int.self) { group in
                    for ask in 0..<12 {
                        let people = (0..<25).map { "<@U\(ask)P\($0)>" }.joined(separator: " ")
                        let body = slashCommandBody(text: "\(people) review https://example.com/doc — does it read well?")
                        var headers = ["Content-Type": "application/x-www-form-urlencoded"]
                        for (name, value) in slackHeaders(for: body, at: Date()) { headers[name] = value }
                        let request = OutboundRequest(url: commands, headers: headers, body: Data(body.utf8))
                        group.addTask { try await NIOHTTPClient(timeout: .seconds(10)).send(request).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(asks == Array(repeating: 200, count: 12))
                // Each waited its lookups' 300 ms budget, side by side.
                #expect(ContinuousClock.now - asking < .seconds(5))
                let started = ContinuousClock.now
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.status == .ok)
                // Wedged, it would never answer; loose, since CI machines are busy.
                #expect(ContinuousClock.now - started < .seconds(3))
            }
        }
        #expect(try await store.openItems(authoredBy: ChatUserID("U0ALICE"), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")).count == 12)
        try await store.close()
        await database.remove()
    }
}
