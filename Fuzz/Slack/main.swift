import ChatPlatformKit
import ChatPlatforms
import FuzzSupport
import Foundation
import UnhurriedCore

/// The first byte picks what the rest is: a slash command's form body (read through `SlackText` and the command
/// grammar), an interaction's form body, or an Events API body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        guard let selector = input.first else { return }
        let body = input.dropFirst()
        switch selector % 3 {
        case 0:
            guard let command = try? SlackSlashCommand(decodingFormBody: String(decoding: body, as: UTF8.self)) else { return }
            _ = try? CommandGrammar(tierNames: ["urgent", "standard", "low"]).read(
                commandName: command.command, tokens: command.incomingCommand.tokens)
            _ = SlackText.readable(command.text)
        case 1:
            _ = try? SlackInteraction(decodingFormBody: String(decoding: body, as: UTF8.self))
        default:
            _ = try? SlackEventEnvelope(decoding: Data(body))
        }
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
