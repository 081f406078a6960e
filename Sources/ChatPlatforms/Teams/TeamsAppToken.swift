import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The bot's own access token for the Bot Connector API, from the Entra token endpoint by the client-credentials grant.
/// Kept until shortly before it expires; callers arriving while it is being renewed wait for that one renewal.
public actor TeamsAppToken {
    public static let defaultLoginURL = URL(string: "https://login.microsoftonline.com")!
    /// The tenant of multi-tenant bots; single-tenant bots name their own.
    public static let multiTenant = "botframework.com"
    static let scope = "https://api.botframework.com/.default"

    private let appID: String
    private let appPassword: String
    private let endpoint: URL
    private let http: any OutboundHTTPClient
    private let clock: any WallClock
    private let renewalMargin: TimeInterval
    private let timeout: Duration

    private var current: (value: String, renewAt: Date)?
    private var renewing: Task<Result<(value: String, renewAt: Date), DeliveryFailure>, Never>?

    /// `tenantID` nil or empty means a multi-tenant bot. The token is renewed `renewalMargin` before it expires, so one
    /// handed out is still good for a delivery's retries.
    public init(
        appID: String, appPassword: String, tenantID: String?, loginURL: URL = TeamsAppToken.defaultLoginURL, http: any OutboundHTTPClient,
        clock: any WallClock, renewalMargin: TimeInterval = 5 * 60, timeout: Duration = .seconds(10)
    ) {
        self.appID = appID
        self.appPassword = appPassword
        let tenant = tenantID.flatMap { $0.isEmpty ? nil : $0 } ?? Self.multiTenant
        endpoint = loginURL.appending(path: tenant).appending(path: "oauth2/v2.0/token")
        self.http = http
        self.clock = clock
        self.renewalMargin = renewalMargin
        self.timeout = timeout
    }

    /// The value for `Authorization: Bearer …` on calls to the Bot Connector.
    public func bearer() async throws(DeliveryFailure) -> String {
        if let current, clock.now < current.renewAt { return current.value }
        if let renewing { return try await renewing.value.get().value }
        let renewal = Task { await requestToken() }
        renewing = renewal
        let result = await renewal.value
        renewing = nil
        if case .success(let token) = result { current = token }
        return try result.get().value
    }

    /// Drops the kept token, so the next call gets a new one: for a token the Bot Connector refused before its time.
    public func forget() {
        current = nil
    }

    private func requestToken() async -> Result<(value: String, renewAt: Date), DeliveryFailure> {
        let body = FormBody.encoded([
            ("grant_type", "client_credentials"), ("client_id", appID), ("client_secret", appPassword), ("scope", Self.scope),
        ])
        let request = OutboundRequest(
            url: endpoint, method: "POST", headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Data(body.utf8))
        let outcome = await withinTime(timeout) { [http] () -> Result<OutboundResponse, any Error> in
            do { return .success(try await http.send(request)) } catch { return .failure(error) }
        }
        let response: OutboundResponse
        switch outcome {
        case nil: return .failure(.temporary("Teams token: no answer within \(timeout)"))
        case .failure(let error)?: return .failure(DeliveryFailure(calling: "Teams token", failedWith: error))
        case .success(let answer)?: response = answer
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body)
        switch response.status {
        case 200:
            guard let token = answer?.accessToken, !token.isEmpty, let lifetime = answer?.expiresIn else {
                return .failure(.temporary("Teams token: HTTP 200 without a token"))
            }
            return .success((token, clock.now.addingTimeInterval(TimeInterval(lifetime) - renewalMargin)))
        case 429:
            return .failure(.rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) }))
        case 500...:
            return .failure(.temporary("Teams token: HTTP \(response.status)"))
        default:
            // Entra's description names the problem (AADSTS700016: no such app in this tenant; AADSTS7000215: wrong
            // secret) and never the secret itself.
            let reason = answer?.errorDescription ?? answer?.error ?? ""
            return .failure(.permanent("Teams token: HTTP \(response.status) \(reason)".trimmingCharacters(in: .whitespaces)))
        }
    }

    private struct TokenAnswer: Decodable {
        var accessToken: String?
        var expiresIn: Int?
        var error: String?
        var errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case error
            case errorDescription = "error_description"
        }
    }
}
