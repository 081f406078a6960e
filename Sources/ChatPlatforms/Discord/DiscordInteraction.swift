import ChatPlatformKit
import Foundation
import UnhurriedCore

/// What an interaction asks of Unhurried.
package enum DiscordInteraction {
    /// The interaction callback types Unhurried answers with.
    package enum Answer: Int {
        case pong = 1
        case channelMessage = 4
        /// A command acknowledged without its answer yet, which is edited in once it is ready.
        case deferredChannelMessage = 5
        /// A press acknowledged without a message: the card is edited afterwards by the delivery worker.
        case deferredUpdate = 6
    }

    /// Each command's one option, which holds what follows the verb.
    static let textOption = "text"

    package enum Reading {
        /// Discord checking the endpoint.
        case ping
        /// A slash command, with the token that lets its answer be edited for fifteen minutes.
        case command(IncomingCommand, token: String)
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
            guard let token = interaction.token else { throw .missingField("token") }
            let text = interaction.data?.options?.first { $0.name == textOption }?.value ?? ""
            return .command(IncomingCommand(
                commandName: name, tokens: DiscordText.tokens(from: text), speaker: speaker,
                channel: ChatChannel(platform: DiscordPlatform.name, workspaceID: guildID, channelID: channelID)), token: token)
        case 3:
            // A button of one server's message pressed in another is not one Unhurried rendered there.
            guard let button = interaction.data?.customID.flatMap(DiscordButton.init(customID:)),
                  interaction.guildID.map({ $0 == button.guildID }) ?? true
            else { return .other }
            let user = try speaker(of: interaction)
            // In a direct message, the channel is the person, as the scheduler addresses it.
            let channelID = interaction.guildID == nil ? user.rawValue : interaction.channelID
            return .press(ItemButtonPress(
                action: button.kind, itemID: button.itemID, user: user,
                workspace: WorkspaceRef(platform: DiscordPlatform.name, workspaceID: button.guildID),
                channel: channelID.map { ChatChannel(platform: DiscordPlatform.name, workspaceID: button.guildID, channelID: $0) },
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
