import Foundation

/// Sends a newcomer to a channel whose policy welcomes them one DM about how the channel works: its policy, their
/// hours as Unhurried counts them, what a good ask looks like and the channel's latest decisions. Keyed by channel
/// and person, so joining again later, or the platform delivering the join twice, sends nothing more.
struct Welcomes: Sendable {
    private let store: any PeopleStore & OutboxStore & DecisionLog
    private let policy: LivePolicy
    /// Reads the newcomer's hours the way commands do, with their profile's zone.
    private let people: CommandHandler

    /// How many of the channel's decisions the welcome lists.
    static let decisionCount = 5

    init(store: any PeopleStore & OutboxStore & DecisionLog, policy: LivePolicy, people: CommandHandler) {
        self.store = store
        self.policy = policy
        self.people = people
    }

    /// Queues the welcome unless the policy does not welcome newcomers here or this person was welcomed before;
    /// true when it queued one.
    func welcome(_ newcomer: ChatUserID, to channel: ChatChannel, now: Date) async throws -> Bool {
        let policy = policy.current
        let key = IdempotencyKey.welcome(of: newcomer, to: channel)
        // A conversation with the bot (addressed by the person's id) is no channel to welcome anyone to.
        guard channel.channelID != newcomer.rawValue, policy.welcomesNewcomers(inChannel: channel.channelID),
              try await store.post(withKey: key) == nil else { return false }
        let hours = try await people.workingTime(of: [newcomer], in: channel, policy: policy, now: now).hours[newcomer]
            ?? policy.workingHours(for: newcomer, inChannel: channel.channelID)
        let own = try await store.settings(of: [newcomer], in: channel.workspace)[newcomer] ?? PersonalSettings()
        let decisions = try await store.searchDecisions(
            matching: [], inChannels: [channel.channelID], of: channel.workspace, limit: Self.decisionCount)
        var message = MessageComposer.welcome(to: channel, policy: policy, hours: hours, own: own, decisions: decisions)
        // Only the newcomer reads it, and the outbox keeps no reader's zone: the decisions' dates are written in theirs.
        message.readerTimeZone = hours.timeZone
        message = message.writingTimesForItsReader()
        let direct = ChatChannel(platform: channel.platform, workspaceID: channel.workspaceID, channelID: newcomer.rawValue)
        try await store.queue([QueuedPost(idempotencyKey: key, channel: direct, kind: .notice, itemID: nil, body: message, dueAt: now)])
        return true
    }
}
