import ChatPlatformKit
import ChatPlatforms
import FuzzSupport
import Foundation
import UnhurriedCore

/// The first byte picks what the rest is: an interaction's JSON (a command read through `DiscordText` and the command
/// grammar), a Gateway message as the listener reads it, or people's text rendered into a post.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        guard let selector = input.first else { return }
        let body = Data(input.dropFirst())
        switch selector % 3 {
        case 0:
            guard case .command(let command, _)? = try? DiscordInteraction.reading(json: body) else { return }
            _ = try? CommandGrammar(tierNames: ["urgent", "standard", "low"]).read(commandName: command.commandName, tokens: command.tokens)
        case 1:
            guard let message = try? PayloadDecoder.decode(DiscordGatewayMessage.self, from: body) else { return }
            _ = DiscordEvent.chatEvents(of: message.payload, botID: "11", guilds: ["12", "20"])
        default:
            let text = String(decoding: body, as: UTF8.self)
            _ = DiscordText.tokens(from: text)
            let message = ChatMessage(fallbackText: text, blocks: [
                .section(RichText([.text(text), .lineBreak, .bold(text)])),
                .actions([MessageAction(kind: .done, itemID: ItemID(1), label: "Done")]),
            ])
            _ = DiscordMessageRenderer.post(message, guildID: "12", nonce: DiscordMessageRenderer.nonce(of: text), replyingTo: nil).encoded()
        }
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
