import Foundation

/// The limits Slack puts on a posted message (`chat.postMessage`, `chat.postEphemeral`, `chat.update`), written out
/// from Slack's documentation so the fake refuses what Slack refuses, and nothing it takes.
///
/// Blocks are checked against Block Kit's documented limits (docs.slack.dev/reference/block-kit: blocks/section-block,
/// context-block, header-block, actions-block; block-elements/button-element, overflow-menu-element;
/// composition-objects/text-object, option-object): 50 blocks; `block_id` and `action_id` 255; section `text` 3,000,
/// `fields` 10 of 2,000; context 10 elements, each text 3,000; header text 150; actions 25 elements; button text 75,
/// `value` 2,000, `url` 3,000; overflow 2 to 5 options, each text 75 and `value` 150. An `action_id` must also be unique
/// within its block.
///
/// Slack validates blocks with a JSON Schema and answers a breach with HTTP 200
/// `{"ok":false,"error":"invalid_blocks","errors":[…],"response_metadata":{"messages":["[ERROR] …"]}}`, each
/// complaint naming its place with a JSON pointer. The wordings ("must be less than 3001 characters", "no more than 50
/// items allowed", and "failed to match all allowed schemas" before a text object that may be `plain_text` or `mrkdwn`)
/// are Slack's as quoted in public bug reports; Slack documents none of them. Nor does it document the wording for
/// too few items, so "must provide at least N items" is this fake's own; callers read the error code, not the words.
///
/// Slack does not say whether a "character" is a code point or a UTF-16 unit, so lengths are counted in UTF-16 units:
/// never fewer than code points, so the fake is never the more lenient.
///
/// Two limits Slack does not document are kept too, from what Slack's own engineers said of real refusals: a
/// message's `text` over about 4,000 characters is refused with `msg_too_long` (the documented 40,000-character
/// truncation is "an old requirement": seratch/ChatGPT-in-Slack#102, 2024), and blocks whose texts add up to more
/// than 12,000 characters with `msg_blocks_too_long` ("12,000 text characters with a buffer for block containers":
/// slackapi/bolt-js#2509, 2025). The fake refuses at those figures; Slack may refuse a little sooner.
enum SlackMessageLimits {
    static let textLimit = 4_000
    static let blockTextLimit = 12_000

    /// Slack's answer refusing the message, or nil when Slack takes it.
    static func refusal(of message: [String: Any]) -> [String: Any]? {
        let blocks = message["blocks"] as? [Any] ?? []
        var audit = BlockAudit()
        audit.count(blocks, max: 50, at: "/blocks")
        for (index, block) in blocks.enumerated() {
            audit.block(block as? [String: Any] ?? [:], at: "/blocks/\(index)")
        }
        if !audit.complaints.isEmpty {
            return ["ok": false, "error": "invalid_blocks", "errors": audit.complaints,
                    "response_metadata": ["messages": audit.complaints.map { "[ERROR] \($0)" }]]
        }
        if textLength(of: blocks) > blockTextLimit { return ["ok": false, "error": "msg_blocks_too_long"] }
        if ((message["text"] as? String)?.utf16.count ?? 0) > textLimit { return ["ok": false, "error": "msg_too_long"] }
        return nil
    }

    /// Every `text` written in the blocks, at any depth: sections, contexts, buttons and options alike.
    private static func textLength(of value: Any) -> Int {
        switch value {
        case let object as [String: Any]:
            object.reduce(0) { total, member in
                total + (member.key == "text" ? (member.value as? String)?.utf16.count ?? textLength(of: member.value) : textLength(of: member.value))
            }
        case let array as [Any]: array.reduce(0) { $0 + textLength(of: $1) }
        default: 0
        }
    }
}

private struct BlockAudit {
    var complaints: [String] = []

    mutating func count(_ items: [Any], min: Int = 0, max: Int, at pointer: String) {
        if items.count > max { complaints.append("no more than \(max) items allowed [json-pointer:\(pointer)]") }
        if items.count < min { complaints.append("must provide at least \(min) items [json-pointer:\(pointer)]") }
    }

    mutating func length(_ value: Any?, max: Int, at pointer: String) {
        guard let value = value as? String, value.utf16.count > max else { return }
        complaints.append("must be less than \(max + 1) characters [json-pointer:\(pointer)]")
    }

    /// A text object; where Slack's schema allows both `plain_text` and `mrkdwn`, a breach inside also fails the choice.
    mutating func text(_ object: Any?, max: Int, eitherKind: Bool = false, at pointer: String) {
        let before = complaints.count
        length((object as? [String: Any])?["text"], max: max, at: pointer + "/text")
        if eitherKind, complaints.count > before {
            complaints.insert("failed to match all allowed schemas [json-pointer:\(pointer)]", at: before)
        }
    }

    mutating func block(_ block: [String: Any], at pointer: String) {
        length(block["block_id"], max: 255, at: pointer + "/block_id")
        switch block["type"] as? String {
        case "section":
            text(block["text"], max: 3000, eitherKind: true, at: pointer + "/text")
            let fields = block["fields"] as? [Any] ?? []
            count(fields, max: 10, at: pointer + "/fields")
            for index in fields.indices { text(fields[index], max: 2000, eitherKind: true, at: "\(pointer)/fields/\(index)") }
            if let accessory = block["accessory"] as? [String: Any] { element(accessory, at: pointer + "/accessory") }
        case "context":
            let elements = block["elements"] as? [Any] ?? []
            count(elements, max: 10, at: pointer + "/elements")
            for index in elements.indices { text(elements[index], max: 3000, eitherKind: true, at: "\(pointer)/elements/\(index)") }
        case "header":
            text(block["text"], max: 150, at: pointer + "/text")
        case "actions":
            let elements = block["elements"] as? [Any] ?? []
            count(elements, max: 25, at: pointer + "/elements")
            var actionIDs = Set<String>()
            for index in elements.indices {
                let element = elements[index] as? [String: Any] ?? [:]
                if let actionID = element["action_id"] as? String, !actionIDs.insert(actionID).inserted {
                    complaints.append("`action_id` \"\(actionID)\" already exists [json-pointer:\(pointer)/elements/\(index)/action_id]")
                }
                self.element(element, at: "\(pointer)/elements/\(index)")
            }
        default:
            break
        }
    }

    mutating func element(_ element: [String: Any], at pointer: String) {
        length(element["action_id"], max: 255, at: pointer + "/action_id")
        switch element["type"] as? String {
        case "button":
            text(element["text"], max: 75, at: pointer + "/text")
            length(element["value"], max: 2000, at: pointer + "/value")
            length(element["url"], max: 3000, at: pointer + "/url")
        case "overflow":
            let options = element["options"] as? [Any] ?? []
            count(options, min: 2, max: 5, at: pointer + "/options")
            for index in options.indices {
                let option = options[index] as? [String: Any] ?? [:]
                text(option["text"], max: 75, at: "\(pointer)/options/\(index)/text")
                length(option["value"], max: 150, at: "\(pointer)/options/\(index)/value")
            }
        default:
            break
        }
    }
}
