import ChatPlatformKit
import Foundation
import Hummingbird
import Synchronization

/// The fake Web API's modals, as Slack answers them: `views.open` takes a trigger it issued once (`trigger`), and
/// refuses a missing or unknown one with `invalid_trigger_id`, a used or expired one with `expired_trigger_id`, and
/// a view that breaks the modal's limits with `invalid_arguments`. Views it opened are kept, as sent, to be read by
/// tests. `auth.test` names the bot `U0BOT`.
final class FakeSlackModals: Sendable {
    private struct Triggers {
        var issued: Set<String> = []
        var spent: Set<String> = []
        var views: [String] = []
    }

    private let state = Mutex(Triggers())

    /// A trigger, as Slack puts one in a shortcut's payload.
    func trigger() -> String {
        state.withLock { triggers in
            let id = "13345224609.738474920.\(triggers.issued.count + 1)"
            triggers.issued.insert(id)
            return id
        }
    }

    /// Every trigger issued so far lapses, as three seconds after the click.
    func expireTriggers() {
        state.withLock { $0.spent.formUnion($0.issued) }
    }

    /// The views opened, in order, as JSON objects.
    var openedViews: [[String: Any]] {
        state.withLock { $0.views }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("api/auth.test") { _, _ in
            Self.json(#"{"ok":true,"user_id":"U0BOT","team_id":"T0TEAM"}"#)
        }
        router.post("api/views.open") { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let sent = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            let trigger = sent["trigger_id"] as? String ?? ""
            let refusal: String? = self.state.withLock { triggers in
                guard triggers.issued.contains(trigger) else { return "invalid_trigger_id" }
                guard !triggers.spent.contains(trigger) else { return "expired_trigger_id" }
                guard let view = sent["view"] as? [String: Any], Self.isValidModal(view),
                      let json = try? JSONSerialization.data(withJSONObject: view) else { return "invalid_arguments" }
                triggers.spent.insert(trigger)
                triggers.views.append(String(decoding: json, as: UTF8.self))
                return nil
            }
            if let refusal { return Self.json(#"{"ok":false,"error":"\#(refusal)"}"#) }
            return Self.json(#"{"ok":true,"view":{"id":"V0MODAL"}}"#)
        }
    }

    /// The limits of Slack's modal and input references that Unhurried's modal comes near.
    private static func isValidModal(_ view: [String: Any]) -> Bool {
        func plain(_ object: Any?, max: Int) -> Bool {
            guard let text = object as? [String: Any], text["type"] as? String == "plain_text", let words = text["text"] as? String else { return false }
            return !words.isEmpty && words.count <= max
        }
        guard view["type"] as? String == "modal", plain(view["title"], max: 24), let blocks = view["blocks"] as? [[String: Any]],
              blocks.count <= 100, (view["private_metadata"] as? String ?? "").count <= 3_000,
              (view["callback_id"] as? String ?? "").count <= 255 else { return false }
        let inputs = blocks.filter { $0["type"] as? String == "input" }
        // A modal with inputs must have a submit button.
        if !inputs.isEmpty, !plain(view["submit"], max: 24) { return false }
        if view["close"] != nil, !plain(view["close"], max: 24) { return false }
        return inputs.allSatisfy { block in
            guard plain(block["label"], max: 2_000), let element = block["element"] as? [String: Any],
                  (block["block_id"] as? String ?? "").count <= 255 else { return false }
            if block["hint"] != nil, !plain(block["hint"], max: 2_000) { return false }
            if element["placeholder"] != nil, !plain(element["placeholder"], max: 150) { return false }
            switch element["type"] as? String {
            case "plain_text_input":
                return (element["initial_value"] as? String ?? "").count <= (element["max_length"] as? Int ?? 3_000)
            case "multi_users_select":
                return element["initial_users"] == nil || element["initial_users"] is [String]
            case "static_select":
                guard let options = element["options"] as? [[String: Any]], (1...100).contains(options.count),
                      options.allSatisfy({ plain($0["text"], max: 75) && ($0["value"] as? String ?? "").count <= 150 }) else { return false }
                guard let initial = element["initial_option"] as? [String: Any] else { return true }
                return options.contains { $0["value"] as? String == initial["value"] as? String }
            default:
                return false
            }
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
