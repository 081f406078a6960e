import Logging

/// swift-log's `StreamLogHandler`, with its metadata formatted only when a message is written. The stream handler
/// formats all of its metadata again each time a key is set, and Hummingbird sets the request's id on every request:
/// some 7,700 instructions a request, about 1 % of a warm ask, for lines that are almost never written at the levels
/// a server runs at. The lines written are the stream handler's own, byte for byte, except that a value given as
/// `.stringConvertible` is described when a line is written rather than when it was set.
public struct DeferredMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// `stream` writes the lines; its own metadata and provider are set aside, as this handler keeps them instead.
    public init(writingTo stream: StreamLogHandler) {
        self.stream = stream
        metadata = stream.metadata
        metadataProvider = stream.metadataProvider
        self.stream.metadata = [:]
        self.stream.metadataProvider = nil
    }

    /// Writes to standard error, as swift-log does without a bootstrap.
    public static func standardError(label: String) -> Self {
        Self(writingTo: StreamLogHandler.standardError(label: label))
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // The stream handler's precedence: its own metadata, then the provider's, then the message's.
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, explicit in explicit }
        }
        var event = event
        event.metadata = merged
        stream.log(event: event)
    }
}
