import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Outbound calls through async-http-client, on SwiftNIO's event loops. Each call has one deadline for its whole
/// exchange, and cancelling a call (a lookup past its budget) only cancels its request: nothing blocks a thread.
/// Foundation's URL session is not used because on Linux its cancellation can deadlock against its own completion
/// handler (swift-corelibs-foundation #5412), which once wedged the whole server under a burst of timed-out lookups.
public struct NIOHTTPClient: OutboundHTTPClient {
    /// A chat API's answers are small; a larger one is refused rather than held in memory.
    public static let maximumResponseBytes = 16 * 1024 * 1024

    private let timeout: Duration

    /// `timeout` bounds each call from its start to the last byte of its answer.
    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    public func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(try Self.clientRequest(request), deadline: .now() + TimeAmount(timeout))
        } catch let error as IOError where Self.connectionErrors.contains(error.errnoCode) {
            throw OutboundRequestNotSent(reason: "\(error)")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw OutboundRequestNotSent(reason: "\(error)")
        }
        // The deadline above ends at the answer's head; its body gets what is left.
        let remaining = timeout - (ContinuousClock.now - started)
        let body = await withinTime(remaining) { () -> Result<ByteBuffer, any Error> in
            do {
                return .success(try await response.body.collect(upTo: Self.maximumResponseBytes))
            } catch {
                return .failure(error)
            }
        }
        guard let body else { throw HTTPClientError.deadlineExceeded }
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let name = name.lowercased()
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return OutboundResponse(status: Int(response.status.code), headers: headers, body: Data(try body.get().readableBytesView))
    }

    /// What a failed connect reports: the request was never written.
    private static let connectionErrors: Set<CInt> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH]

    private static func clientRequest(_ request: OutboundRequest) throws -> HTTPClientRequest {
        var clientRequest = HTTPClientRequest(url: request.url.absoluteString)
        clientRequest.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { clientRequest.headers.add(name: name, value: value) }
        if let body = request.body { clientRequest.body = .bytes(ByteBuffer(bytes: body)) }
        return clientRequest
    }

    /// One connection pool for the whole process, made on first use and never shut down (as async-http-client's
    /// own `shared` client), so no owner has to remember to close it. Redirects are not followed: a bot token must
    /// not travel to wherever a 3xx points. A refused connection fails the call at once rather than being tried
    /// again until its deadline: the outbox retries with its own backoff, and a chat API that is down does not hold
    /// the delivery worker ten seconds a post while other platforms' posts wait.
    private static let client: AsyncHTTPClient.HTTPClient = {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(60)),
            decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        return AsyncHTTPClient.HTTPClient(eventLoopGroup: AsyncHTTPClient.HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
