import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Opens modals. A modal must be opened with the trigger of the click that asked for it,
/// within three seconds of it, so it is opened at once rather than through the outbox.
extension SlackWebAPIClient {
    /// `views.open`. Throws `.permanent` when Slack refuses the view or the trigger (expired, or used already).
    func openView(_ view: JSONValue, triggerID: String) async throws(DeliveryFailure) {
        _ = try await call(.viewsOpen, body: ["trigger_id": .string(triggerID), "view": view], answer: SlackNoContent.self)
    }
}
