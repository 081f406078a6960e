import ChatPlatformKit
import Foundation
import Synchronization
import UnhurriedCore

/// Who the bot is, in its own workspace: interaction payloads do not name it, and a message tracked as an ask may
/// mention it, which makes nobody's part.
extension SlackWebAPIClient {
    /// The bot's user id (`auth.test`), asked once.
    func botUserID() async throws(DeliveryFailure) -> ChatUserID {
        if let known = botIdentity.userID.withLock({ $0 }) { return known }
        let answer = try await call(.authTest, form: [], answer: SlackAuthTest.self)
        guard let id = answer.userID else { throw .permanent("auth.test answered without a user_id") }
        botIdentity.userID.withLock { $0 = ChatUserID(id) }
        return ChatUserID(id)
    }
}

/// Who the bot is, once learnt; shared by the copies of the client.
final class SlackBotIdentity: Sendable {
    let userID = Mutex<ChatUserID?>(nil)
}

/// `auth.test`'s answer, as far as it is read.
struct SlackAuthTest: Decodable {
    @Readable var userID: String?

    private enum CodingKeys: String, CodingKey {
        case userID = "user_id"
    }
}
