import ChatPlatformKit
import HTTPTypes
import Hummingbird
import Logging
import UnhurriedCore

/// Refuses any Slack request whose signature does not verify, before the body is parsed or stored.
struct SlackVerificationMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Slack's payloads are a few KiB; anything much larger is not from Slack.
    static var maximumBodySize: Int { 64 * 1024 }

    let verifier: SlackRequestVerifier
    let host: any PlatformHost

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodySize)
        } catch {
            refuse("body_too_large", context: context)
            return Response(status: .contentTooLarge)
        }
        do throws(SignedRequestFailure) {
            try verifier.verify(
                body: body.readableBytesView,
                timestamp: request.headers.soleValue(of: SlackHeaders.timestamp),
                signature: request.headers.soleValue(of: SlackHeaders.signature),
                now: host.clock.now)
        } catch {
            refuse(error.rawValue, context: context)
            return Response(status: .unauthorized)
        }
        return try await next(request, context)
    }

    private func refuse(_ reason: String, context: Context) {
        host.countRefusal(platform: SlackPlatform.name, reason: reason)
        context.logger.notice("Refused unverified Slack request", metadata: ["reason": "\(reason)"])
    }
}

enum SlackHeaders {
    static let timestamp = HTTPField.Name("X-Slack-Request-Timestamp")!
    static let signature = HTTPField.Name("X-Slack-Signature")!
}
