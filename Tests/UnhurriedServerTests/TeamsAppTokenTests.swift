import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

@Suite struct TeamsAppTokenTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// Runs `body` with a token client for the test bot, logging in at a local Entra stand-in.
    private func withTokens(
        tenantID: String? = nil, _ body: @escaping @Sendable (TeamsAppToken, FakeBotFrameworkLogin, VirtualClock) async throws -> Void
    ) async throws {
        let login = FakeBotFrameworkLogin()
        let clock = VirtualClock(Self.now)
        try await login.run { baseURL in
            let tokens = TeamsAppToken(
                appID: TeamsChannelTokens.appID, appPassword: "s3cr&t=+", tenantID: tenantID, loginURL: baseURL,
                http: NIOHTTPClient(timeout: .seconds(5)), clock: clock, timeout: .seconds(2))
            try await body(tokens, login, clock)
        }
    }

    private func failure(_ tokens: TeamsAppToken) async -> DeliveryFailure? {
        do {
            _ = try await tokens.bearer()
            return nil
        } catch {
            return error
        }
    }

    @Test func asksForTheBotFrameworkScopeByClientCredentials() async throws {
        try await withTokens { tokens, login, _ in
            #expect(try await tokens.bearer() == "app-token-1")
            let request = try #require(login.tokenRequests.first)
            #expect(request.tenant == "botframework.com")
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.fields == [
                "grant_type": "client_credentials", "client_id": TeamsChannelTokens.appID, "client_secret": "s3cr&t=+",
                "scope": "https://api.botframework.com/.default",
            ])
        }
    }

    @Test func logsInAtTheBotsOwnTenantWhenItHasOne() async throws {
        try await withTokens(tenantID: "8f3c2d1e-0000-4000-8000-00000000cafe") { tokens, login, _ in
            _ = try await tokens.bearer()
            #expect(login.tokenRequests.map(\.tenant) == ["8f3c2d1e-0000-4000-8000-00000000cafe"])
        }
    }

    @Test func keepsTheTokenUntilFiveMinutesBeforeItExpires() async throws {
        try await withTokens { tokens, login, clock in
            let first = try await tokens.bearer()
            clock.advance(by: 3600 - 5 * 60 - 1)
            let cached = try await tokens.bearer()
            #expect([first, cached] == ["app-token-1", "app-token-1"])
            #expect(login.tokenRequests.count == 1)
            clock.advance(by: 1)
            let renewed = try await tokens.bearer()
            #expect(renewed == "app-token-2")
            #expect(login.tokenRequests.count == 2)
        }
    }

    @Test func concurrentCallersShareOneRenewal() async throws {
        try await withTokens { tokens, login, _ in
            login.setTokenDelay(.milliseconds(300))
            let bearers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await tokens.bearer() } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(bearers == Array(repeating: "app-token-1", count: 8))
            #expect(login.tokenRequests.count == 1)
        }
    }

    @Test func mapsRefusalsToDeliveryFailures() async throws {
        try await withTokens { tokens, login, _ in
            let unknownApp = "AADSTS700016: Application with identifier '\(TeamsChannelTokens.appID)' was not found in the directory 'Bot Framework'."
            login.scriptTokenAnswers([
                .fail(status: 503),
                .refuse(status: 400, error: "unauthorized_client", description: unknownApp),
                .refuse(status: 401, error: "invalid_client", description: "AADSTS7000215: Invalid client secret provided."),
                .throttle(seconds: 7),
            ])
            #expect(await failure(tokens) == .temporary("Teams token: HTTP 503"))
            #expect(await failure(tokens) == .permanent("Teams token: HTTP 400 \(unknownApp)"))
            #expect(await failure(tokens) == .permanent("Teams token: HTTP 401 AADSTS7000215: Invalid client secret provided."))
            #expect(await failure(tokens) == .rateLimited(retryAfterSeconds: 7))
            let recovered = try await tokens.bearer()
            #expect(recovered == "app-token-5")
        }
    }

    @Test func aLoginThatCannotBeReachedOrDoesNotAnswerIsWorthRetrying() async throws {
        let refused = TeamsAppToken(
            appID: TeamsChannelTokens.appID, appPassword: "secret", tenantID: nil, loginURL: URL(string: "http://127.0.0.1:9")!,
            http: NIOHTTPClient(timeout: .seconds(5)), clock: VirtualClock(Self.now))
        guard case .unreachable = await failure(refused) else {
            Issue.record("a refused connection is not unreachable")
            return
        }
        try await SilentServer.run { baseURL in
            let silent = TeamsAppToken(
                appID: TeamsChannelTokens.appID, appPassword: "secret", tenantID: nil, loginURL: baseURL,
                http: NIOHTTPClient(timeout: .seconds(30)), clock: VirtualClock(Self.now), timeout: .milliseconds(300))
            #expect(await failure(silent) == .temporary("Teams token: no answer within 0.3 seconds"))
        }
    }
}
