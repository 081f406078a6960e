import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The Bot Framework's signing keys, fetched from its OpenID metadata (whose `jwks_uri` names the key set) and kept.
///
/// The keys are fetched again once they are a day old, as the Bot Framework asks, and when a token names a key that
/// is not among them (the keys were rotated) — but then at most once per `refetchInterval`, so tokens with made-up key
/// ids cannot make the service hammer the metadata endpoint. Concurrent requests share one fetch. When a fetch fails,
/// the keys already held stay in use: a metadata outage should not refuse genuine requests signed with known keys.
actor TeamsSigningKeys {
    /// How long fetched keys are used before they are fetched again.
    static let maximumAge: TimeInterval = 24 * 60 * 60

    private let metadataURL: URL
    private let http: any OutboundHTTPClient
    private let clock: any WallClock
    private let refetchInterval: TimeInterval
    private let timeout: Duration

    private var keySet: TeamsKeySet?
    private var fetchedAt: Date?
    private var lastAttempt: Date?
    private var fetching: Task<TeamsKeySet?, Never>?

    init(metadataURL: URL, http: any OutboundHTTPClient, clock: any WallClock, refetchInterval: TimeInterval, timeout: Duration) {
        self.metadataURL = metadataURL
        self.http = http
        self.clock = clock
        self.refetchInterval = refetchInterval
        self.timeout = timeout
    }

    /// The key set holding `keyID`, fetching it first when that is due.
    func keySet(holding keyID: String) async throws(TeamsVerificationFailure) -> TeamsKeySet {
        if keySet == nil || isOld {
            await refetch(unlessAttemptedRecently: keySet != nil)
        }
        guard let current = keySet else { throw .metadataUnavailable }
        if current.endorsements[keyID] != nil { return current }
        await refetch(unlessAttemptedRecently: true)
        guard let refreshed = keySet, refreshed.endorsements[keyID] != nil else { throw .unknownKey }
        return refreshed
    }

    private var isOld: Bool {
        guard let fetchedAt else { return true }
        return clock.now.timeIntervalSince(fetchedAt) >= Self.maximumAge
    }

    private func refetch(unlessAttemptedRecently rateLimited: Bool) async {
        let task: Task<TeamsKeySet?, Never>
        if let running = fetching {
            task = running
        } else {
            if rateLimited, let lastAttempt, clock.now.timeIntervalSince(lastAttempt) < refetchInterval { return }
            lastAttempt = clock.now
            task = Task { [metadataURL, http, timeout] in await Self.fetch(metadataURL: metadataURL, http: http, timeout: timeout) }
            fetching = task
        }
        let fetched = await task.value
        // Whichever of the fetch's waiters resumes first keeps its keys: the others may look before the one that started it.
        guard fetching == task else { return }
        fetching = nil
        if let fetched {
            keySet = fetched
            fetchedAt = clock.now
        }
    }

    private static func fetch(metadataURL: URL, http: any OutboundHTTPClient, timeout: Duration) async -> TeamsKeySet? {
        guard let metadata = await document(at: metadataURL, http: http, timeout: timeout),
              let keysURL = (try? JSONDecoder().decode(OpenIDMetadata.self, from: metadata)).flatMap({ URL(string: $0.jwksURI) }),
              let keys = await document(at: keysURL, http: http, timeout: timeout)
        else { return nil }
        // A set with no usable key is a failed fetch: the keys already held are better than none.
        guard let keySet = try? await TeamsKeySet(jwksJSON: keys), !keySet.endorsements.isEmpty else { return nil }
        return keySet
    }

    private static func document(at url: URL, http: any OutboundHTTPClient, timeout: Duration) async -> Data? {
        let response = await http.send(OutboundRequest(url: url, method: "GET", headers: ["Accept": "application/json"]), within: timeout)
        guard let response, response.status == 200 else { return nil }
        return response.body
    }

    private struct OpenIDMetadata: Decodable {
        var jwksURI: String

        enum CodingKeys: String, CodingKey {
            case jwksURI = "jwks_uri"
        }
    }
}
