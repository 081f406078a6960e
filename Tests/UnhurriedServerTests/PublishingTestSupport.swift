import ChatPlatformKit
import ChatPlatforms
import DecisionPublishers
import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// The built-in policy, publishing every channel's decisions to `destination` (or only `channels`').
func publishingPolicy(_ destination: PublicationTarget.Destination, channels: Set<String>? = nil) -> ResponsePolicy {
    var policy = ResponsePolicy.builtIn
    policy.publish = [PublicationTarget(destination, channels: channels)]
    return policy
}

extension SlackTeam {
    /// Records a decision in #general, as `/decision` does, and runs the workers.
    func decide(_ text: String) async throws {
        #expect(try await command("/decision", text).contains("Recorded decision"))
        try await tick()
    }

    /// The outbox's publication of decision `id` to `target`.
    func publication(of id: Int64, to target: String) async throws -> OutboxPost {
        try #require(try await store.post(withKey: .publication(of: ItemID(id), to: target)))
    }

    /// A delivery worker as a new process would start it on the same store (a restart), publishing with `credentials`.
    func restartedDispatcher(publishing credentials: PublishingCredentials) -> OutboxDispatcher {
        let http = NIOHTTPClient(timeout: .seconds(5))
        return OutboxDispatcher(
            store: store, transports: [SlackPlatform.name: slack], clock: clock, retryPolicy: DeliveryRetryPolicy(firstDelay: .seconds(1)),
            publishing: DecisionPublishing(policy: policy, credentials: credentials, http: http), logger: quietLogger)
    }
}
