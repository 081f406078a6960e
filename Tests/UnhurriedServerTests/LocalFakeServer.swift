import Foundation
import Hummingbird
import HummingbirdTesting

/// Serves `router` on an ephemeral port of 127.0.0.1 for the duration of `body`, which gets its base URL.
func serveLocally(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
    }
}

/// A JSON answer of a fake API.
func jsonResponse(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// How a fake answers its next request instead of taking it normally.
enum FakeTargetAnswer: Sendable {
    /// 500 without doing anything.
    case serverError
    /// Does what was asked, then answers 500: the outcome is unknown to the caller, as when a connection drops.
    case acceptThenServerError
}
