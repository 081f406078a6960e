import ChatPlatformKit
import Foundation
import Synchronization
import Testing

/// The fakes refuse what their platforms refuse, in the platforms' own words, and take what sits exactly at a limit;
/// a flow test against them fails where production would and nowhere else.
@Suite(.timeLimit(.minutes(1))) struct FakePlatformLimitTests {
    // MARK: Slack

    struct OverLimitBlocks: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var blocks: @Sendable () -> [[String: Any]]
        var complaints: [String]
    }

    static let overLimitBlocks: [OverLimitBlocks] = [
        .init(testDescription: "51 blocks", blocks: { Array(repeating: ["type": "divider"], count: 51) },
              complaints: ["no more than 50 items allowed [json-pointer:/blocks]"]),
        .init(testDescription: "section text", blocks: { [["type": "section", "text": text(3001)]] },
              complaints: ["failed to match all allowed schemas [json-pointer:/blocks/0/text]",
                           "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]),
        // 1,501 emoji are 3,002 UTF-16 units: the fake counts the way that refuses soonest.
        .init(testDescription: "section text in UTF-16 units",
              blocks: { [["type": "section", "text": ["type": "mrkdwn", "text": String(repeating: "😀", count: 1501)]]] },
              complaints: ["failed to match all allowed schemas [json-pointer:/blocks/0/text]",
                           "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]),
        .init(testDescription: "11 fields", blocks: { [["type": "section", "fields": Array(repeating: text(1), count: 11)]] },
              complaints: ["no more than 10 items allowed [json-pointer:/blocks/0/fields]"]),
        .init(testDescription: "field text", blocks: { [["type": "section", "fields": [text(1), text(2001)]]] },
              complaints: ["failed to match all allowed schemas [json-pointer:/blocks/0/fields/1]",
                           "must be less than 2001 characters [json-pointer:/blocks/0/fields/1/text]"]),
        .init(testDescription: "11 context elements", blocks: { [["type": "context", "elements": Array(repeating: text(1), count: 11)]] },
              complaints: ["no more than 10 items allowed [json-pointer:/blocks/0/elements]"]),
        .init(testDescription: "context text", blocks: { [["type": "context", "elements": [text(3001)]]] },
              complaints: ["failed to match all allowed schemas [json-pointer:/blocks/0/elements/0]",
                           "must be less than 3001 characters [json-pointer:/blocks/0/elements/0/text]"]),
        .init(testDescription: "header text", blocks: { [["type": "header", "text": text(151, kind: "plain_text")]] },
              complaints: ["must be less than 151 characters [json-pointer:/blocks/0/text/text]"]),
        .init(testDescription: "block_id", blocks: { [["type": "divider", "block_id": String(repeating: "b", count: 256)]] },
              complaints: ["must be less than 256 characters [json-pointer:/blocks/0/block_id]"]),
        .init(testDescription: "26 actions", blocks: { [actions((0..<26).map { button(actionID: "a\($0)") })] },
              complaints: ["no more than 25 items allowed [json-pointer:/blocks/0/elements]"]),
        .init(testDescription: "a repeated action_id", blocks: { [actions([button(actionID: "done"), button(actionID: "done")])] },
              complaints: ["`action_id` \"done\" already exists [json-pointer:/blocks/0/elements/1/action_id]"]),
        .init(testDescription: "button text, value and action_id",
              blocks: { [actions([button(text: 76, value: 2001, actionID: String(repeating: "a", count: 256))])] },
              complaints: ["must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
                           "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
                           "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"]),
        .init(testDescription: "1 overflow option", blocks: { [actions([overflow(options: 1)])] },
              complaints: ["must provide at least 2 items [json-pointer:/blocks/0/elements/0/options]"]),
        .init(testDescription: "6 overflow options", blocks: { [actions([overflow(options: 6)])] },
              complaints: ["no more than 5 items allowed [json-pointer:/blocks/0/elements/0/options]"]),
        .init(testDescription: "overflow option text and value", blocks: { [actions([overflow(text: 76, value: 151)])] },
              complaints: ["must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]",
                           "must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]",
                           "must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/1/text/text]",
                           "must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/1/value]"]),
    ]

    @Test(arguments: ["chat.postMessage", "chat.postEphemeral", "chat.update"], overLimitBlocks)
    func slackRefusesBlocksOverALimit(method: String, example: OverLimitBlocks) async throws {
        let slack = FakeSlackAPI()
        try await slack.run { api in
            let answer = try await send(api.appendingPathComponent(method), ["channel": "C0GENERAL", "ts": "1.2", "blocks": example.blocks()])
            #expect(answer.status == 200)
            #expect(answer.json["ok"] as? Bool == false)
            #expect(answer.json["error"] as? String == "invalid_blocks")
            #expect(answer.json["errors"] as? [String] == example.complaints)
            let messages = (answer.json["response_metadata"] as? [String: Any])?["messages"] as? [String]
            #expect(messages == example.complaints.map { "[ERROR] \($0)" })
        }
        #expect(slack.posts.isEmpty && slack.ephemerals.isEmpty && slack.updates.isEmpty)
    }

    /// Each block at its own limits, in messages whose texts stay within Slack's total.
    @Test func slackTakesBlocksAtEveryLimit() async throws {
        let slack = FakeSlackAPI()
        try await slack.run { api in
            let messages: [[[String: Any]]] = [
                [["type": "section", "block_id": String(repeating: "b", count: 255), "text": text(3000)]]
                    + Array(repeating: ["type": "divider"], count: 49),
                [["type": "section", "fields": [text(2000)] + Array(repeating: text(1), count: 9)]],
                [["type": "context", "elements": [text(3000)] + Array(repeating: text(1), count: 9)]],
                [["type": "header", "text": text(150, kind: "plain_text")]],
                [actions((10..<34).map { button(text: 75, value: 2000, actionID: "\($0)" + String(repeating: "a", count: 253)) }
                    + [overflow(options: 5, text: 75, value: 150)])],
                Array(repeating: ["type": "section", "text": text(3000)], count: 4),
            ]
            for blocks in messages {
                let answer = try await send(api.appendingPathComponent("chat.postMessage"), ["channel": "C0GENERAL", "blocks": blocks])
                #expect(answer.json["ok"] as? Bool == true)
            }
        }
        #expect(slack.posts.count == 6)
    }

    /// Past the limits Slack does not document but enforces: 4,000 characters of `text`, 12,000 of text in the blocks.
    /// `users.list` pages with Slack's opaque cursor, takes a `limit` of at most 1,000, refuses a cursor it did not
    /// give, and past its rate tier answers 429 with the seconds to wait.
    @Test func slackPagesUsersWithinLimitAndTier() async throws {
        let slack = FakeSlackAPI(people: (0..<5).map { FakeSlackAPI.Person(id: "U\($0)", tz: "UTC") }, usersListPerMinute: 4)
        try await slack.run { api in
            let url = api.appendingPathComponent("users.list")
            let first = try await sendForm(url, [("limit", "2")])
            #expect((first.json["members"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["U0", "U1"])
            let cursor = try #require((first.json["response_metadata"] as? [String: Any])?["next_cursor"] as? String)
            let second = try await sendForm(url, [("limit", "2"), ("cursor", cursor)])
            #expect((second.json["members"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["U2", "U3"])
            #expect(try await sendForm(url, [("limit", "1001")]).json["error"] as? String == "invalid_limit")
            #expect(try await sendForm(url, [("limit", "2"), ("cursor", "bm9wZQ==")]).json["error"] as? String == "invalid_cursor")
            let refused = try await sendForm(url, [("limit", "2")])
            #expect(refused.status == 429)
            #expect(refused.retryAfter.flatMap(Int.init).map { (1...60).contains($0) } == true)
        }
        #expect(slack.usersListAnswers.withLock { $0 } == (served: 4, refused: 1))
    }

    @Test(arguments: ["chat.postMessage", "chat.postEphemeral", "chat.update"])
    func slackRefusesTooMuchTextInAMessage(method: String) async throws {
        let slack = FakeSlackAPI()
        try await slack.run { api in
            let url = api.appendingPathComponent(method)
            #expect(try await send(url, ["channel": "C0GENERAL", "ts": "1.2", "text": String(repeating: "a", count: 4_000)]).json["ok"] as? Bool == true)
            let long = try await send(url, ["channel": "C0GENERAL", "ts": "1.2", "text": String(repeating: "a", count: 3_999) + "😀"])
            #expect(long.json["ok"] as? Bool == false && long.json["error"] as? String == "msg_too_long")
            let blocks = Array(repeating: ["type": "section", "text": text(3000)], count: 4) + [actions([button(text: 1, actionID: "a")])]
            let total = try await send(url, ["channel": "C0GENERAL", "ts": "1.2", "blocks": blocks])
            #expect(total.json["ok"] as? Bool == false && total.json["error"] as? String == "msg_blocks_too_long")
        }
    }

    // MARK: Mattermost

    @Test(arguments: [("POST", "api/v4/posts"), ("PUT", "api/v4/posts/post0000000000000000000001/patch")])
    func mattermostRefusesAMessageOverItsLimit(method: String, path: String) async throws {
        let mattermost = FakeMattermostAPI()
        try await mattermost.run { base in
            // Runes, not bytes: 16,383 three-byte characters fit.
            let atLimit = try await send(base.appendingPathComponent(path), method: method, ["channel_id": "c", "message": String(repeating: "本", count: 16_383)])
            #expect(atLimit.status == 200)
            let over = try await send(base.appendingPathComponent(path), method: method, ["channel_id": "c", "message": String(repeating: "a", count: 16_384)])
            #expect(over.status == 400)
            #expect(over.json["id"] as? String == "model.post.is_valid.message_length.app_error")
            #expect(over.json["message"] as? String == "Post Message property is longer than the maximum permitted length.")
            #expect(over.json["detailed_error"] as? String == "")
            #expect((over.json["request_id"] as? String)?.count == 26)
            #expect(over.json["status_code"] as? Int == 400)
        }
        #expect(mattermost.posts.count + mattermost.patches.count == 1)
    }

    @Test func mattermostRefusesPropsOverTheirLimit() async throws {
        let mattermost = FakeMattermostAPI()
        try await mattermost.run { base in
            let posts = base.appendingPathComponent("api/v4/posts")
            // {"k":"…"} is eight runes around the value.
            let atLimit = try await send(posts, ["channel_id": "c", "message": "m", "props": ["k": String(repeating: "x", count: 799_992)]])
            #expect(atLimit.status == 200)
            let over = try await send(posts, ["channel_id": "c", "message": "m", "props": ["k": String(repeating: "x", count: 799_993)]])
            #expect(over.status == 400)
            #expect(over.json["id"] as? String == "model.post.is_valid.props.app_error")
            #expect(over.json["message"] as? String == "Invalid props.")
        }
        #expect(mattermost.posts.count == 1)
    }

    @Test func mattermostDoesNotMeasureAnEphemeralPost() async throws {
        let mattermost = FakeMattermostAPI()
        try await mattermost.run { base in
            let answer = try await send(base.appendingPathComponent("api/v4/posts/ephemeral"), ["user_id": "u", "post": ["channel_id": "c", "message": String(repeating: "a", count: 16_384)]])
            #expect(answer.status == 200)
        }
        #expect(mattermost.ephemerals.count == 1)
    }

    // MARK: Matrix

    @Test func matrixRefusesAnEventOverItsLimit() async throws {
        let room = "!room:example.org"
        let envelope = FakeMatrixHomeserver.pduBytes(content: ["msgtype": "m.text", "body": ""], room: room)
        let homeserver = FakeMatrixHomeserver()
        try await homeserver.run { base in
            func sendEvent(_ transaction: String, bodyBytes: Int) async throws -> (status: Int, json: [String: Any]) {
                let url = base.appendingPathComponent("_matrix/client/v3/rooms/\(room)/send/m.room.message/\(transaction)")
                return try await send(url, method: "PUT", ["msgtype": "m.text", "body": String(repeating: "a", count: bodyBytes)])
            }
            let atLimit = try await sendEvent("t1", bodyBytes: FakeMatrixHomeserver.maxPDUBytes - envelope)
            #expect(atLimit.status == 200 && atLimit.json["event_id"] != nil)
            let over = try await sendEvent("t2", bodyBytes: FakeMatrixHomeserver.maxPDUBytes - envelope + 1)
            #expect(over.status == 413)
            #expect(over.json["errcode"] as? String == "M_TOO_LARGE")
            #expect(over.json["error"] as? String == "event too large")
        }
        #expect(homeserver.events.map(\.transactionID) == ["t1"])
    }

    /// What a real event adds around its content: hundreds of bytes, which a fake measuring content alone would miss.
    @Test func matrixCountsTheEnvelopeOfAnEvent() {
        let envelope = FakeMatrixHomeserver.pduBytes(content: [:], room: "!room:example.org")
        #expect((500...700).contains(envelope))
    }
}

private func send(_ url: URL, method: String = "POST", _ body: [String: Any]) async throws -> (status: Int, json: [String: Any]) {
    let request = OutboundRequest(
        url: url, method: method, headers: ["Content-Type": "application/json"], body: try JSONSerialization.data(withJSONObject: body))
    let response = try await NIOHTTPClient(timeout: .seconds(10)).send(request)
    return (response.status, (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:])
}

private func text(_ count: Int, kind: String = "mrkdwn") -> [String: Any] {
    ["type": kind, "text": String(repeating: "t", count: count)]
}

private func actions(_ elements: [[String: Any]]) -> [String: Any] {
    ["type": "actions", "elements": elements]
}

private func button(text count: Int = 4, value: Int = 1, actionID: String) -> [String: Any] {
    ["type": "button", "text": text(count, kind: "plain_text"), "value": String(repeating: "v", count: value), "action_id": actionID]
}

private func overflow(options: Int = 2, text count: Int = 4, value: Int = 1) -> [String: Any] {
    let option: [String: Any] = ["text": text(count, kind: "plain_text"), "value": String(repeating: "v", count: value)]
    return ["type": "overflow", "action_id": "snooze", "options": Array(repeating: option, count: options)]
}

/// Sends a form body, as Slack's read methods are called.
private func sendForm(_ url: URL, _ fields: [(String, String)]) async throws -> (status: Int, json: [String: Any], retryAfter: String?) {
    let request = OutboundRequest(
        url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(FormBody.encoded(fields).utf8))
    let response = try await NIOHTTPClient(timeout: .seconds(10)).send(request)
    return (response.status, (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:], response.headers["retry-after"])
}
