import ChatPlatformKit
import FuzzSupport
import Foundation

/// Reads a form body, and checks that what it read is written and read back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        let body = String(decoding: input, as: UTF8.self)
        _ = FormBody.fields(of: body)
        let pairs = FormBody.pairs(of: body)
        let reread = FormBody.pairs(of: FormBody.encoded(pairs.map { ($0.name, $0.value) }))
        guard reread.map(\.name) == pairs.map(\.name), reread.map(\.value) == pairs.map(\.value) else {
            fatalError("form body does not read back the same: \(pairs) became \(reread)")
        }
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
