import Foundation

/// Where the team's single source of truth lives, as the policy's `publish:` names it: each decision recorded in a
/// channel the target covers is sent there once. Only what is not secret is here; the credentials come from the
/// environment.
public struct PublicationTarget: Hashable, Sendable {
    public enum Destination: Hashable, Sendable {
        /// A Confluence page the decisions are appended to.
        case confluence(baseURL: URL, pageID: String)
        /// A Notion data source (a database's table) that gets one row per decision.
        case notion(baseURL: URL, dataSourceID: String)
        /// Any other receiver: a signed JSON POST.
        case webhook(url: URL)
    }

    /// What the policy calls the target (`confluence`, `notion`, `webhook`); outbox keys carry it, so it stays stable.
    public var name: String { destination.name }
    public var destination: Destination
    /// The channel ids whose decisions go there; nil for every channel.
    public var channels: Set<String>?

    public init(_ destination: Destination, channels: Set<String>? = nil) {
        self.destination = destination
        self.channels = channels
    }

    public func covers(channelID: String) -> Bool {
        channels?.contains(channelID) ?? true
    }
}

extension PublicationTarget.Destination {
    /// Every destination's name, as the policy's keys under `publish:` spell them.
    public static let names = ["confluence", "notion", "webhook"]

    public var name: String {
        switch self {
        case .confluence: "confluence"
        case .notion: "notion"
        case .webhook: "webhook"
        }
    }
}
