import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The secrets of the publication targets, read once from the environment: the policy file, kept in version control,
/// names only where decisions go.
public struct PublishingCredentials: Sendable {
    public struct Confluence: Sendable {
        public var email: String
        public var apiToken: String

        public init(email: String, apiToken: String) {
            self.email = email
            self.apiToken = apiToken
        }
    }

    public var confluence: Confluence?
    public var notionToken: String?
    public var webhookSecret: String?

    public static let confluenceEmailVariable = "UNHURRIED_CONFLUENCE_EMAIL"
    public static let confluenceTokenVariable = "UNHURRIED_CONFLUENCE_TOKEN"
    public static let notionTokenVariable = "UNHURRIED_NOTION_TOKEN"
    public static let webhookSecretVariable = "UNHURRIED_WEBHOOK_SECRET"

    /// Every variable, for `serve --help`.
    public static let variables: [EnvironmentVariable] = [
        EnvironmentVariable(confluenceEmailVariable, "the Atlassian account the Confluence API token belongs to (policy publish.confluence)"),
        EnvironmentVariable(confluenceTokenVariable, "its API token, sent with the email as basic auth"),
        EnvironmentVariable(notionTokenVariable, "the Notion integration's token (policy publish.notion), sent as a bearer token"),
        EnvironmentVariable(webhookSecretVariable, "the key of the HMAC-SHA256 signature on webhook posts (policy publish.webhook)"),
    ]

    public init(confluence: Confluence? = nil, notionToken: String? = nil, webhookSecret: String? = nil) {
        self.confluence = confluence
        self.notionToken = notionToken
        self.webhookSecret = webhookSecret
    }

    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        if let email = value(Self.confluenceEmailVariable), let token = value(Self.confluenceTokenVariable) {
            confluence = Confluence(email: email, apiToken: token)
        }
        notionToken = value(Self.notionTokenVariable)
        webhookSecret = value(Self.webhookSecretVariable)
    }

    /// The variables `target` needs that are not set.
    public func missingVariables(for target: PublicationTarget) -> [String] {
        switch target.destination {
        case .confluence: confluence == nil ? [Self.confluenceEmailVariable, Self.confluenceTokenVariable] : []
        case .notion: notionToken == nil ? [Self.notionTokenVariable] : []
        case .webhook: webhookSecret == nil ? [Self.webhookSecretVariable] : []
        }
    }
}
