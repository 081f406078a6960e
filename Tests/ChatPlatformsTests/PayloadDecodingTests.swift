import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Payloads without the shape their platform documents fail with a reason that names the field, never its value;
/// optional fields that are missing or of another type are read as absent, as before payloads were typed.
@Suite struct PayloadDecodingTests {
    private func reason<Read>(_ read: @autoclosure () throws(UndecodablePayload) -> Read) -> String? {
        do {
            _ = try read()
            return nil
        } catch {
            return error.reason
        }
    }

    private func event(_ json: String) -> String? {
        reason(try SlackEventEnvelope(decoding: Data(json.utf8)))
    }

    @Test func namesWhatIsWrongWithASlackEventRequest() {
        #expect(event("{not json") == "not_json")
        #expect(event("") == "not_json")
        #expect(event(#"["event_callback"]"#) == "not_an_object")
        #expect(event(#"{"token":"x"}"#) == "missing_field:type")
        #expect(event(#"{"type":"url_verification"}"#) == "missing_field:challenge")
        #expect(event(#"{"type":"event_callback","team_id":"T1","event":{"type":"message"}}"#) == "missing_field:event_id")
        #expect(event(#"{"type":"event_callback","event_id":"Ev1","team_id":7,"event":{}}"#) == "wrong_type:team_id")
        #expect(event(#"{"type":"event_callback","event_id":null,"team_id":"T1","event":{}}"#) == "null_field:event_id")
        #expect(event(#"{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":"message"}"#) == "wrong_type:event")
        #expect(event(#"{"type":"app_rate_limited","team_id":"T1"}"#) == nil)
    }

    @Test func readsAMistypedOptionalFieldOfASlackEventAsAbsent() throws {
        let json = #"{"type":"event_callback","event_id":"Ev1","team_id":"T1","authorizations":"bot","#
            + #""event":{"type":"message","channel":"C1","user":"U1","ts":"2.0","thread_ts":1.0}}"#
        #expect(try SlackEventEnvelope(decoding: Data(json.utf8)) == .callback(eventID: "Ev1", event: nil))
    }

    /// `team_join` and `user_change` carry a whole user object where other events name a user by id; the zone is read
    /// from it, and a zone the zone database does not know counts as none.
    @Test func readsTheZoneOfAJoinedOrChangedSlackProfile() throws {
        func envelope(_ type: String, tz: String) throws -> SlackEventEnvelope {
            let user = #"{"id":"U0NEW","team_id":"T1","name":"new","deleted":false,"real_name":"New","tz":"\#(tz)","tz_label":"x","tz_offset":0,"profile":{"display_name":""},"is_bot":false}"#
            return try SlackEventEnvelope(decoding: Data(
                #"{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"\#(type)","user":\#(user),"event_ts":"1.0"}}"#.utf8))
        }
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
        #expect(try envelope("team_join", tz: "America/Sao_Paulo")
            == .profileChanged(workspace: workspace, profile: ProfileZone(user: ChatUserID("U0NEW"), zone: "America/Sao_Paulo")))
        #expect(try envelope("user_change", tz: "Mars/Olympus")
            == .profileChanged(workspace: workspace, profile: ProfileZone(user: ChatUserID("U0NEW"), zone: nil)))
        #expect(event(#"{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"user_change","user":"U0NEW"}}"#) != nil)
    }

    /// A deactivation arrives as a `user_change`, and bots change profiles too: neither is anyone's zone to keep.
    @Test func passesOverADeactivatedOrBotSlackProfile() throws {
        func envelope(deleted: Bool, bot: Bool) throws -> SlackEventEnvelope {
            let user = #"{"id":"U0OLD","team_id":"T1","name":"old","deleted":\#(deleted),"tz":"Asia/Tokyo","is_bot":\#(bot)}"#
            return try SlackEventEnvelope(decoding: Data(
                #"{"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"user_change","user":\#(user),"event_ts":"1.0"}}"#.utf8))
        }
        #expect(try envelope(deleted: true, bot: false) == .other(type: "user_change"))
        #expect(try envelope(deleted: false, bot: true) == .other(type: "user_change"))
        #expect(try envelope(deleted: false, bot: false)
            == .profileChanged(workspace: WorkspaceRef(platform: "slack", workspaceID: "T1"), profile: ProfileZone(user: ChatUserID("U0OLD"), zone: "Asia/Tokyo")))
    }

    @Test func readsAChangedMattermostProfile() throws {
        let json = #"{"event":"user_updated","data":{"user":{"id":"u1","username":"bob","delete_at":0,"timezone":{"useAutomaticTimezone":"true","automaticTimezone":"Asia/Tokyo","manualTimezone":""}}},"broadcast":{"omit_users":null,"user_id":"","channel_id":"","team_id":""},"seq":7}"#
        let message = try PayloadDecoder.decode(MattermostSocketMessage.self, from: Data(json.utf8))
        guard case .userUpdated(let user) = message.data else {
            Issue.record("not read as a changed profile")
            return
        }
        #expect(user.profileZone == ProfileZone(user: ChatUserID("u1"), zone: "Asia/Tokyo"))
    }

    @Test func passesOverADeactivatedOrBotMattermostProfile() throws {
        func user(deleteAt: Int, bot: Bool) throws -> MattermostUser {
            let json = #"{"id":"u1","username":"bob","delete_at":\#(deleteAt),"is_bot":\#(bot),"timezone":{"useAutomaticTimezone":"false","automaticTimezone":"","manualTimezone":"Asia/Tokyo"}}"#
            return try PayloadDecoder.decode(MattermostUser.self, from: Data(json.utf8))
        }
        #expect(try user(deleteAt: 1_795_420_800_000, bot: false).profileZone == nil)
        #expect(try user(deleteAt: 0, bot: true).profileZone == nil)
        #expect(try user(deleteAt: 0, bot: false).profileZone == ProfileZone(user: ChatUserID("u1"), zone: "Asia/Tokyo"))
    }

    private func interaction(_ payload: String) -> String? {
        reason(try SlackInteraction(decodingFormBody: FormBody.encoded([("payload", payload)])))
    }

    @Test func namesWhatIsWrongWithASlackInteraction() {
        #expect(reason(try SlackInteraction(decodingFormBody: "text=hello")) == "missing_field:payload")
        #expect(interaction("{not json") == "not_json")
        #expect(interaction(#"{"user":{"id":"U1"}}"#) == "missing_field:type")
        #expect(interaction(#"{"type":"block_actions","team":{"id":"T1"},"actions":[]}"#) == "missing_field:user")
        #expect(interaction(#"{"type":"block_actions","user":{"id":5},"team":{"id":"T1"},"actions":[]}"#) == "wrong_type:user.id")
        #expect(interaction(#"{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"done","value":"1"}]}"#) == "missing_field:team.id")
        #expect(interaction(#"{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"actions":[{"value":"1"}]}"#)
            == "missing_field:actions[].action_id")
        #expect(interaction(#"{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"actions":[]}"#) == "missing_field:actions[]")
        // Shortcuts and modal submissions are read too, so one without its parts is named.
        #expect(interaction(#"{"type":"view_submission","user":{"id":"U1"}}"#) == "missing_field:view")
        #expect(interaction(#"{"type":"message_action","callback_id":"track_as_ask","user":{"id":"U1"}}"#) == "missing_field:trigger_id")
        // Other kinds of interaction, and other apps' elements, are not Unhurried's: nothing is wrong with them.
        #expect(interaction(#"{"type":"shortcut","callback_id":"other","user":{"id":"U1"}}"#) == nil)
        #expect(interaction(#"{"type":"block_actions","user":{"id":"U1","team_id":"T1"},"actions":[{"action_id":"vote","value":"1"}]}"#) == nil)
    }

    @Test func namesTheFirstMissingFieldOfASlashCommand() {
        #expect(reason(try SlackSlashCommand(decodingFormBody: "command=%2Fask&text=hi")) == "missing_field:team_id")
        let emptyChannel = "command=%2Fasync&team_id=t&channel_id=&user_id=u"
        #expect(reason(try MattermostSlashCommand(decodingFormBody: emptyChannel)) == "missing_field:channel_id")
    }

    private let signer = MattermostActionSigner(secret: "test-secret")

    private func action(_ json: String) throws(UndecodablePayload) -> MattermostAction.Reading {
        try MattermostAction.reading(json: Data(json.utf8), signer: signer)
    }

    @Test func namesWhatIsWrongWithAMattermostAction() throws {
        #expect(reason(try action("{")) == "not_json")
        #expect(reason(try action(#"{"user_id":"u1"}"#)) == "missing_field:context")
        #expect(reason(try action(#"{"user_id":"u1","context":"done"}"#)) == "wrong_type:context")
        let signature = signer.signature(action: "done", itemID: ItemID(3), teamID: "team1")
        let signed = #""context":{"action":"done","item":"3","team":"team1","signature":"\#(signature)"}"#
        #expect(reason(try action("{\(signed)}")) == "missing_field:user_id")
        // The signature is checked first: a forged click is refused whatever else it lacks.
        let forged = #"{"context":{"action":"done","item":"3","team":"team1","signature":"00"}}"#
        #expect(try action(forged) == .unverified)
        #expect(try action(#"{"user_id":"u1","context":{"something":"else"}}"#) == .notAnAction)
    }

    private func socketMessage(_ json: String) -> String? {
        reason(try PayloadDecoder.decode(MattermostSocketMessage.self, from: Data(json.utf8)))
    }

    @Test func namesWhatIsWrongWithAMattermostEventInsideItsEmbeddedJSON() {
        #expect(socketMessage("not json") == "not_json")
        #expect(socketMessage(#"{"event":"posted","data":{}}"#) == "missing_field:data.post")
        #expect(socketMessage(#"{"event":"posted","data":{"post":"{\"id\":\"p1\",\"channel_id\":\"c1\"}"}}"#) == "missing_field:data.post.user_id")
        #expect(socketMessage(#"{"event":"posted","data":{"post":"{not json"}}"#) == "invalid_value:data.post")
        #expect(socketMessage(#"{"event":"reaction_added","data":{"reaction":{"user_id":"u1","post_id":"p1"}}}"#)
            == "missing_field:data.reaction.emoji_name")
        // Answers to the client's requests, and events Unhurried does not read, carry no post.
        #expect(socketMessage(#"{"status":"OK","seq_reply":1}"#) == nil)
        #expect(socketMessage(#"{"event":"typing","data":{"parent_id":""},"broadcast":{}}"#) == nil)
    }

    @Test func readsAMattermostReplyWhetherItsPostIsTextOrAnObject() {
        let post = #"{"id":"p1","user_id":"u1","channel_id":"c1","root_id":"card","type":"","props":"none","message":"On it, @alice"}"#
        let asText = post.replacingOccurrences(of: "\"", with: "\\\"")
        let reply = MattermostEvent.reply(postID: "p1", channelID: "c1", rootID: "card", userID: "u1", text: "On it, @alice")
        #expect(mattermostEvent(Data(#"{"event":"posted","data":{"post":"\#(asText)"}}"#.utf8), botUserID: "bot") == reply)
        #expect(mattermostEvent(Data(#"{"event":"posted","data":{"post":\#(post)}}"#.utf8), botUserID: "bot") == reply)
        #expect(mattermostEvent(Data(#"{"event":"posted","data":{"post":\#(post)}}"#.utf8), botUserID: "u1") == nil)
    }

    @Test func readsAMattermostUsersZoneWhicheverWayItsFlagIsWritten() throws {
        func zone(automatic flag: String) throws -> String? {
            let user = #"{"username":"bob","timezone":{"useAutomaticTimezone":\#(flag),"#
                + #""automaticTimezone":"America/Chicago","manualTimezone":"Europe/Berlin"}}"#
            return try JSONDecoder().decode(MattermostUser.self, from: Data(user.utf8)).timeZone
        }
        #expect(try zone(automatic: #""true""#) == "America/Chicago")
        #expect(try zone(automatic: "true") == "America/Chicago")
        #expect(try zone(automatic: #""false""#) == "Europe/Berlin")
        #expect(try zone(automatic: "null") == "Europe/Berlin")
    }

    private func transaction(_ json: String) throws(UndecodablePayload) -> MatrixTransaction {
        try MatrixTransaction(
            decoding: Data(json.utf8), bot: ChatUserID("@unhurried:example.org"), workspaceID: "example.org", commandPrefix: "!",
            allowedServers: ["example.org"])
    }

    @Test func refusesAMatrixTransactionWithoutEvents() {
        #expect(reason(try transaction("{}")) == "missing_field:events")
        #expect(reason(try transaction(#"{"events":{}}"#)) == "wrong_type:events")
        #expect(reason(try transaction(#"{"events":[1]}"#)) == "wrong_type:events[]")
        #expect(reason(try transaction(#"{"events":[null]}"#)) == "null_field:events[]")
    }

    @Test func skipsAMatrixEventItCannotReadAndReadsTheRest() throws {
        let read = try transaction(#"""
            {"events":[
              {"type":"m.room.message","event_id":"$1","room_id":"!r","content":{"msgtype":"m.text","body":"!inbox"}},
              {"type":"m.room.message","event_id":"$2","sender":"@alice:example.org","room_id":"!r","content":"!inbox"},
              {"type":"m.room.message","event_id":"$3","sender":"@alice:example.org","room_id":"!r",
               "content":{"msgtype":"m.text","body":"!inbox","format":7,"m.relates_to":"thread"}},
              {"type":"m.room.message","event_id":"$4","sender":"@alice:example.org","room_id":"!r","content":{}},
              {"type":"m.typing","event_id":"$5","sender":"@alice:example.org","room_id":"!r"}
            ]}
            """#)
        #expect(read.unreadableEvents.map(\.reason) == ["missing_field:events[].sender", "wrong_type:events[].content"])
        let channel = ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: "!r")
        #expect(read.entries == [.event(eventID: "$3", .mention(
            channel: channel, user: ChatUserID("@alice:example.org"), tokens: [.word("inbox")], messageRef: "$3", threadRef: nil))])
    }

    @Test func readsSomeoneAddedToAMattermostChannelButNotTheBot() {
        func added(_ user: String) -> Data {
            Data(#"{"event":"user_added","data":{"team_id":"team1","user_id":"\#(user)"},"broadcast":{"channel_id":"chan1","team_id":"","user_id":""},"seq":7}"#.utf8)
        }
        let joined = mattermostEvent(added("dan1"), botUserID: "bot1")
        #expect(joined == .joined(channelID: "chan1", userID: "dan1"))
        #expect(joined?.chatEvent(teamID: "team1") == .joined(
            channel: ChatChannel(platform: MattermostPlatform.name, workspaceID: "team1", channelID: "chan1"), user: ChatUserID("dan1")))
        #expect(mattermostEvent(added("bot1"), botUserID: "bot1") == nil)
    }

    /// A WebSocket message as the listener reads it.
    private func mattermostEvent(_ json: Data, botUserID: String?) -> MattermostEvent? {
        (try? PayloadDecoder.decode(MattermostSocketMessage.self, from: json)).flatMap { MattermostEvent($0, botUserID: botUserID) }
    }
}
