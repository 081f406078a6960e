import ChatPlatformKit
import Foundation
import UnhurriedCore

/// What an interaction asks of Unhurried.
package enum DiscordInteraction {
    /// The interaction callback types Unhurried answers with.
    package enum Answer: Int {
        case pong = 1
        case channelMessage = 4
        /// A press acknowledged without a message: the card is edited afterwards by the delivery worker.
        case deferredUpdate = 6
    }

    /// Each command's one option, which holds what follows the verb.
    static let textOption = "text"

    package enum Reading {
        /// Discord checking the endpoint.
        case ping
        case command(IncomingCommand)
        case press(ItemButtonPress)
        /// A command typed outside a server, which Unhurried's commands are not registered for.
        case outsideAServer
        /// An interaction of another kind, or a component that is not one of Unhurried's buttons.
        case other
    }

    /// Fails when the body is not an interaction as Discord documents it.
    package static func reading(json: Data) throws(UndecodablePayload) -> Reading {
        let interaction = try PayloadDecoder.decode(DiscordInteractionPayload.self, from: json)
        switch interaction.type {
        case 1:
            return .ping
        case 2:
            guard let name = interaction.data?.name else { throw .missingField("data.name") }
            let speaker = try self.speaker(of: interaction)
            guard let guildID = interaction.guildID else { return .outsideAServer }
            guard let channelID = interaction.channelID else { throw .missingField("channel_id") }
            let text = interaction.data?.options?.first { $0.name == textOption }?.value ?? ""
            return .command(IncomingCommand(
                commandName: name, tokens: DiscordText.tokens(from: text), speaker: speaker,
                channel: ChatChannel(platform: DiscordPlatform.name, workspaceID: guildID, channelID: channelID)))
        case 3:
            guard let button = interaction.data?.customID.flatMap(DiscordButton.init(customID:)) else { return .other }
            let user = try speaker(of: interaction)
            return .press(ItemButtonPress(
                action: button.kind, itemID: button.itemID, user: user,
                workspace: WorkspaceRef(platform: DiscordPlatform.name, workspaceID: button.guildID),
                channel: interaction.channelID.map { ChatChannel(platform: DiscordPlatform.name, workspaceID: button.guildID, channelID: $0) },
                pressRef: interaction.id))
        default:
            return .other
        }
    }

    /// The member who acted in a server, or the user in a direct message.
    private static func speaker(of interaction: DiscordInteractionPayload) throws(UndecodablePayload) -> ChatUserID {
        guard let id = interaction.member?.user?.id ?? interaction.user?.id else { throw .missingField("member.user.id") }
        return ChatUserID(id)
    }
}
