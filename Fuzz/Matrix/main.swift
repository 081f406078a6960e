import ChatPlatformKit
import ChatPlatforms
import FuzzSupport
import Foundation
import UnhurriedCore

/// An application-service transaction, read as the transactions route reads it (its messages through `MatrixText`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        _ = try? MatrixTransaction(
            decoding: input, bot: ChatUserID("@unhurried:example.org"), workspaceID: "example.org", commandPrefix: "!",
            allowedServers: ["*"])
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
