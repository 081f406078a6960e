import Foundation

/// An emoji reaction by the name Slack and Mattermost give it (`hourglass_flowing_sand`), with the character Matrix
/// reactions carry as their key (⏳). A policy names the reaction once, and each platform's adapter reads its own form.
public struct ReactionName: Hashable, Sendable {
    public var name: String
    public var character: String

    /// The reaction that makes a message an ask unless the policy names another (`track_reaction:`).
    public static let defaultTrack = ReactionName(name: "hourglass_flowing_sand", character: "⏳")

    /// The reactions a policy may name: one emoji set is shared by the platforms only for these names, so a team on
    /// several platforms gets the same reaction everywhere.
    public static let known: [ReactionName] = [
        defaultTrack,
        ReactionName(name: "hourglass", character: "⌛"),
        ReactionName(name: "eyes", character: "👀"),
        ReactionName(name: "pushpin", character: "📌"),
        ReactionName(name: "round_pushpin", character: "📍"),
        ReactionName(name: "bookmark", character: "🔖"),
        ReactionName(name: "memo", character: "📝"),
        ReactionName(name: "inbox_tray", character: "📥"),
        ReactionName(name: "question", character: "❓"),
        ReactionName(name: "raised_hand", character: "✋"),
        ReactionName(name: "point_up", character: "☝️"),
        ReactionName(name: "clipboard", character: "📋"),
        ReactionName(name: "ticket", character: "🎫"),
        ReactionName(name: "alarm_clock", character: "⏰"),
        ReactionName(name: "calendar", character: "📆"),
    ]

    public init(name: String, character: String) {
        self.name = name
        self.character = character
    }

    /// The known reaction Slack or Mattermost calls `name` (`:eyes:` or `eyes`).
    public init?(named name: String) {
        let bare = name.trimmingCharacters(in: CharacterSet(charactersIn: ":")).lowercased()
        guard let known = Self.known.first(where: { $0.name == bare }) else { return nil }
        self = known
    }

    /// The known reaction whose character is `key`, as a Matrix `m.reaction` carries it. Clients differ on the
    /// variation selector (U+FE0F) that asks for the emoji style, so it is not compared.
    public init?(character key: String) {
        func bare(_ text: String) -> String { String(text.unicodeScalars.filter { $0 != "\u{FE0F}" }.map(Character.init)) }
        guard let known = Self.known.first(where: { bare($0.character) == bare(key) }) else { return nil }
        self = known
    }
}
