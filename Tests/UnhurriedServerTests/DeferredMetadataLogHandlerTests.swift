import Logging
import Synchronization
import Testing
import UnhurriedServer

/// The deferred handler writes what swift-log's stream handler writes, whatever metadata comes from where.
struct DeferredMetadataLogHandlerTests {
    @Test func writesTheLinesTheStreamHandlerWrites() {
        let provider = Logger.MetadataProvider { ["provided": "by the provider", "shared": "provider wins over the logger"] }
        var loggers = LoggerPair { StreamLogHandler(label: $0, stream: $1, metadataProvider: provider) }
        loggers.both { $0.info("before any metadata") }
        loggers.both { $0[metadataKey: "hb.request.id"] = "42" }
        loggers.both { $0[metadataKey: "shared"] = "from the logger" }
        loggers.both { $0.logLevel = .debug }
        loggers.both { $0.debug("with the logger's and the provider's metadata") }
        loggers.both { $0.warning("with a message's own", metadata: ["shared": "the message wins", "extra": "1"]) }
        loggers.both { $0[metadataKey: "hb.request.id"] = nil }
        loggers.both { $0.trace("below the level") }
        loggers.both { $0.error("after a key was removed", error: CancellationError()) }
        #expect(loggers.written.lines.count == 4)
        #expect(loggers.written.lines == loggers.expected.lines)
        #expect(loggers.written.lines.allSatisfy { $0.contains("provided=by the provider") })
    }

    /// As `serve` runs: no provider, so the stream handler writes what it formatted when a key was set.
    @Test func withoutAProviderWritesTheLinesTheStreamHandlerWrites() {
        var loggers = LoggerPair { label, stream in
            var handler = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
            handler.metadata = ["preset": "before the logger"]
            return handler
        }
        loggers.both { $0.info("with the handler's own") }
        loggers.both { $0[metadataKey: "hb.request.id"] = "7" }
        loggers.both { $0.info("with an empty message metadata", metadata: [:]) }
        loggers.both { $0.error("with an error alone", error: CancellationError()) }
        loggers.both { $0[metadataKey: "preset"] = nil }
        loggers.both { $0[metadataKey: "hb.request.id"] = nil }
        loggers.both { $0.notice("with none left") }
        #expect(loggers.written.lines.count == 4)
        #expect(loggers.written.lines == loggers.expected.lines)
        #expect(loggers.written.lines.last?.hasSuffix(" notice unhurried: [UnhurriedServerTests] with none left") == true)
    }

    @Test func withoutAnyMetadataTheLineHasNone() {
        var loggers = LoggerPair(label: "plain") { StreamLogHandler(label: $0, stream: $1, metadataProvider: nil) }
        loggers.both { $0.notice("hello") }
        #expect(loggers.written.lines == loggers.expected.lines)
        #expect(loggers.written.lines.first?.hasSuffix(" notice plain: [UnhurriedServerTests] hello") == true)
    }
}

/// The same logging through a stream handler (`expected`) and through the deferred handler wrapping one (`written`).
private struct LoggerPair {
    let expected = CapturedLines()
    let written = CapturedLines()
    private var reference: Logger
    private var deferred: Logger

    init(label: String = "unhurried", handler: (String, CapturedLines) -> StreamLogHandler) {
        reference = Logger(label: label) { [expected] in handler($0, expected) }
        deferred = Logger(label: label) { [written] in DeferredMetadataLogHandler(writingTo: handler($0, written)) }
    }

    mutating func both(_ change: (inout Logger) -> Void) {
        change(&reference)
        change(&deferred)
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
