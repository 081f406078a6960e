import ChatPlatformKit
import ChatPlatforms
import FuzzSupport
import Foundation
import UnhurriedCore

/// A Bot Framework activity, read as the messaging endpoint reads it once its token has verified (its text through
/// `TeamsText`, its card data as a press).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        _ = try? TeamsActivity(decoding: input, bot: "28:00000000-0000-0000-0000-000000000001", policy: .builtIn)
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
