import UnhurriedCore

/// What one of the bot's buttons does, written into its `custom_id`: `unhurried:done:42:1234567890` acts on item 42 of
/// the server (guild) 1234567890. Discord sends a press only for a button on the application's own message, and signs
/// it, so the id needs no signature of its own; it names the server because a press in a direct message has none.
package struct DiscordButton: Equatable {
    /// Pressed as buttons; picking an instant has no Discord control, so it is left to `/snooze`.
    static let kinds: Set<MessageAction.Kind> = [.acknowledge, .done, .requestInfo, .snoozeHour, .snoozeTomorrow, .markRead, .raiseQuestion]
    private static let prefix = "unhurried"

    package var kind: MessageAction.Kind
    package var itemID: ItemID
    package var guildID: String

    package init(kind: MessageAction.Kind, itemID: ItemID, guildID: String) {
        self.kind = kind
        self.itemID = itemID
        self.guildID = guildID
    }

    /// Nil for an id that is not one of Unhurried's buttons.
    package init?(customID: String) {
        let parts = customID.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.prefix, let kind = MessageAction.Kind(rawValue: String(parts[1])), Self.kinds.contains(kind),
              let itemID = ItemID(parsing: String(parts[2])), DiscordText.isSnowflake(parts[3])
        else { return nil }
        self.init(kind: kind, itemID: itemID, guildID: String(parts[3]))
    }

    /// At most 100 characters, as Discord requires: the longest kind, a 19-digit item and a 20-digit server take 64.
    package var customID: String { "\(Self.prefix):\(kind.rawValue):\(itemID.rawValue):\(guildID)" }
}
