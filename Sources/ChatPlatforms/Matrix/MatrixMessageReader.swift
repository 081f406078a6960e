import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Reads back a message someone reacted to (`GET /_matrix/client/v3/rooms/{room}/event/{id}`): its pills are its
/// mentions, as in a command, and a message in a thread names the thread's root.
extension MatrixClient: MessageReader {
    public func message(_ messageRef: String, in channel: ChatChannel) async throws(DeliveryFailure) -> TrackedMessage? {
        let event: MatrixReadEvent?
        do {
            event = try await api.call("GET", ["v3", "rooms", channel.channelID, "event", messageRef], answer: MatrixReadEvent.self)
        } catch .permanent {
            // Redacted, unknown, or in a room the bot is not in: nothing to track.
            return nil
        }
        guard let content = event?.content, event?.type == "m.room.message", let body = content.body else { return nil }
        let html = content.format == "org.matrix.custom.html" ? content.formattedBody : nil
        let thread = content.relatesTo?.relType == "m.thread" ? content.relatesTo?.eventID : nil
        return TrackedMessage(tokens: MatrixText.tokens(body: body, formattedBody: html), threadRef: thread).withoutMentioning(bot)
    }
}

/// A room event as the client-server API returns it, as far as a tracked message needs.
struct MatrixReadEvent: Decodable {
    @Readable var type: String?
    @Readable var content: MatrixMessageContent?
}
