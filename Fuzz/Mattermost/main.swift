import ChatPlatformKit
import ChatPlatforms
import FuzzSupport
import Foundation
import UnhurriedCore

/// Statics, not globals: libFuzzer's `main` may be the one that runs, and then this file's globals are never set.
private enum Fixed {
    static let signer = MattermostActionSigner(secret: "fuzz-secret")
}

/// The first byte picks what the rest is: a slash command's form body (read through `MattermostText` and the
/// command grammar), an action's JSON, or a WebSocket message as the event listener reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        guard let selector = input.first else { return }
        let body = Data(input.dropFirst())
        switch selector % 3 {
        case 0:
            guard let command = try? MattermostSlashCommand(decodingFormBody: String(decoding: body, as: UTF8.self)) else { return }
            _ = try? CommandGrammar(tierNames: ["urgent", "standard", "low"]).read(
                commandName: command.command, tokens: command.incomingCommand.tokens)
            _ = command.knownNames
        case 1:
            _ = try? MattermostAction.reading(json: body, signer: Fixed.signer)
        default:
            guard let message = try? PayloadDecoder.decode(MattermostSocketMessage.self, from: body) else { return }
            _ = (message.seqReply, message.status)
            guard let event = MattermostEvent(message, botUserID: "bot") else { return }
            _ = (event.chatEvent(teamID: "team"), event.chatEventInDirectChannel(teamID: "team"), event.eventID)
        }
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
