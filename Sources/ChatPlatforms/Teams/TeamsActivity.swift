import ChatPlatformKit
import Foundation
import UnhurriedCore

/// An activity Teams posted, read for what Unhurried does with it and what it learns from it: where its conversation
/// is served from, the names people go by, and the zone a person's Teams client reports.
package struct TeamsActivity: Sendable {
    /// What the activity asks of Unhurried.
    enum Reading: Sendable {
        /// Something people did in the chat, handled once by `eventID`.
        case events([(event: ChatEvent, eventID: String)])
        /// A press on one of a card's buttons, on the message `pressedMessage`: `Action.Execute` arrives as an invoke
        /// Teams waits on for its answer; the `Action.Submit` older clients fall back to, as a message.
        case press(ItemButtonPress, answeredInline: Bool, pressedMessage: String?)
        /// An invoke Unhurried does not handle, which the Bot Framework SDKs answer 501.
        case unhandledInvoke
        /// The bot was added to (or, `added` false, removed from) a team, a chat or a person's apps.
        case installation(added: Bool)
        /// Nothing Unhurried acts on; answered 200 like any other.
        case ignored
    }

    var payload: TeamsActivityPayload
    /// The conversation as Unhurried knows it: a person's chat with the bot is the person.
    var channel: ChatChannel
    var reference: TeamsConversationReference
    var reading: Reading

    /// Reads the JSON of an activity. `bot` is the bot's id (`28:<app id>`); `policy` says which reaction finishes a
    /// part, and which words are commands in a person's chat with the bot.
    package init(decoding json: Data, bot: String, policy: ResponsePolicy) throws(UndecodablePayload) {
        payload = try PayloadDecoder.decode(TeamsActivityPayload.self, from: json)
        guard let tenant = payload.tenantID else { throw .missingField("conversation.tenantId") }
        let type = payload.conversation.conversationType ?? (payload.conversation.isGroup == true ? "groupChat" : "personal")
        let conversationID = payload.conversation.id
        let channelID = type == "personal" ? (payload.from?.id ?? conversationID) : Self.withoutThread(conversationID)
        channel = ChatChannel(platform: TeamsPlatform.name, workspaceID: tenant, channelID: channelID)
        reference = TeamsConversationReference(
            serviceURL: payload.serviceUrl, conversationID: type == "personal" ? conversationID : channelID, conversationType: type)
        reading = .ignored
        reading = try read(bot: bot, policy: policy)
    }

    /// The people named in it, by id: who sent it and whom it mentions or adds.
    var names: [(user: String, name: String)] {
        var accounts = [payload.from].compactMap { $0 } + (payload.membersAdded ?? [])
        accounts += (payload.entities ?? []).filter { $0.type.lowercased() == "mention" }.compactMap(\.mentioned)
        return accounts.compactMap { account in account.name.flatMap { $0.isEmpty ? nil : (account.id, $0) } }
    }

    /// The IANA zone the sender's Teams client reports, when it is one this machine knows: the `clientInfo` entity's,
    /// else `localTimezone` (which some clients send lower-cased).
    var senderZone: String? {
        let reported = (payload.entities ?? []).first { $0.type == "clientInfo" }?.timezone ?? payload.localTimezone
        guard let reported, !reported.isEmpty else { return nil }
        if TimeZone(identifier: reported) != nil { return reported }
        return TimeZone.knownTimeZoneIdentifiers.first { $0.lowercased() == reported.lowercased() }
    }

    private func read(bot: String, policy: ResponsePolicy) throws(UndecodablePayload) -> Reading {
        guard let sender = payload.from?.id, sender != bot else { return payload.type == "conversationUpdate" ? membersAdded(bot: bot) : .ignored }
        let user = ChatUserID(sender)
        switch payload.type {
        case "message":
            if let press = try press(by: user) { return .press(press, answeredInline: false, pressedMessage: payload.replyToId) }
            return message(from: user, bot: bot, policy: policy)
        case "invoke" where payload.name == "adaptiveCard/action":
            return try press(by: user).map { .press($0, answeredInline: true, pressedMessage: payload.replyToId) } ?? .unhandledInvoke
        case "invoke":
            return .unhandledInvoke
        case "messageReaction":
            guard let target = payload.replyToId, (payload.reactionsAdded ?? []).contains(where: { $0.type == policy.teamsDoneReaction })
            else { return .ignored }
            let eventID = payload.id ?? "reaction:\(target):\(sender):\(policy.teamsDoneReaction)"
            return .events([(.doneReaction(channel: channel, messageRef: target, user: user), eventID)])
        case "conversationUpdate":
            return membersAdded(bot: bot)
        case "installationUpdate":
            return .installation(added: payload.action?.hasPrefix("remove") != true)
        default:
            return .ignored
        }
    }

    /// A message to the bot. In a channel or group chat Teams sends only those that mention it (or, with the app's
    /// channel-message permission, every reply in a thread): the first word after its mention is the verb. In the
    /// person's own chat with the bot a message is a command when it starts with a verb; otherwise it is a standup
    /// answer or a reply to a reminder.
    private func message(from user: ChatUserID, bot: String, policy: ResponsePolicy) -> Reading {
        guard let id = payload.id else { return .ignored }
        let eventID = "\(payload.conversation.id)/\(id)"
        var tokens = TeamsText.tokens(text: payload.text ?? "", mentions: mentions)
        let addressed = tokens.first == .mention(ChatUserID(bot))
        if addressed { tokens.removeFirst() }
        let root = TeamsClient.rootMessageID(payload.conversation.id).flatMap { $0 == id ? nil : $0 }
        let text = TeamsText.plainText(payload.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reference.isPersonal {
            if Self.isCommand(tokens, policy: policy) {
                return .events([(.mention(channel: channel, user: user, tokens: tokens, messageRef: id, threadRef: nil), eventID)])
            }
            return .events([(.directMessage(channel: channel, user: user, text: text, messageRef: id, threadRef: payload.replyToId), eventID)])
        }
        if addressed {
            guard !tokens.isEmpty else { return .ignored }
            return .events([(.mention(channel: channel, user: user, tokens: tokens, messageRef: id, threadRef: root), eventID)])
        }
        guard let root else { return .ignored }
        return .events([(.threadReply(channel: channel, parentRef: root, user: user, text: text), eventID)])
    }

    /// Words that start with a verb and read as that command. A longer message the grammar refuses is someone's own
    /// words that happen to begin with one ("done with the review, …"), kept as a standup answer; a short one is a
    /// mistyped command, answered with what is wrong.
    private static func isCommand(_ tokens: [CommandToken], policy: ResponsePolicy) -> Bool {
        guard case .word(let first)? = tokens.first, Verb(rawValue: first.lowercased()) != nil else { return false }
        if tokens.count <= 3 { return true }
        let grammar = CommandGrammar(tierNames: policy.tiers.map(\.name), maxAssignees: policy.maxAssignees)
        return (try? grammar.read(commandName: "async", tokens: tokens)) != nil
    }

    private var mentions: [(text: String, user: ChatUserID)] {
        (payload.entities ?? []).compactMap { entity in
            guard entity.type.lowercased() == "mention", let person = entity.mentioned else { return nil }
            return (entity.text ?? "<at>\(person.name ?? "")</at>", ChatUserID(person.id))
        }
    }

    /// A person added to a team, channel or chat is a newcomer (the policy says whether they are welcomed); the bot
    /// itself being added is its installation.
    private func membersAdded(bot: String) -> Reading {
        let added = payload.membersAdded ?? []
        if added.contains(where: { $0.id == bot }) { return .installation(added: true) }
        let people = added.filter { $0.id.hasPrefix("29:") }
        guard !people.isEmpty, !reference.isPersonal else { return .ignored }
        return .events(people.map { person in
            (.joined(channel: channel, user: ChatUserID(person.id)), "joined:\(channel.channelID):\(person.id):\(payload.id ?? "")")
        })
    }

    /// A press on one of Unhurried's buttons: its data names the action and the item (an invoke carries them under
    /// `action.data`, an `Action.Submit` message as its `value`). Nil for anything else.
    private func press(by user: ChatUserID) throws(UndecodablePayload) -> ItemButtonPress? {
        let data = payload.type == "invoke" ? payload.value?["action"]?["data"] : payload.value
        guard let data, let action = data[TeamsMessageRenderer.actionKey]?.stringValue else { return nil }
        guard let kind = MessageAction.Kind(rawValue: action), let item = data["item"]?.stringValue.flatMap(Int64.init) else {
            throw UndecodablePayload(reason: "invalid_value:value.action.data")
        }
        return ItemButtonPress(
            action: kind, itemID: ItemID(item), user: user, workspace: channel.workspace, channel: channel,
            pressRef: payload.id ?? payload.replyToId)
    }

    /// `19:…@thread.tacv2` of `19:…@thread.tacv2;messageid=…`: the channel a thread is in.
    static func withoutThread(_ conversationID: String) -> String {
        conversationID.range(of: ";messageid=").map { String(conversationID[..<$0.lowerBound]) } ?? conversationID
    }
}
