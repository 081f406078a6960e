import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Reading Slack's button payloads and events, and rendering what the bot posts and updates.
@Suite struct SlackInteractivityTests {
    private func formBody(payload: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "payload=" + payload.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    private func press(_ action: String) -> ItemButtonPress? {
        let payload = #"{"type":"block_actions","user":{"id":"U0BOB","team_id":"T0TEAM"},"team":{"id":"T0TEAM","domain":"acme"},"channel":{"id":"C0GENERAL"},"container":{"type":"message","message_ts":"1795420800.000001"},"actions":[\#(action)]}"#
        return try? SlackInteraction(decodingFormBody: formBody(payload: payload))?.press
    }

    @Test func readsButtonsMenusAndThePicker() {
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
        #expect(press(#"{"type":"button","action_id":"done","block_id":"item_42","value":"42","action_ts":"1795420900.1"}"#)
            == ItemButtonPress(
                action: .done, itemID: ItemID(42), user: ChatUserID("U0BOB"), workspace: workspace,
                channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL"), pressRef: "1795420900.1"))
        #expect(press(#"{"type":"overflow","action_id":"snooze","block_id":"item_42","selected_option":{"value":"snooze_hour:42"}}"#)?.action == .snoozeHour)
        let picked = press(#"{"type":"datetimepicker","action_id":"snooze_until","block_id":"item_42","selected_date_time":1795500000}"#)
        #expect(picked?.itemID == ItemID(42))
        #expect(picked?.pickedInstant == Date(timeIntervalSince1970: 1_795_500_000))
    }

    @Test func repliesAndReactionsInADirectMessageNameItAsItWasPosted() {
        // In the bot's DM every message is read, with its text: an answer, or a reply to the reminder it is under.
        let direct = ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "U0BOB")
        #expect(envelope(#"{"type":"message","channel_type":"im","channel":"D0BOB","user":"U0BOB","text":"Done <https://example.com|the brief>\nnext: <@U0CAROL>","ts":"2.0"}"#)
            == .callback(eventID: "Ev1", event: .directMessage(
                channel: direct, user: ChatUserID("U0BOB"), text: "Done the brief: https://example.com\nnext: @U0CAROL", messageRef: "2.0", threadRef: nil)))
        #expect(envelope(#"{"type":"message","channel_type":"im","channel":"D0BOB","user":"U0BOB","text":"on it","ts":"2.0","thread_ts":"1.0"}"#)
            == .callback(eventID: "Ev1", event: .directMessage(channel: direct, user: ChatUserID("U0BOB"), text: "on it", messageRef: "2.0", threadRef: "1.0")))
        // The DM reminder was posted to U0BOB; Slack reports Bob's ✅ on it in the IM channel D0BOB.
        #expect(envelope(#"{"type":"reaction_added","user":"U0BOB","reaction":"white_check_mark","item":{"type":"message","channel":"D0BOB","ts":"1.0"}}"#)
            == .callback(eventID: "Ev1", event: .doneReaction(
                channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "U0BOB"), messageRef: "1.0", user: ChatUserID("U0BOB"))))
    }

    @Test func aSnoozeButtonOnACardFromBeforeTheMenuSnoozesAnHour() {
        #expect(press(#"{"type":"button","action_id":"snooze","block_id":"item_42","value":"42"}"#)?.action == .snoozeHour)
    }

    @Test func aReplyAlsoSentToTheChannelOrWithAFileIsAReply() {
        let channel = ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL")
        for subtype in ["thread_broadcast", "file_share"] {
            #expect(envelope(#"{"type":"message","subtype":"\#(subtype)","channel":"C0GENERAL","user":"U0BOB","ts":"2.0","thread_ts":"1.0"}"#)
                == .callback(eventID: "Ev1", event: .threadReply(channel: channel, parentRef: "1.0", user: ChatUserID("U0BOB"), text: "")))
        }
    }

    @Test(arguments: [
        #"{"type":"button","action_id":"done","value":"forty-two"}"#,
        #"{"type":"button","action_id":"somebody_elses_button","value":"42"}"#,
        #"{"type":"overflow","action_id":"snooze","selected_option":{"value":"nap:42"}}"#,
        #"{"type":"datetimepicker","action_id":"snooze_until","block_id":"other_block","selected_date_time":1795500000}"#,
    ])
    func ignoresWhatIsNotOneOfItsOwnElements(action: String) {
        #expect(press(action) == nil)
    }

    @Test func ignoresOtherPayloadTypesAndBrokenJSON() {
        #expect((try? SlackInteraction(decodingFormBody: formBody(payload: #"{"type":"view_submission","user":{"id":"U1"}}"#))) == nil)
        #expect((try? SlackInteraction(decodingFormBody: formBody(payload: "{not json"))) == nil)
        #expect((try? SlackInteraction(decodingFormBody: "text=hello")) == nil)
    }

    private func envelope(_ inner: String) -> SlackEventEnvelope? {
        try? SlackEventEnvelope(decoding: Data(#"{"type":"event_callback","team_id":"T0TEAM","event_id":"Ev1","event_time":1,"event":\#(inner)}"#.utf8))
    }

    @Test func readsThreadRepliesAndDoneReactions() {
        let channel = ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL")
        #expect(envelope(#"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"<@U0ALICE> on it &amp; <https://example.com/x>","ts":"2.0","thread_ts":"1.0"}"#)
            == .callback(eventID: "Ev1", event: .threadReply(
                channel: channel, parentRef: "1.0", user: ChatUserID("U0BOB"), text: "@U0ALICE on it & https://example.com/x")))
        #expect(envelope(#"{"type":"reaction_added","user":"U0BOB","reaction":"white_check_mark","item":{"type":"message","channel":"C0GENERAL","ts":"1.0"}}"#)
            == .callback(eventID: "Ev1", event: .doneReaction(channel: channel, messageRef: "1.0", user: ChatUserID("U0BOB"))))
    }

    @Test func readsAMentionOfTheBotAsACommandInItsThread() {
        let channel = ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL")
        let body = #"{"type":"event_callback","team_id":"T0TEAM","event_id":"Ev2","event_time":1,"authorizations":[{"user_id":"U0BOT","is_bot":true}],"event":{"type":"app_mention","user":"U0ALICE","channel":"C0GENERAL","text":"<@U0BOT> ask <@U0BOB> review this by friday","ts":"3.0","thread_ts":"1.0"}}"#
        let expected = ChatEvent.mention(
            channel: channel, user: ChatUserID("U0ALICE"),
            tokens: [.word("ask"), .mention(ChatUserID("U0BOB")), .word("review"), .word("this"), .word("by"), .word("friday")],
            messageRef: "3.0", threadRef: "1.0")
        #expect((try? SlackEventEnvelope(decoding: Data(body.utf8))) == .callback(eventID: "Ev2", event: expected))
        // Slack sends the same message as a `message` too: a command to run, not an answer to keep with the card.
        let asMessage = body.replacingOccurrences(of: #""type":"app_mention""#, with: #""type":"message""#)
        #expect((try? SlackEventEnvelope(decoding: Data(asMessage.utf8))) == .callback(eventID: "Ev2", event: nil))
        // Without authorizations, the leading mention is taken to be the bot's.
        #expect(envelope(#"{"type":"app_mention","user":"U0ALICE","channel":"C0GENERAL","text":"<@U0BOT> inbox","ts":"3.0"}"#)
            == .callback(eventID: "Ev1", event: .mention(
                channel: channel, user: ChatUserID("U0ALICE"), tokens: [.word("inbox")], messageRef: "3.0", threadRef: nil)))
    }

    @Test(arguments: [
        #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"top level","ts":"2.0"}"#,
        #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"parent","ts":"1.0","thread_ts":"1.0"}"#,
        #"{"type":"message","subtype":"bot_message","channel":"C0GENERAL","bot_id":"B1","text":"Reminder","ts":"2.0","thread_ts":"1.0"}"#,
        #"{"type":"message","channel":"C0GENERAL","user":"U0BOT","bot_id":"B1","text":"Reminder","ts":"2.0","thread_ts":"1.0"}"#,
        #"{"type":"message","subtype":"message_changed","channel":"C0GENERAL","ts":"2.0","thread_ts":"1.0"}"#,
        #"{"type":"reaction_added","user":"U0BOB","reaction":"thumbsup","item":{"type":"message","channel":"C0GENERAL","ts":"1.0"}}"#,
        #"{"type":"reaction_added","user":"U0BOB","reaction":"white_check_mark","item":{"type":"file","file":"F1"}}"#,
        #"{"type":"app_home_opened","user":"U0BOB"}"#,
    ])
    func passesOverEventsThatDoNotBearOnAnItem(inner: String) {
        #expect(envelope(inner) == .callback(eventID: "Ev1", event: nil))
    }

    @Test func rendersThreadRepliesUpdatesAndTheSnoozeMenu() {
        let message = ChatMessage(fallbackText: "Reminder", blocks: [.actions([
            MessageAction(kind: .acknowledge, itemID: ItemID(7), label: "Acknowledge"),
            MessageAction(kind: .snoozeHour, itemID: ItemID(7), label: "Snooze 1 working hour"),
            MessageAction(kind: .snoozeUntil, itemID: ItemID(7), label: "Snooze until…"),
        ])])
        let reply = String(decoding: SlackMessageRenderer.postMessage(
            message, channel: "C1", threadTS: "1.0", idempotencyKey: "item:7:U1:reminder-1:thread").encoded(), as: UTF8.self)
        #expect(reply.contains(#""thread_ts":"1.0""#))
        #expect(reply.contains(#""block_id":"item_7""#))
        #expect(reply.contains(#""type":"overflow","action_id":"snooze","options":[{"text":{"type":"plain_text","text":"Snooze 1 working hour"},"value":"snooze_hour:7"}]"#))
        #expect(reply.contains(#"{"type":"datetimepicker","action_id":"snooze_until"}"#))
        let update = String(decoding: SlackMessageRenderer.update(message, channel: "C1", ts: "1.0").encoded(), as: UTF8.self)
        #expect(update.hasPrefix(#"{"channel":"C1","ts":"1.0","text":"Reminder","blocks":["#))
    }
}
