import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Posts into Teams through the Bot Connector as the bot, and answers time-zone questions from what people's Teams
/// clients reported. A channel is a Teams conversation by id, except a person's id (`29:…`), which means the person's
/// chat with the bot: opened on first use, as the app's personal install allows.
struct TeamsClient: ChatTransport, UserDirectory {
    /// Where the Bot Connector serves a tenant before any of its activities said otherwise.
    static let defaultServiceURL = "https://smba.trafficmanager.net/teams/"

    let appID: String
    let connector: TeamsConnector
    let memory: TeamsMemory
    let renderer = TeamsMessageRenderer()

    /// The bot as Teams names it in conversations.
    var botID: String { "28:\(appID)" }

    func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let reference = try await reference(of: channel)
        let names = await names(in: message, lookingUpIn: reference)
        // A message whose id Teams did not give (it may answer 202 without one) has no thread to reply in.
        let thread = threadRef.flatMap { $0.isEmpty ? nil : $0 }
        if reference.isChannel, thread == nil {
            // A channel post of its own starts a thread, which is a conversation of its own in the Bot Connector.
            let parameters: JSONValue = [
                "isGroup": true, "tenantId": .string(channel.workspaceID),
                "channelData": ["channel": ["id": .string(reference.conversationID)], "tenant": ["id": .string(channel.workspaceID)]],
                "activity": renderer.activity(message, names: names),
            ]
            let resource = try await connector.createConversation(parameters, at: reference.serviceURL)
            return resource?.activityId ?? resource?.id.flatMap(Self.rootMessageID) ?? ""
        }
        let conversation = thread.map { reference.isChannel ? Self.thread($0, in: reference.conversationID) : reference.conversationID }
        let resource = try await connector.send(
            renderer.activity(message, names: names, replyToID: thread), to: conversation ?? reference.conversationID, at: reference.serviceURL)
        return resource?.id ?? ""
    }

    /// Teams has no messages shown to one person in a shared conversation: a private answer goes to their chat with the bot.
    func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        let chat = ChatChannel(platform: channel.platform, workspaceID: channel.workspaceID, channelID: user.rawValue)
        return try await post(message, to: chat, inThreadOf: nil, idempotencyKey: "")
    }

    /// The Bot Connector has no way to read a conversation back: after an unknown outcome the post is made again (a
    /// possible duplicate rather than a lost post; see the README's Teams section).
    func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        throw .permanent("the Bot Connector cannot be asked whether a post arrived")
    }

    func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        guard !messageRef.isEmpty else { throw .permanent("Teams gave no id for this message when it was posted; it cannot be updated") }
        let reference = try await reference(of: channel)
        let names = await names(in: message, lookingUpIn: reference)
        // The cards Unhurried updates are its own channel posts, each the first message of its thread: on Teams no card
        // goes into a thread, as cards of asks tracked from a message do elsewhere.
        let conversation = reference.isChannel ? Self.thread(messageRef, in: reference.conversationID) : reference.conversationID
        try await connector.update(
            messageRef, in: conversation, at: reference.serviceURL, with: renderer.activity(message, names: names, id: messageRef))
    }

    /// Keeps what an activity tells about where to post and whom: its conversation's reference, the tenant's Bot
    /// Connector and people's names. Returns the sender's zone when it is news, to be kept with `rememberZone` once the
    /// core has taken it up: kept before, a failure there would leave it news to no one when Teams sends the activity again.
    func learn(from activity: TeamsActivity) async throws -> ProfileZone? {
        try await memory.remember(activity.reference, of: activity.channel.channelID)
        try await memory.rememberServiceURL(activity.payload.serviceUrl, ofTenant: activity.channel.workspaceID)
        for (user, name) in activity.names { try await memory.rememberName(name, of: user) }
        guard let zone = activity.senderZone, let sender = activity.payload.from?.id, try await memory.zone(of: sender) != zone else { return nil }
        return ProfileZone(user: ChatUserID(sender), zone: zone)
    }

    /// Keeps a zone the core has taken up.
    func rememberZone(_ profile: ProfileZone) async throws {
        guard let zone = profile.zone else { return }
        try await memory.rememberZone(zone, of: profile.user.rawValue)
    }

    /// An item's card as the answer to a press shows it: with the names already known, since Teams waits on the answer.
    func card(_ message: ChatMessage) async -> JSONValue {
        renderer.card(message, names: await names(in: message, lookingUpIn: nil))
    }

    /// The zone the person's Teams client last reported. Someone who has not written to the bot yet has none, like a
    /// profile without a zone: they count in the team's zone until their client reports one (or they set `hours`).
    func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
        do {
            return try await memory.zone(of: user.rawValue).map(DirectoryAnswer.zone) ?? .noZone
        } catch {
            return .unavailable
        }
    }

    /// `19:…@thread.tacv2;messageid=1700000000000`: the thread whose first message is `rootID`, as the Bot Connector names it.
    static func thread(_ rootID: String, in channelID: String) -> String {
        "\(channelID);messageid=\(rootID)"
    }

    /// The first message of the thread a conversation id names, if it names one.
    static func rootMessageID(_ conversationID: String) -> String? {
        conversationID.range(of: ";messageid=").map { String(conversationID[$0.upperBound...]) }
    }

    private func reference(of channel: ChatChannel) async throws(DeliveryFailure) -> TeamsConversationReference {
        do {
            if let known = try await memory.reference(of: channel.channelID) { return known }
        } catch {
            throw .temporary("Teams conversation reference could not be read: \(error)")
        }
        guard channel.channelID.hasPrefix("29:") else {
            throw .permanent("Teams has not sent anything from conversation \(channel.channelID) yet: add the app to it first")
        }
        return try await openChat(with: channel.channelID, tenant: channel.workspaceID)
    }

    /// Opens (or finds: Teams answers with the same chat again) a person's chat with the bot. Teams allows it only when
    /// the app is installed for them, and refuses with `403 BotNotInConversationRoster` otherwise.
    private func openChat(with user: String, tenant: String) async throws(DeliveryFailure) -> TeamsConversationReference {
        let serviceURL = (try? await memory.serviceURL(ofTenant: tenant)) ?? nil
        let parameters: JSONValue = [
            "bot": ["id": .string(botID)], "members": [["id": .string(user)]], "isGroup": false, "tenantId": .string(tenant),
            "channelData": ["tenant": ["id": .string(tenant)]],
        ]
        let at = serviceURL ?? Self.defaultServiceURL
        guard let id = try await connector.createConversation(parameters, at: at)?.id else {
            throw .temporary("Teams opened no chat with \(user): the answer had no conversation id")
        }
        let reference = TeamsConversationReference(serviceURL: at, conversationID: id, conversationType: "personal")
        do {
            try await memory.remember(reference, of: user)
        } catch {
            throw .temporary("Teams chat with \(user) could not be kept: \(error)")
        }
        return reference
    }

    /// Display names of the people `message` names, from what activities said or else, given a `reference`, from the
    /// conversation's members. A name that cannot be had is written as "a teammate": the post matters more than the name.
    private func names(in message: ChatMessage, lookingUpIn reference: TeamsConversationReference?) async -> [String: String] {
        var names: [String: String] = [:]
        for user in message.namedUsers {
            if let known = try? await memory.name(of: user.rawValue) {
                names[user.rawValue] = known
            } else if let reference, !reference.isPersonal, let member = try? await connector.member(
                user.rawValue, of: reference.conversationID, at: reference.serviceURL), let name = member.name {
                names[user.rawValue] = name
                try? await memory.rememberName(name, of: user.rawValue)
            }
        }
        return names
    }
}
