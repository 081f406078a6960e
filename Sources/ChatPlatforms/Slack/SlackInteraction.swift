import ChatPlatformKit
import Foundation
import UnhurriedCore

/// A click on one of the bot's buttons or menus, read from a `block_actions` payload.
public struct SlackInteraction: Sendable, Equatable {
    public var press: ItemButtonPress

    /// Reads the form body Slack posts (one `payload` field holding JSON); nil for anything that is not a click
    /// on one of Unhurried's own elements.
    public init?(formBody: String) {
        guard let payload = FormBody.fields(of: formBody)["payload"],
              let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any],
              object["type"] as? String == "block_actions",
              let user = object["user"] as? [String: Any], let userID = user["id"] as? String,
              let teamID = (object["team"] as? [String: Any])?["id"] as? String ?? user["team_id"] as? String,
              let action = (object["actions"] as? [[String: Any]])?.first,
              let actionID = action["action_id"] as? String
        else { return nil }
        let kind: MessageAction.Kind
        let itemID: ItemID
        var picked: Date?
        switch (actionID, MessageAction.Kind(rawValue: actionID)) {
        case (_, let button?) where button.isButton:
            guard let id = (action["value"] as? String).flatMap(ItemID.init(parsing:)) else { return nil }
            (kind, itemID) = (button, id)
        case ("snooze", _):
            if let value = (action["selected_option"] as? [String: Any])?["value"] as? String {
                guard let (found, id) = Self.readOptionValue(value) else { return nil }
                (kind, itemID) = (found, id)
            } else {
                // Cards posted before the snooze menu had a plain Snooze button whose value is the item.
                guard let id = (action["value"] as? String).flatMap(ItemID.init(parsing:)) else { return nil }
                (kind, itemID) = (.snoozeHour, id)
            }
        case (_, .snoozeUntil?):
            guard let blockID = action["block_id"] as? String, let id = Self.itemID(inBlockID: blockID),
                  let seconds = action["selected_date_time"] as? Int else { return nil }
            (kind, itemID, picked) = (.snoozeUntil, id, Date(timeIntervalSince1970: TimeInterval(seconds)))
        default:
            return nil
        }
        let channelID = (object["channel"] as? [String: Any])?["id"] as? String
        press = ItemButtonPress(
            action: kind, itemID: itemID, user: ChatUserID(userID),
            workspace: WorkspaceRef(platform: SlackPlatform.name, workspaceID: teamID), pickedInstant: picked,
            channel: channelID.map { ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: $0) },
            pressRef: object["trigger_id"] as? String ?? action["action_ts"] as? String)
    }

    /// The actions block of an item names the item, for elements (the date-time picker) that carry no value.
    static func blockID(of itemID: ItemID) -> String { "item_\(itemID.rawValue)" }

    static func itemID(inBlockID blockID: String) -> ItemID? {
        guard blockID.hasPrefix("item_") else { return nil }
        return ItemID(parsing: String(blockID.dropFirst(5)))
    }

    /// An overflow option's value: `snooze_hour:42`.
    static func optionValue(_ action: MessageAction) -> String { "\(action.kind.rawValue):\(action.itemID.rawValue)" }

    private static func readOptionValue(_ value: String) -> (MessageAction.Kind, ItemID)? {
        let parts = value.split(separator: ":")
        guard parts.count == 2, let kind = MessageAction.Kind(rawValue: String(parts[0])),
              let id = ItemID(parsing: String(parts[1])) else { return nil }
        return (kind, id)
    }
}
