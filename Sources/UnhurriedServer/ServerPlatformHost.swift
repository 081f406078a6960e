import ChatPlatformKit
import Logging
import UnhurriedCore

/// What the platforms' routes and listeners hand decoded commands, presses and events to: the server's command and
/// response runners, its metrics and its clock.
struct ServerPlatformHost: PlatformHost {
    let commands: CommandRunner
    let responses: ResponseRunner
    let metrics: ServerMetrics
    let clock: any WallClock
    let items: any ItemStore & OutboxStore
    let livePolicy: LivePolicy

    func run(_ command: IncomingCommand, logger: Logger) async -> ChatMessage {
        await commands.run(command, logger: logger)
    }

    func press(_ press: ItemButtonPress, logger: Logger) async throws -> PressAnswer {
        try await responses.press(press, logger: logger)
    }

    func answerPrivately(_ answer: ChatMessage, to press: ItemButtonPress) async throws {
        try await responses.answerPrivately(answer, to: press)
    }

    func handle(_ event: ChatEvent?, eventID: String, platform: String, logger: Logger) async throws {
        try await responses.handle(event, eventID: eventID, platform: platform, logger: logger)
    }

    func trackingChoices(in channel: ChatChannel) -> TrackingForm.Choices {
        commands.handler.trackingChoices(inChannel: channel.channelID)
    }

    func track(_ form: TrackingForm.Submission, logger: Logger) async throws -> TrackingForm.Answer {
        try await commands.track(form, logger: logger)
    }

    var policy: ResponsePolicy { livePolicy.current }

    func card(of item: ItemID, in workspace: WorkspaceRef) async throws -> (card: ChatMessage, messageRef: String?)? {
        guard let stored = try await items.item(item, in: workspace) else { return nil }
        return (MessageComposer.itemCard(stored), try await items.post(withKey: .card(of: item))?.messageRef)
    }

    func rememberProfiles(_ profiles: [ProfileZone], in workspace: WorkspaceRef) async throws {
        try await commands.zoneCorrections.remember(profiles, in: workspace)
    }

    func rememberProfileChange(_ profile: ProfileZone, in workspace: WorkspaceRef) {
        commands.zoneCorrections.rememberSoon(profile, in: workspace)
    }

    func countRefusal(platform: String, reason: String) {
        metrics.verificationFailed(platform: platform, reason: reason)
    }

    func countUndecodable(platform: String, reason: String) {
        metrics.inboundUndecodable(platform: platform, reason: reason)
    }
}
