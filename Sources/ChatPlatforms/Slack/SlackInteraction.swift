import ChatPlatformKit
import Foundation
import UnhurriedCore

/// A click on one of the bot's buttons or menus, read from a `block_actions` payload.
public struct SlackInteraction: Sendable, Equatable {
    public var press: ItemButtonPress

    /// Reads the form body Slack posts (one `payload` field holding JSON). Nil for a click on anything but
    /// Unhurried's own elements, and for other kinds of interaction; fails when the body is not a payload Slack
    /// documents.
    package init?(decodingFormBody formBody: String) throws(UndecodablePayload) {
        guard case .blockActions(let click) = try SlackInteractionPayload(decodingFormBody: formBody) else { return nil }
        try self.init(click)
    }

    /// Nil for a click on anything but Unhurried's own elements.
    init?(_ click: SlackBlockActions) throws(UndecodablePayload) {
        guard let teamID = click.team?.id ?? click.user.teamID else { throw .missingField("team.id") }
        guard let action = click.actions.first else { throw .missingField("actions[]") }
        let kind: MessageAction.Kind
        let itemID: ItemID
        var picked: Date?
        switch (action.actionID, MessageAction.Kind(rawValue: action.actionID)) {
        case (_, let button?) where button.isButton:
            guard let id = action.value.flatMap(ItemID.init(parsing:)) else { return nil }
            (kind, itemID) = (button, id)
        case ("snooze", _):
            if let value = action.selectedOption?.value {
                guard let (found, id) = Self.readOptionValue(value) else { return nil }
                (kind, itemID) = (found, id)
            } else {
                // Cards posted before the snooze menu had a plain Snooze button whose value is the item.
                guard let id = action.value.flatMap(ItemID.init(parsing:)) else { return nil }
                (kind, itemID) = (.snoozeHour, id)
            }
        case (_, .snoozeUntil?):
            guard let id = action.blockID.flatMap(Self.itemID(inBlockID:)), let seconds = action.selectedDateTime else { return nil }
            (kind, itemID, picked) = (.snoozeUntil, id, Date(timeIntervalSince1970: TimeInterval(seconds)))
        default:
            return nil
        }
        press = ItemButtonPress(
            action: kind, itemID: itemID, user: ChatUserID(click.user.id),
            workspace: WorkspaceRef(platform: SlackPlatform.name, workspaceID: teamID), pickedInstant: picked,
            channel: click.channel.map { ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: $0.id) },
            pressRef: click.triggerID ?? action.actionTS)
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
