import ChatPlatformKit
import Logging
import Testing
import UnhurriedCore

/// The server as a platform's directory sync sees it: pages of profiles go to the command handler, as the server's own
/// host hands them on. Anything else a platform might hand over fails the test: the sync hands over nothing else.
struct ProfileHost: PlatformHost {
    let handler: CommandHandler
    let clock: any WallClock

    struct Unexpected: Error {}

    func rememberProfiles(_ profiles: [ProfileZone], in workspace: WorkspaceRef) async throws {
        _ = try await handler.rememberProfiles(profiles, in: workspace, now: clock.now)
    }

    func rememberProfileChange(_ profile: ProfileZone, in workspace: WorkspaceRef) {
        Issue.record("a profile change reached the directory sync's host")
    }

    func run(_ command: IncomingCommand, logger: Logger) async -> ChatMessage {
        Issue.record("a command reached the directory sync's host")
        return MessageComposer.temporaryFailure
    }

    func press(_ press: ItemButtonPress, logger: Logger) async throws -> PressAnswer { throw unexpected("a press") }
    func answerPrivately(_ answer: ChatMessage, to press: ItemButtonPress) async throws { throw unexpected("a private answer") }
    func handle(_ event: ChatEvent?, eventID: String, platform: String, logger: Logger) async throws { throw unexpected("an event") }
    func trackingChoices(in channel: ChatChannel) -> TrackingForm.Choices {
        Issue.record("tracking choices asked of the directory sync's host")
        return TrackingForm.Choices(tierNames: [], defaultTierName: "", maxAssignees: 0)
    }
    func track(_ form: TrackingForm.Submission, logger: Logger) async throws -> TrackingForm.Answer { throw unexpected("a tracking form") }
    var policy: ResponsePolicy {
        Issue.record("the policy read by the directory sync")
        return .builtIn
    }
    func card(of item: ItemID, in workspace: WorkspaceRef) async throws -> (card: ChatMessage, messageRef: String?)? {
        throw unexpected("a card")
    }
    func countRefusal(platform: String, reason: String) { Issue.record("a refusal counted by the directory sync") }
    func countUndecodable(platform: String, reason: String) { Issue.record("an undecodable payload counted by the directory sync") }

    private func unexpected(_ what: String) -> Unexpected {
        Issue.record("\(what) reached the directory sync's host")
        return Unexpected()
    }
}
