import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore
import Yams

/// `manifests/slack-app.yaml` asks for exactly what the code uses: its commands, scopes, events and URLs.
@Suite struct SlackManifestTests {
    private func manifest() throws -> [String: Any] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("manifests/slack-app.yaml")
        return try #require(try Yams.load(yaml: String(contentsOf: path, encoding: .utf8)) as? [String: Any])
    }

    private func value(_ object: [String: Any], _ path: String...) -> Any? {
        path.reduce(object as Any?) { ($0 as? [String: Any])?[$1] }
    }

    @Test func registersEveryVerbAndNothingElse() throws {
        let commands = try #require(value(try manifest(), "features", "slash_commands") as? [[String: Any]])
        let names = commands.compactMap { $0["command"] as? String }
        let verbs = Set(Verb.allCases.map(\.rawValue))
        #expect(names.first == SlackPlatform.catchAllCommand)
        #expect(Set(names.dropFirst().map { String($0.dropFirst()) }) == verbs.subtracting(SlackPlatform.verbsOnlyThroughCatchAll))
        #expect(names.count == Set(names).count)
        #expect(commands.first?["description"] as? String == "Any Unhurried verb — \(Verb.names)")
        // Each verb's command says what `help` says of it.
        for command in commands.dropFirst() {
            let verb = try #require(Verb(rawValue: String((command["command"] as? String ?? "").dropFirst())))
            let summary = verb.forms[0].summary
            #expect(command["description"] as? String == summary.prefix(1).uppercased() + summary.dropFirst())
            let hint = verb.forms.map(\.arguments).filter { !$0.isEmpty }.joined(separator: " | ")
            #expect(command["usage_hint"] as? String == (hint.isEmpty ? nil : hint), "\(verb)")
        }
        for command in commands {
            #expect((command["url"] as? String)?.hasSuffix("/slack/commands") == true)
            // Mentions must arrive as <@U…> for the grammar to read them.
            #expect(command["should_escape"] as? Bool == true)
        }
    }

    @Test func declaresTheMessageShortcutTheInteractionsRouteAnswers() throws {
        let shortcuts = try #require(value(try manifest(), "features", "shortcuts") as? [[String: Any]])
        #expect(shortcuts.map { $0["callback_id"] as? String } == [SlackPlatform.trackShortcutCallbackID])
        #expect(shortcuts.allSatisfy { $0["type"] as? String == "message" && ($0["name"] as? String ?? "").count <= 24 })
    }

    @Test func asksForTheScopesTheCodeUsesAndNoOthers() throws {
        let scopes = try #require(value(try manifest(), "oauth_config", "scopes", "bot") as? [String])
        let used = SlackMethod.allCases.reduce(into: Set([SlackPlatform.commandsScope])) { $0.formUnion($1.scopes) }
            .union(SlackEventSubscription.allCases.flatMap(\.scopes))
        #expect(Set(scopes) == used)
        #expect(scopes.count == Set(scopes).count)
    }

    /// One event of each subscribed kind, as Slack sends it: the decoder must turn every one into something.
    @Test(arguments: SlackEventSubscription.allCases)
    func decodesAnEventOfEverySubscription(_ subscription: SlackEventSubscription) {
        let event = switch subscription {
        case .appMention: #"{"type":"app_mention","user":"U0ALICE","channel":"C0GENERAL","text":"<@U0BOT> inbox","ts":"2.0"}"#
        case .messageChannels: #"{"type":"message","channel_type":"channel","channel":"C0GENERAL","user":"U0BOB","ts":"2.0","thread_ts":"1.0"}"#
        case .messageGroups: #"{"type":"message","channel_type":"group","channel":"G0PRIVATE","user":"U0BOB","ts":"2.0","thread_ts":"1.0"}"#
        case .messageIM: #"{"type":"message","channel_type":"im","channel":"D0BOB","user":"U0BOB","ts":"2.0","thread_ts":"1.0"}"#
        case .reactionAdded: #"{"type":"reaction_added","user":"U0BOB","reaction":"white_check_mark","item":{"type":"message","channel":"C0GENERAL","ts":"1.0"}}"#
        case .memberJoinedChannel: #"{"type":"member_joined_channel","user":"U0BOB","channel":"C0GENERAL","channel_type":"C","team":"T1"}"#
        case .userChange, .teamJoin:
            #"{"type":"\#(subscription.rawValue)","user":{"id":"U0BOB","team_id":"T1","name":"bob","deleted":false,"tz":"Europe/London","tz_label":"Greenwich Mean Time","tz_offset":0},"event_ts":"2.0"}"#
        }
        let envelope = try? SlackEventEnvelope(decoding: Data(#"{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":\#(event)}"#.utf8))
        switch envelope {
        case .callback(_, let decoded)?: #expect(decoded != nil)
        case .profileChanged(_, let profile)?: #expect(profile == ProfileZone(user: ChatUserID("U0BOB"), zone: "Europe/London"))
        default: Issue.record("not read as an event callback")
        }
    }

    @Test func subscribesToTheEventsTheCodeHandlesAtItsRoutes() throws {
        let document = try manifest()
        let events = try #require(value(document, "settings", "event_subscriptions", "bot_events") as? [String])
        #expect(Set(events) == Set(SlackEventSubscription.allCases.map(\.rawValue)))
        #expect((value(document, "settings", "event_subscriptions", "request_url") as? String)?.hasSuffix("/slack/events") == true)
        #expect(value(document, "settings", "interactivity", "is_enabled") as? Bool == true)
        #expect((value(document, "settings", "interactivity", "request_url") as? String)?.hasSuffix("/slack/interactions") == true)
    }
}
