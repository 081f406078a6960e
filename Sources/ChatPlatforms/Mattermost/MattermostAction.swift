import Foundation
import UnhurriedCore

/// A click on one of the bot's buttons or its snooze menu, as Mattermost posts it to the integration URL.
public enum MattermostAction {
    /// The snooze menu's action; which snooze is the selected option.
    static let snoozeMenu = "snooze"

    public enum Reading: Sendable, Equatable {
        case press(ItemButtonPress)
        /// One of Unhurried's actions whose signature does not verify: not a button Unhurried rendered.
        case unverified
        /// Not an Unhurried action, or missing what a click always has.
        case notAnAction
    }

    public static func read(json: Data, signer: MattermostActionSigner) -> Reading {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let context = object["context"] as? [String: Any], let action = context["action"] as? String,
              let itemText = context["item"] as? String, let itemID = ItemID(parsing: itemText), let teamID = context["team"] as? String,
              let signature = context["signature"] as? String
        else { return .notAnAction }
        guard signer.isValid(signature, action: action, itemID: itemID, teamID: teamID) else { return .unverified }
        guard let userID = object["user_id"] as? String, !userID.isEmpty else { return .notAnAction }
        let kind: MessageAction.Kind
        if action == snoozeMenu {
            guard let selected = (object["context"] as? [String: Any])?["selected_option"] as? String ?? object["selected_option"] as? String,
                  let picked = MessageAction.Kind(rawValue: selected), [.snoozeHour, .snoozeTomorrow].contains(picked) else { return .notAnAction }
            kind = picked
        } else {
            guard let found = MessageAction.Kind(rawValue: action), found.isButton else { return .notAnAction }
            kind = found
        }
        // The signed team, not the one the click names: a context copied into another team acts on nothing there.
        let channelID = object["channel_id"] as? String
        return .press(ItemButtonPress(
            action: kind, itemID: itemID, user: ChatUserID(userID),
            workspace: WorkspaceRef(platform: MattermostPlatform.name, workspaceID: teamID),
            channel: channelID.map { ChatChannel(platform: MattermostPlatform.name, workspaceID: teamID, channelID: $0) },
            pressRef: object["trigger_id"] as? String ?? (object["post_id"] as? String).map { "\($0):\(userID):\(kind.rawValue)" }))
    }
}
