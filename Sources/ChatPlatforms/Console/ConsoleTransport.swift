import Foundation
import UnhurriedCore

/// A transport that prints what would be posted instead of posting it.
public struct ConsoleTransport: ChatTransport {
    public static let platform = "console"

    private let renderer: PlainTextRenderer
    private let write: @Sendable (String) -> Void

    public init(renderer: PlainTextRenderer, write: @escaping @Sendable (String) -> Void) {
        self.renderer = renderer
        self.write = write
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let place = threadRef.map { "the thread of \($0) in #\(channel.channelID)" } ?? "#\(channel.channelID)"
        write("→ would post to \(place):\n\(renderer.render(message))")
        return "console:\(idempotencyKey)"
    }

    public func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        write("→ would show @\(user) alone, in #\(channel.channelID):\n\(renderer.render(message))")
        return "console:private"
    }

    /// Nothing printed is ever lost, so there is nothing to look for.
    public func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        nil
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        write("→ would update \(messageRef) in #\(channel.channelID):\n\(renderer.render(message))")
    }
}
