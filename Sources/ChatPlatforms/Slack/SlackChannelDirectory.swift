import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Tells, with the bot token, whether a Slack channel is public (`conversations.info`) and who is in it
/// (`conversations.members`, which answers for private channels the bot is in); scopes `channels:read` and
/// `groups:read`. Asked while a slash command waits, so each call gives up well inside Slack's 3 seconds.
public struct SlackChannelDirectory: ChannelDirectory {
    private let baseURL: URL
    private let botToken: String
    private let http: any OutboundHTTPClient
    private let timeout: Duration

    /// A channel with more members than this many pages of 1,000 is taken as one the person is not in.
    static let memberPages = 5

    public init(baseURL: URL, botToken: String, http: any OutboundHTTPClient, timeout: Duration = .milliseconds(1500)) {
        self.baseURL = baseURL
        self.botToken = botToken
        self.http = http
        self.timeout = timeout
    }

    public func isPublic(_ channel: ChatChannel) async throws -> Bool {
        guard let info = try await ask(.conversationsInfo, [("channel", channel.channelID)], answer: SlackConversationInfo.self) else { return false }
        guard let conversation = info.channel else { throw ChannelLookupFailed(method: .conversationsInfo, reason: "no channel") }
        // Only an explicit public channel counts: a DM, a group DM or a private channel is read by its members alone.
        return conversation.isChannel == true && conversation.isPrivate == false && conversation.isIM != true && conversation.isMPIM != true
    }

    public func isMember(_ user: ChatUserID, of channel: ChatChannel) async throws -> Bool {
        var cursor: String?
        for _ in 0..<Self.memberPages {
            var fields = [("channel", channel.channelID), ("limit", "1000")]
            if let cursor { fields.append(("cursor", cursor)) }
            guard let page = try await ask(.conversationsMembers, fields, answer: SlackConversationMembers.self) else { return false }
            if page.members?.contains(user.rawValue) == true { return true }
            cursor = page.responseMetadata?.nextCursor
            guard let next = cursor, !next.isEmpty else { return false }
        }
        return false
    }

    /// The method's answer; nil when Slack says the bot cannot see the channel (a private channel it is not in, or one
    /// deleted): a definite answer that nobody reads it through Unhurried, rather than a failure to ask again about.
    private func ask<Answer: Decodable>(_ method: SlackMethod, _ fields: [(String, String)], answer: Answer.Type) async throws -> Answer? {
        let request = OutboundRequest(
            url: baseURL.appendingPathComponent(method.rawValue),
            headers: ["Authorization": "Bearer \(botToken)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Data(FormBody.encoded(fields).utf8))
        guard let response = await http.send(request, within: timeout) else { throw ChannelLookupFailed(method: method, reason: "no answer in time") }
        guard response.status == 200, let answer = try? JSONDecoder().decode(SlackAnswer<Answer>.self, from: response.body) else {
            throw ChannelLookupFailed(method: method, reason: "HTTP \(response.status)")
        }
        guard answer.outcome.ok == true else {
            if answer.outcome.error == "channel_not_found" { return nil }
            throw ChannelLookupFailed(method: method, reason: answer.outcome.error ?? "not ok")
        }
        return answer.content
    }
}

/// A channel lookup Slack did not answer; the channel is left out of the search.
struct ChannelLookupFailed: Error, CustomStringConvertible {
    let method: SlackMethod
    let reason: String

    var description: String { "\(method): \(reason)" }
}
