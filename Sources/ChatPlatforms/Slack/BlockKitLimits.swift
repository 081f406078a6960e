import ChatPlatformKit

/// What Slack accepts in one message; it refuses the whole message when one block breaks a limit, so the renderer
/// keeps within them. From Slack's Block Kit reference: 50 blocks a message, 3,000 characters a text object, 75 a
/// button's or an option's text. Two limits Slack enforces without documenting them are kept with room to spare:
/// `msg_blocks_too_long` for blocks whose texts add up to more than about 12,000 characters, and `msg_too_long` for
/// a `text` over about 4,000 (as Slack's engineers describe them in slackapi/bolt-js#2509 and
/// seratch/ChatGPT-in-Slack#102).
enum BlockKitLimits {
    static let blocksPerMessage = 50
    static let textCharacters = 3_000
    static let labelCharacters = 75
    static let blockTextCharacters = 10_000
    static let fallbackCharacters = 3_000

    /// Whether Slack takes these blocks as a message's: few enough, and their texts short enough together.
    static func fit(_ blocks: [JSONValue]) -> Bool {
        blocks.count <= blocksPerMessage && blocks.reduce(0) { $0 + textLength(of: $1) } <= blockTextCharacters
    }

    /// Every `text` written in a block, at any depth: sections, contexts, buttons and options alike.
    private static func textLength(of value: JSONValue) -> Int {
        switch value {
        case .object(let members):
            members.reduce(0) { total, member in
                if member.0 == "text", case .string(let text) = member.1 { return total + text.utf16.count }
                return total + textLength(of: member.1)
            }
        case .array(let values): values.reduce(0) { $0 + textLength(of: $1) }
        case .string, .number, .bool, .null: 0
        }
    }

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
