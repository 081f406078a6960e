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

    /// The message as tracking reads it.
    var tracked: TrackedMessage {
        TrackedMessage(slackText: message.text, ts: message.ts, threadTS: message.threadTS)
    }
}
