import FuzzSupport
import Foundation
import UnhurriedConfiguration

/// A policy file, read and validated as `check-config` and the server read it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        _ = try? PolicyFile.parse(String(decoding: input, as: UTF8.self), file: "policy.yaml", platforms: ["slack", "mattermost", "matrix"])
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
