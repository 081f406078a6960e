import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The modal the "Track as ask" message shortcut opens: whom the message asks, its tier, an optional deadline and
/// its words, prefilled from the message, to correct before it becomes an ask. Its inputs' block ids are the
/// form's field names, so a refusal lands under the field it is about. Limits kept, from Slack's reference on
/// modals and Block Kit elements: a title or button 24 characters, an option's text 75, a text input 3,000,
/// private metadata 3,000.
enum SlackTrackingModal {
    /// The shortcut's callback id in the app manifest, and the modal's.
    static let callbackID = SlackPlatform.trackShortcutCallbackID
    static let requestCharacters = 3_000

    /// Where the tracked message is: a submission names only the view, so the view carries it.
    struct Metadata: Codable {
        var channel: String
        var ts: String
        var threadTS: String

        private enum CodingKeys: String, CodingKey {
            case channel, ts, threadTS = "thread_ts"
        }
    }

    static func view(for shortcut: SlackMessageShortcut, choices: TrackingForm.Choices, bot: ChatUserID?) -> JSONValue {
        let tracked = shortcut.tracked
        let origin = tracked.origin(shortcut.message.ts)
        let metadata = Metadata(channel: shortcut.channel.id, ts: origin.messageRef, threadTS: origin.threadRef)
        let encoded = (try? JSONEncoder().encode(metadata)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let people = (bot.map(tracked.withoutMentioning) ?? tracked).mentionedPeople
        var assignees: [(String, JSONValue)] = [("type", "multi_users_select"), ("action_id", .string(TrackingForm.Field.assignees.rawValue)),
                                               ("placeholder", plain("Who should answer"))]
        if !people.isEmpty { assignees.append(("initial_users", .array(people.map { .string($0.rawValue) }))) }
        var request = String(SlackText.readable(shortcut.message.text ?? ""))
        while request.utf16.count > requestCharacters { request.removeLast() }
        let blocks: [JSONValue] = [
            input(.assignees, label: "Ask", element: .object(assignees)),
            input(.tier, label: "Tier", element: tierMenu(choices)),
            input(.deadline, label: "Deadline", optional: true, hint: "Leave empty for the tier's response time.", element: [
                "type": "plain_text_input", "action_id": .string(TrackingForm.Field.deadline.rawValue), "placeholder": plain("by friday 3pm"),
            ]),
            input(.request, label: "What you are asking for", element: [
                "type": "plain_text_input", "action_id": .string(TrackingForm.Field.request.rawValue), "multiline": true,
                "max_length": .number(Double(requestCharacters)), "initial_value": .string(request),
            ]),
        ]
        return [
            "type": "modal", "callback_id": .string(callbackID), "private_metadata": .string(encoded),
            "title": plain("Track as ask"), "submit": plain("Track"), "close": plain("Cancel"), "blocks": .array(blocks),
        ]
    }

    /// What a submitted modal asks for; nil for a view that is not this one. Fails when its metadata or inputs
    /// are not those the modal was opened with.
    static func submission(_ submitted: SlackViewSubmission) throws(UndecodablePayload) -> TrackingForm.Submission? {
        guard submitted.view.callbackID == callbackID else { return nil }
        guard let teamID = submitted.team?.id ?? submitted.user.teamID else { throw .missingField("team.id") }
        guard let text = submitted.view.privateMetadata,
              let metadata = try? JSONDecoder().decode(Metadata.self, from: Data(text.utf8)) else { throw .missingField("view.private_metadata") }
        guard let people = submitted.input(TrackingForm.Field.assignees.rawValue) else { throw .missingField("view.state.values.assignees") }
        return TrackingForm.Submission(
            message: ItemOrigin(messageRef: metadata.ts, threadRef: metadata.threadTS),
            channel: ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: metadata.channel),
            asker: ChatUserID(submitted.user.id), assignees: (people.selectedUsers ?? []).map { ChatUserID($0) },
            tierName: submitted.input(TrackingForm.Field.tier.rawValue)?.selectedOption?.value,
            deadline: submitted.input(TrackingForm.Field.deadline.rawValue)?.value,
            request: submitted.input(TrackingForm.Field.request.rawValue)?.value ?? "")
    }

    /// The answer that keeps the modal open with `reason` under `field`.
    static func refusal(_ field: TrackingForm.Field, reason: String) -> JSONValue {
        ["response_action": "errors", "errors": .object([(field.rawValue, .string(reason))])]
    }

    private static func tierMenu(_ choices: TrackingForm.Choices) -> JSONValue {
        func option(_ name: String) -> JSONValue { ["text": plain(BlockKitLimits.label(name)), "value": .string(name)] }
        return [
            "type": "static_select", "action_id": .string(TrackingForm.Field.tier.rawValue),
            "options": .array(choices.tierNames.prefix(100).map(option)), "initial_option": option(choices.defaultTierName),
        ]
    }

    private static func input(
        _ field: TrackingForm.Field, label: String, optional: Bool = false, hint: String? = nil, element: JSONValue
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", "input"), ("block_id", .string(field.rawValue)), ("label", plain(label)), ("element", element),
        ]
        if optional { members.append(("optional", true)) }
        if let hint { members.append(("hint", plain(hint))) }
        return .object(members)
    }

    private static func plain(_ text: String) -> JSONValue {
        ["type": "plain_text", "text": .string(text)]
    }
}
