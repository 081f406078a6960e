import ChatPlatformKit
import UnhurriedCore

/// A message shortcut used on a message (`message_action`), as far as tracking it reads it: who used it, with
/// which trigger, on which message of which channel.
struct SlackMessageShortcut: Decodable {
    struct Message: Decodable {
        let ts: String
        @Readable var threadTS: String?
        /// Absent on messages made of blocks only.
        @Readable var text: String?

        private enum CodingKeys: String, CodingKey {
            case ts, threadTS = "thread_ts", text
        }
    }

    let callbackID: String
    let triggerID: String
    let user: SlackBlockActions.User
    @Readable var team: SlackBlockActions.Team?
    let channel: SlackBlockActions.Channel
    let message: Message

    private enum CodingKeys: String, CodingKey {
        case callbackID = "callback_id", triggerID = "trigger_id", user, team, channel, message
    }

    /// The message as an ask's origin: a reply's card goes in its thread, any other message's under it.
    var origin: ItemOrigin {
        let thread = message.threadTS.flatMap { $0 == message.ts ? nil : $0 }
        return ItemOrigin(messageRef: message.ts, threadRef: thread ?? message.ts)
    }

    /// The people the message mentions, in order and once each, the bot left out.
    func mentionedPeople(besides bot: ChatUserID?) -> [ChatUserID] {
        var people: [ChatUserID] = []
        for case .mention(let user) in SlackText.tokens(from: message.text ?? "") where user != bot && !people.contains(user) {
            people.append(user)
        }
        return people
    }
}
