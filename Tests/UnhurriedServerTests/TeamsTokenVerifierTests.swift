import ChatPlatformKit
import ChatPlatforms
import Foundation
import JWTKit
import Testing
import UnhurriedCore

@Suite struct TeamsTokenVerifierTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// Runs `body` with a verifier for `TeamsChannelTokens.appID` whose keys come from a local login publishing `keys`,
    /// and whose clock stands at `now` until moved.
    private func withVerifier(
        publishing keys: [TeamsChannelTokens], _ body: @escaping @Sendable (TeamsTokenVerifier, FakeBotFrameworkLogin, VirtualClock) async throws -> Void
    ) async throws {
        let login = FakeBotFrameworkLogin(publishing: keys)
        let clock = VirtualClock(Self.now)
        try await login.run { baseURL in
            let verifier = TeamsTokenVerifier(
                appID: TeamsChannelTokens.appID, metadataURL: FakeBotFrameworkLogin.metadataURL(at: baseURL), http: NIOHTTPClient(timeout: .seconds(5)),
                clock: clock, refetchInterval: 5 * 60)
            try await body(verifier, login, clock)
        }
    }

    private func refusal(_ work: () async throws(TeamsVerificationFailure) -> Void) async -> TeamsVerificationFailure? {
        do {
            try await work()
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsAChannelTokenAndTiesItsActivity() async throws {
        let issuer = try TeamsChannelTokens()
        try await withVerifier(publishing: [issuer]) { verifier, _, _ in
            let token = try await verifier.verify(authorization: try await issuer.authorization(now: Self.now))
            #expect(token.serviceURL == TeamsChannelTokens.serviceURL)
            #expect(token.endorsements == ["msteams"])
            #expect(token.expiresAt == Self.now.addingTimeInterval(3600))
            try token.check(serviceURL: "HTTPS://SMBA.trafficmanager.net/amer", channelID: "msteams")
        }
    }

    /// A token the verifier must refuse, and why.
    enum BadToken: String, CaseIterable, Sendable {
        case signedWithAnotherKey, wrongIssuer, wrongAudience, expiredBeyondSkew, notYetValidBeyondSkew, noExpiry
        case algorithmNone, hmacKeyedWithThePublicKey, noServiceURL, noAuthorization, basicScheme, lowerCaseScheme
        case twoSpaces, noKeyID, unpublishedKeyID, notAToken

        var expected: TeamsVerificationFailure {
            switch self {
            case .signedWithAnotherKey: .badSignature
            case .wrongIssuer: .wrongIssuer
            case .wrongAudience: .wrongAudience
            case .expiredBeyondSkew, .noExpiry: .expired
            case .notYetValidBeyondSkew: .notYetValid
            case .algorithmNone, .hmacKeyedWithThePublicKey: .unsupportedAlgorithm
            case .noServiceURL: .noServiceURL
            case .noAuthorization: .noToken
            case .basicScheme, .lowerCaseScheme, .twoSpaces: .badScheme
            case .noKeyID: .noKeyID
            case .unpublishedKeyID: .unknownKey
            case .notAToken: .malformedToken
            }
        }

        /// The `Authorization` header of a request carrying this token, forged against `issuer`'s published key.
        func authorization(against issuer: TeamsChannelTokens, now: Date) async throws -> String? {
            let claims = issuer.claims(now: now)
            let kid: JWTHeader = ["kid": .string(issuer.keyID)]
            let token: String
            switch self {
            case .signedWithAnotherKey: token = try await TeamsChannelTokens(keyID: issuer.keyID).sign(claims)
            case .wrongIssuer: token = try await issuer.sign(issuer.claims(now: now, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"))
            case .wrongAudience: token = try await issuer.sign(issuer.claims(appID: "another-bot", now: now))
            case .expiredBeyondSkew: token = try await issuer.sign(issuer.claims(now: now, expires: now.addingTimeInterval(-301)))
            case .notYetValidBeyondSkew: token = try await issuer.sign(issuer.claims(now: now, notBefore: now.addingTimeInterval(301)))
            case .noExpiry:
                var unending = claims
                unending.exp = nil
                token = try await issuer.sign(unending)
            case .algorithmNone: token = try await JWTKeyCollection().addUnsecuredNone().sign(claims, header: kid)
            case .hmacKeyedWithThePublicKey:
                let publicKey = HMACKey(from: Data(issuer.privateKey.publicKey.pemRepresentation.utf8))
                token = try await JWTKeyCollection().add(hmac: publicKey, digestAlgorithm: .sha256).sign(claims, header: kid)
            case .noServiceURL: token = try await issuer.sign(issuer.claims(serviceURL: nil, now: now))
            case .noAuthorization: return nil
            case .basicScheme: return "Basic " + (try await issuer.mint(now: now))
            case .lowerCaseScheme: return "bearer " + (try await issuer.mint(now: now))
            case .twoSpaces: return "Bearer  " + (try await issuer.mint(now: now))
            case .noKeyID: token = try await issuer.sign(claims, header: [:])
            case .unpublishedKeyID: token = try await issuer.sign(claims, header: ["kid": "unpublished"])
            case .notAToken: token = "not-a-token"
            }
            return "Bearer " + token
        }
    }

    @Test(arguments: BadToken.allCases)
    func refusesBadTokensWithTheirReason(_ bad: BadToken) async throws {
        let issuer = try TeamsChannelTokens()
        try await withVerifier(publishing: [issuer]) { verifier, _, _ in
            let authorization = try await bad.authorization(against: issuer, now: Self.now)
            let reason = await refusal { () throws(TeamsVerificationFailure) in _ = try await verifier.verify(authorization: authorization) }
            #expect(reason == bad.expected)
        }
    }

    @Test func allowsFiveMinutesOfSkewEitherWay() async throws {
        let issuer = try TeamsChannelTokens()
        try await withVerifier(publishing: [issuer]) { verifier, _, _ in
            let expiredWithinSkew = issuer.claims(now: Self.now, expires: Self.now.addingTimeInterval(-299))
            _ = try await verifier.verify(authorization: "Bearer " + (try await issuer.sign(expiredWithinSkew)))
            let earlyWithinSkew = issuer.claims(now: Self.now, notBefore: Self.now.addingTimeInterval(299))
            _ = try await verifier.verify(authorization: "Bearer " + (try await issuer.sign(earlyWithinSkew)))
        }
    }

    @Test(arguments: [
        (["msteams"], "https://smba.trafficmanager.net/amer/", nil),
        (["msteams"], "https://smba.trafficmanager.net/AMER", nil),
        (["msteams"], "https://smba.trafficmanager.net/emea/", .serviceURLMismatch),
        (["msteams"], "https://attacker.example/amer/", .serviceURLMismatch),
        (["skype", "webchat"], "https://smba.trafficmanager.net/amer/", .notEndorsed),
        (nil, "https://smba.trafficmanager.net/amer/", .notEndorsed),
    ] as [([String]?, String, TeamsVerificationFailure?)])
    func tiesTheActivityToTheToken(endorsements: [String]?, activityServiceURL: String, expected: TeamsVerificationFailure?) async throws {
        let issuer = try TeamsChannelTokens(endorsements: endorsements)
        try await withVerifier(publishing: [issuer]) { verifier, _, _ in
            let token = try await verifier.verify(authorization: try await issuer.authorization(now: Self.now))
            #expect(await refusal { () throws(TeamsVerificationFailure) in try token.check(serviceURL: activityServiceURL, channelID: "msteams") } == expected)
        }
    }

    @Test func fetchesTheKeysOnceForConcurrentRequests() async throws {
        let issuer = try TeamsChannelTokens()
        try await withVerifier(publishing: [issuer]) { verifier, login, _ in
            let authorization = try await issuer.authorization(now: Self.now)
            try await withThrowingTaskGroup { group in
                for _ in 0..<8 { group.addTask { _ = try await verifier.verify(authorization: authorization) } }
                try await group.waitForAll()
            }
            #expect(login.keyFetches == 1)
        }
    }

    @Test func fetchesRotatedKeysButNotForEveryUnknownKey() async throws {
        let first = try TeamsChannelTokens(keyID: "first")
        let rotated = try TeamsChannelTokens(keyID: "rotated")
        try await withVerifier(publishing: [first]) { verifier, login, clock in
            _ = try await verifier.verify(authorization: try await first.authorization(now: clock.now))
            login.publish(rotated)
            clock.advance(by: 5 * 60 + 1)
            _ = try await verifier.verify(authorization: try await rotated.authorization(now: clock.now))
            #expect(login.keyFetches == 2)

            let unpublished = try await first.sign(first.claims(now: clock.now), header: ["kid": "unpublished"])
            let reason = await refusal { () throws(TeamsVerificationFailure) in _ = try await verifier.verify(authorization: "Bearer " + unpublished) }
            #expect(reason == .unknownKey)
            #expect(login.keyFetches == 2)
        }
    }

    @Test func fetchesTheKeysAgainADayLaterAndKeepsThemWhenThatFails() async throws {
        let issuer = try TeamsChannelTokens()
        try await withVerifier(publishing: [issuer]) { verifier, login, clock in
            _ = try await verifier.verify(authorization: try await issuer.authorization(now: clock.now))
            clock.advance(by: 24 * 60 * 60)
            _ = try await verifier.verify(authorization: try await issuer.authorization(now: clock.now))
            #expect(login.keyFetches == 2)

            login.setMetadataDown(true)
            clock.advance(by: 24 * 60 * 60)
            _ = try await verifier.verify(authorization: try await issuer.authorization(now: clock.now))
            #expect(login.keyFetches == 2)
        }
    }

    @Test func refusesEverythingWhileTheMetadataCannotBeHad() async throws {
        let issuer = try TeamsChannelTokens()
        let unreachable = TeamsTokenVerifier(
            appID: TeamsChannelTokens.appID, metadataURL: URL(string: "http://127.0.0.1:9/v1/.well-known/openidconfiguration")!,
            http: NIOHTTPClient(timeout: .seconds(5)), clock: VirtualClock(Self.now))
        let authorization = try await issuer.authorization(now: Self.now)
        #expect(await refusal { () throws(TeamsVerificationFailure) in _ = try await unreachable.verify(authorization: authorization) } == .metadataUnavailable)

        try await withVerifier(publishing: [issuer]) { verifier, login, _ in
            login.setMetadataDown(true)
            #expect(await refusal { () throws(TeamsVerificationFailure) in _ = try await verifier.verify(authorization: authorization) } == .metadataUnavailable)
        }
    }
}
