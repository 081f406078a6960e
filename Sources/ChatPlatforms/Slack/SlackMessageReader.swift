import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Reads back a message someone reacted to. A reaction names the message's `ts` only, not whether it is in a thread:
/// `conversations.history` bounded to that instant finds a message of the channel itself, and `conversations.replies`
/// under that `ts` finds a reply, with the thread it is in.
extension SlackWebAPIClient: MessageReader {
    public func message(_ messageRef: String, in channel: ChatChannel) async throws(DeliveryFailure) -> TrackedMessage? {
        let bounds = [("channel", channel.channelID), ("latest", messageRef), ("inclusive", "true")]
        let found: SlackMessagesPage.Message?
        do {
            let history = try await call(.conversationsHistory, form: bounds + [("limit", "1")], answer: SlackMessagesPage.self)
            if let inChannel = history.messages?.first(where: { $0.ts == messageRef }) {
                found = inChannel
            } else {
                // A reply: its thread, from the message itself on (the thread's first message comes first whatever the bounds).
                let thread = try await call(
                    .conversationsReplies, form: bounds + [("ts", messageRef), ("oldest", messageRef), ("limit", "2")], answer: SlackMessagesPage.self)
                found = thread.messages?.first { $0.ts == messageRef }
            }
        } catch .permanent {
            // Deleted, in a conversation the bot is not in, or not a channel at all: nothing to track.
            return nil
        }
        guard let found else { return nil }
        return TrackedMessage(slackText: found.text, ts: messageRef, threadTS: found.threadTS).withoutMentioning(try await botUserID())
    }
}

extension TrackedMessage {
    /// A Slack message as tracking reads it: its text, and the thread it is a reply in (`thread_ts` is the message's
    /// own `ts` when it starts a thread).
    init(slackText text: String?, ts: String, threadTS: String?) {
        self.init(tokens: SlackText.tokens(from: text ?? ""), threadRef: threadTS.flatMap { $0 == ts ? nil : $0 })
    }
}

/// A page of `conversations.history` or `conversations.replies` as a reader of people's messages needs it.
struct SlackMessagesPage: Decodable {
    struct Message: Decodable {
        @Readable var ts: String?
        @Readable var threadTS: String?
        @Readable var text: String?

        private enum CodingKeys: String, CodingKey {
            case ts, threadTS = "thread_ts", text
        }
    }

    @Readable var messages: [Message]?
}
