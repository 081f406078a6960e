import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
public protocol HTTPClient: Sendable {
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}

/// `URLSession` (libcurl on Linux) with a per-request timeout.
public struct URLSessionHTTPClient: HTTPClient {
    private let session: URLSession
    private let timeout: TimeInterval

    public init(timeout: TimeInterval = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let (data, response) = try await session.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return OutboundResponse(status: http.statusCode, headers: headers, body: data)
    }
}

extension HTTPClient {
    /// The response, or nil when the request failed or took longer than `timeout`: for lookups that a person is
    /// waiting on, where an answer later is worth less than none now.
    public func send(_ request: OutboundRequest, within timeout: Duration) async -> OutboundResponse? {
        await withinTime(timeout) { try? await send(request) } ?? nil
    }
}

/// What `work` gives within `timeout`, or nil when it took longer (it is then cancelled).
func withinTime<Value: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> Value) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask { try? await Task.sleep(for: timeout); return nil }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
