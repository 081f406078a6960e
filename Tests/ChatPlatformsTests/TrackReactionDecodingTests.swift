import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Each platform names a reaction its own way; every adapter reports the same `ReactionName`, so one policy entry
/// (`track_reaction:`) works on all of them, and ✅ still means done.
@Suite struct TrackReactionDecodingTests {
    private let hourglass = ReactionName.defaultTrack

    private func slack(_ reaction: String) throws -> ChatEvent? {
        let event = #"{"type":"reaction_added","user":"U0BOB","reaction":"\#(reaction)","item":{"type":"message","channel":"C0GENERAL","ts":"1.0"}}"#
        guard case .callback(_, let decoded) = try SlackEventEnvelope(
            decoding: Data(#"{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":\#(event)}"#.utf8)) else { return nil }
        return decoded
    }

    @Test func slackReportsAKnownReactionByNameAndDoneAsBefore() throws {
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C0GENERAL")
        #expect(try slack("hourglass_flowing_sand") == .reaction(channel: channel, messageRef: "1.0", user: ChatUserID("U0BOB"), reaction: hourglass))
        #expect(try slack("white_check_mark") == .doneReaction(channel: channel, messageRef: "1.0", user: ChatUserID("U0BOB")))
        #expect(try slack("party_parrot") == nil)
    }

    @Test func matrixReadsTheCharacterWithOrWithoutItsVariationSelector() throws {
        func reaction(_ key: String) throws -> [MatrixTransaction.Entry] {
            let event: [String: Any] = [
                "type": "m.reaction", "event_id": "$r", "sender": "@bob:example.org", "room_id": "!team:example.org",
                "content": ["m.relates_to": ["rel_type": "m.annotation", "event_id": "$message", "key": key]],
            ]
            let json = try JSONSerialization.data(withJSONObject: ["events": [event]])
            return try MatrixTransaction(
                decoding: json, bot: ChatUserID("@unhurried:example.org"), workspaceID: "example.org", commandPrefix: "!", allowedServers: ["*"]
            ).entries
        }
        let expected = MatrixTransaction.Entry.event(eventID: "$r", .reaction(
            channel: ChatChannel(platform: "matrix", workspaceID: "example.org", channelID: "!team:example.org"), messageRef: "$message",
            user: ChatUserID("@bob:example.org"), reaction: hourglass))
        #expect(try reaction("⏳") == [expected])
        #expect(try reaction("⏳\u{FE0F}") == [expected])
        #expect(try reaction("🦜").isEmpty)
        #expect(ReactionName(character: "👀\u{FE0F}")?.name == "eyes")
    }

    @Test func mattermostReportsAKnownEmojiByNameOnceEachPerPersonAndPost() throws {
        func event(_ emoji: String) throws -> MattermostEvent? {
            let reaction = #"{\"user_id\":\"u1\",\"post_id\":\"p1\",\"emoji_name\":\"\#(emoji)\",\"create_at\":1}"#
            let json = #"{"event":"reaction_added","data":{"reaction":"\#(reaction)"},"broadcast":{"channel_id":"c1"},"seq":4}"#
            return MattermostEvent(try PayloadDecoder.decode(MattermostSocketMessage.self, from: Data(json.utf8)), botUserID: "bot")
        }
        let tracked = try #require(try event("hourglass_flowing_sand"))
        #expect(tracked == .reaction(channelID: "c1", postID: "p1", userID: "u1", reaction: hourglass))
        #expect(tracked.eventID != (try event("white_check_mark"))?.eventID)
        #expect(try event("party_parrot") == nil)
    }
}
