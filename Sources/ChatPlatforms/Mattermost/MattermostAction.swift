import ChatPlatformKit
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

    /// Fails when the body is not an action request as Mattermost documents it.
    package static func reading(json: Data, signer: MattermostActionSigner) throws(UndecodablePayload) -> Reading {
        let click = try PayloadDecoder.decode(MattermostActionPayload.self, from: json)
        let context = click.context
        guard let action = context.action, let itemID = context.item.flatMap(ItemID.init(parsing:)), let teamID = context.team,
              let signature = context.signature
        else { return .notAnAction }
        guard signer.isValid(signature, action: action, itemID: itemID, teamID: teamID) else { return .unverified }
        guard let userID = click.userID, !userID.isEmpty else { throw .missingField("user_id") }
        let kind: MessageAction.Kind
        if action == snoozeMenu {
            guard let selected = context.selectedOption ?? click.selectedOption,
                  let picked = MessageAction.Kind(rawValue: selected), [.snoozeHour, .snoozeTomorrow].contains(picked) else { return .notAnAction }
            kind = picked
        } else {
            guard let found = MessageAction.Kind(rawValue: action), found.isButton else { return .notAnAction }
            kind = found
        }
        // The signed team, not the one the click names: a context copied into another team acts on nothing there.
        return .press(ItemButtonPress(
            action: kind, itemID: itemID, user: ChatUserID(userID),
            workspace: WorkspaceRef(platform: MattermostPlatform.name, workspaceID: teamID),
            channel: click.channelID.map { ChatChannel(platform: MattermostPlatform.name, workspaceID: teamID, channelID: $0) },
            pressRef: click.triggerID ?? click.postID.map { "\($0):\(userID):\(kind.rawValue)" }))
    }
}
