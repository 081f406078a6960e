import ChatPlatformKit
import UnhurriedCore

/// Makes the publisher of a target the policy names, as the policy is when the publication is sent: a reload that
/// moves the page or removes the target applies to publications still waiting.
public struct DecisionPublishing: Sendable {
    let policy: LivePolicy
    let credentials: PublishingCredentials
    let http: any OutboundHTTPClient

    public init(policy: LivePolicy, credentials: PublishingCredentials, http: any OutboundHTTPClient) {
        self.policy = policy
        self.credentials = credentials
        self.http = http
    }

    /// The publisher of the target named `name`; nil when the policy no longer names it. Fails for good, naming the
    /// variables, when the target's secrets are not set.
    public func publisher(forTarget name: String) throws(DeliveryFailure) -> (any DecisionPublisher)? {
        guard let target = policy.current.publicationTarget(named: name) else { return nil }
        let missing = DeliveryFailure.permanent(
            "publishing to \(name) needs \(credentials.missingVariables(for: target).joined(separator: " and ")) set")
        switch target.destination {
        case .confluence(let baseURL, let pageID):
            guard let confluence = credentials.confluence else { throw missing }
            return ConfluencePublisher(baseURL: baseURL, pageID: pageID, credentials: confluence, http: http)
        case .notion(let baseURL, let dataSourceID):
            guard let token = credentials.notionToken else { throw missing }
            return NotionPublisher(baseURL: baseURL, dataSourceID: dataSourceID, token: token, http: http)
        case .webhook(let url):
            guard let secret = credentials.webhookSecret else { throw missing }
            return WebhookPublisher(url: url, secret: secret, http: http)
        }
    }
}
