import Logging
import Synchronization
import Testing
import UnhurriedServer

/// The deferred handler writes what swift-log's stream handler writes, whatever metadata comes from where.
struct DeferredMetadataLogHandlerTests {
    @Test func writesTheLinesTheStreamHandlerWrites() {
        let expected = CapturedLines()
        let written = CapturedLines()
        let provider = Logger.MetadataProvider { ["provided": "by the provider", "shared": "provider wins over the logger"] }
        var reference = Logger(label: "unhurried") {
            StreamLogHandler(label: $0, stream: expected, metadataProvider: provider)
        }
        var deferred = Logger(label: "unhurried") {
            DeferredMetadataLogHandler(writingTo: StreamLogHandler(label: $0, stream: written, metadataProvider: provider))
        }
        func both(_ change: (inout Logger) -> Void) {
            change(&reference)
            change(&deferred)
        }
        both { $0.info("before any metadata") }
        both { $0[metadataKey: "hb.request.id"] = "42" }
        both { $0[metadataKey: "shared"] = "from the logger" }
        both { $0.logLevel = .debug }
        both { $0.debug("with the logger's and the provider's metadata") }
        both { $0.warning("with a message's own", metadata: ["shared": "the message wins", "extra": "1"]) }
        both { $0[metadataKey: "hb.request.id"] = nil }
        both { $0.trace("below the level") }
        both { $0.error("after a key was removed", error: CancellationError()) }
        #expect(written.lines.count == 4)
        #expect(written.lines == expected.lines)
        #expect(written.lines.allSatisfy { $0.contains("provided=by the provider") })
    }

    /// As `serve` runs: no provider, so the stream handler writes what it formatted when a key was set.
    @Test func withoutAProviderWritesTheLinesTheStreamHandlerWrites() {
        let expected = CapturedLines()
        let written = CapturedLines()
        func handler(_ label: String, _ stream: CapturedLines) -> StreamLogHandler {
            var handler = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
            handler.metadata = ["preset": "before the logger"]
            return handler
        }
        var reference = Logger(label: "unhurried") { handler($0, expected) }
        var deferred = Logger(label: "unhurried") { DeferredMetadataLogHandler(writingTo: handler($0, written)) }
        func both(_ change: (inout Logger) -> Void) {
            change(&reference)
            change(&deferred)
        }
        both { $0.info("with the handler's own") }
        both { $0[metadataKey: "hb.request.id"] = "7" }
        both { $0.info("with an empty message metadata", metadata: [:]) }
        both { $0.error("with an error alone", error: CancellationError()) }
        both { $0[metadataKey: "preset"] = nil }
        both { $0[metadataKey: "hb.request.id"] = nil }
        both { $0.notice("with none left") }
        #expect(written.lines.count == 4)
        #expect(written.lines == expected.lines)
        #expect(written.lines.last?.hasSuffix(" notice unhurried: [UnhurriedServerTests] with none left") == true)
    }

    @Test func withoutAnyMetadataTheLineHasNone() {
        let expected = CapturedLines()
        let written = CapturedLines()
        Logger(label: "plain") { StreamLogHandler(label: $0, stream: expected, metadataProvider: nil) }.notice("hello")
        Logger(label: "plain") { DeferredMetadataLogHandler(writingTo: StreamLogHandler(label: $0, stream: written, metadataProvider: nil)) }
            .notice("hello")
        #expect(written.lines == expected.lines)
        #expect(written.lines.first?.hasSuffix(" notice plain: [UnhurriedServerTests] hello") == true)
    }
}

/// Lines written to a stream, each without its timestamp (which differs from one second to the next).
private final class CapturedLines: TextOutputStream, Sendable {
    private let text = Mutex("")

    func write(_ string: String) {
        text.withLock { $0 += string }
    }

    var lines: [String] {
        text.withLock { $0 }.split(separator: "\n").map { String($0.drop { $0 != " " }) }
    }
}
