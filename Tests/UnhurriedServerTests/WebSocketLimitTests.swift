import ChatPlatformKit
import Foundation
import Testing

/// A peer that keeps a message open with continuation frames is cut off at the message limit, not at memory's end.
@Suite(.timeLimit(.minutes(1))) struct WebSocketLimitTests {
    @Test func aMessageLongerThanTheLimitDropsTheConnection() async throws {
        let events = FakeMattermostEvents(token: "bot-token")
        try await events.run { url in
            let frameBytes = 1 << 19
            let frames = WebSocketConnection.maximumMessageBytes / frameBytes + 1
            await #expect(throws: WebSocketConnection.Failure.messageTooLarge) {
                try await WebSocketConnection.run(url) { connection in
                    try await connection.send(#"{"seq":1,"action":"authentication_challenge","data":{"token":"bot-token"}}"#)
                } received: { text in
                    // Once authenticated, the server starts a message it never finishes.
                    guard text.contains(#""status":"OK""#) else { return }
                    Task { try await events.pushEndlessMessage(frames: frames, frameBytes: frameBytes) }
                }
            }
        }
    }
}
