/// What Block Kit accepts in one message; Slack refuses the whole message (`invalid_blocks`) when one block breaks
/// a limit, so the renderer keeps within them. From Slack's Block Kit reference: 50 blocks a message, 3,000
/// characters a text object, 75 a button's or an option's text.
enum BlockKitLimits {
    static let blocksPerMessage = 50
    static let textCharacters = 3_000
    static let labelCharacters = 75
    /// Slack takes up to 40,000 in a message's `text`; what a notification needs is far less.
    static let fallbackCharacters = 3_000

    /// Counted in UTF-16 code units, never fewer than the characters Slack counts.
    static func fitsText(_ text: String) -> Bool {
        text.utf16.count <= textCharacters
    }

    static func label(_ label: String) -> String {
        guard label.utf16.count > labelCharacters else { return label }
        var kept = Substring(label)
        while kept.utf16.count >= labelCharacters { kept = kept.dropLast() }
        return kept + "…"
    }
}
