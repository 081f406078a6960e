import Foundation
import UnhurriedCore

public struct OutboundRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data?

    public init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

public struct OutboundResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The one way outbound calls leave the process, so tests can point them at a local server.
public protocol OutboundHTTPClient: Sendable {
    /// Throws `OutboundRequestNotSent` when the request certainly never reached the server.
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}

/// No connection could be made (refused, no route, timed out connecting): the server never saw the request, so a
/// post that failed this way is retried without first looking for it.
public struct OutboundRequestNotSent: Error, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "not sent: \(reason)" }
}

extension DeliveryFailure {
    /// The failure of a call that got no answer: `unreachable` when the request never left, else temporary (it may
    /// have arrived).
    public init(calling what: String, failedWith error: any Error) {
        self = error is OutboundRequestNotSent ? .unreachable("\(what): \(error)") : .temporary("\(what): \(error)")
    }
}

extension OutboundHTTPClient {
    /// The response, or nil when the request failed or took longer than `timeout`: for lookups that a person is
    /// waiting on, where an answer later is worth less than none now.
    public func send(_ request: OutboundRequest, within timeout: Duration) async -> OutboundResponse? {
        await withinTime(timeout) { try? await send(request) } ?? nil
    }
}

/// What `work` gives within `timeout`, or nil when it took longer (it is then cancelled).
package func withinTime<Value: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> Value) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask { try? await Task.sleep(for: timeout); return nil }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
