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

    public func post(_ message: ChatMessage, to channel: ChatChannel, idempotencyKey: String) async throws(DeliveryFailure) -> String {
        write("→ would post to #\(channel.channelID):\n\(renderer.render(message))")
        return "console:\(idempotencyKey)"
    }
}
