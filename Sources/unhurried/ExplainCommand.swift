import ArgumentParser
import ChatPlatforms
import Foundation
import UnhurriedCore

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what an ask created at an instant, for someone in a time zone, gets under a policy.",
        discussion: """
            Use it to see what a policy change means before shipping it:
              unhurried explain --config config/unhurried.example.yaml --at 2026-11-20T15:30:00Z --tz Europe/Berlin
            The follow-ups are when the bot actually speaks: the overdue notice at the deadline, and each one moved
            into the assignee's working hours (calendar-counted tiers excepted).
            With --json, one object on stdout; instants are UTC with a Z suffix:
              {"tier": "standard", "due": "…Z", "reminders": ["…Z"], "escalation": "…Z" or null,
               "follow_ups": [{"name": "reminder-1", "at": "…Z"}, {"name": "overdue", "at": "…Z"}, …]}
            """)

    @Option(help: "Policy file (YAML); without one the built-in policy applies.") var config: String?
    @Option(help: "When the ask is created (ISO 8601, e.g. 2026-11-20T15:30:00Z); default now.") var at: String?
    @Option(help: "The assignee's IANA time zone; default the policy's.") var tz: String?
    @Option(help: "Tier to use; default the channel's or the team's default.") var tier: String?
    @Option(help: "Channel id, for its tiers, default tier, holiday calendar and escalation target.") var channel: String?
    @Option(help: "User id, for their holiday calendar in the policy file.") var user: String?
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let policy = try loadPolicy(config)
        let createdAt: Date
        if let at {
            guard let date = try? Date(at, strategy: .iso8601) else {
                throw ValidationError("--at '\(at)' is not an ISO 8601 instant such as 2026-11-20T15:30:00Z")
            }
            createdAt = date
        } else {
            createdAt = Date()
        }
        var hours = policy.workingHours(for: ChatUserID(user ?? ""), inChannel: channel ?? "")
        if let tz {
            guard let zone = TimeZone(identifier: tz) else { throw ValidationError("--tz '\(tz)' is not an IANA time zone") }
            hours.timeZone = zone
        }
        let chosen: ResponseTier
        if let tier {
            guard let named = policy.tier(named: tier, inChannel: channel ?? "") else {
                let names = policy.tiers(inChannel: channel ?? "").map(\.name).joined(separator: ", ")
                throw ValidationError("no tier '\(tier)'; tiers are \(names)")
            }
            chosen = named
        } else {
            chosen = policy.defaultTier(forChannel: channel ?? "")
        }
        let plan = policy.plan(for: chosen, createdAt: createdAt, workingHours: hours)
        let target = policy.escalationTarget(for: chosen, inChannel: channel ?? "")
        let ask = Item(id: ItemID(1), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "explain", workspaceID: "", channelID: channel ?? ""), author: ChatUserID(""),
            request: "", links: [], tierName: chosen.name, createdAt: createdAt,
            assignments: [Assignment(assignee: ChatUserID(user ?? ""), dueAt: plan.due)]))
        let followUps = FollowUpPlanner(policy: policy).schedule(for: ask, assignment: ask.assignments[0], hours: hours, ownNudges: nil)
        print(json ? Self.json(plan, followUps: followUps)
                   : Self.text(plan, tier: chosen, createdAt: createdAt, hours: hours, escalationTarget: target, followUps: followUps))
    }

    private static func utc(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)
            .timeZone(separator: .omitted))
    }

    static func json(_ plan: ResponsePlan, followUps: [FollowUp]) -> String {
        let reminders = plan.reminders.map { "\"\(utc($0))\"" }.joined(separator: ", ")
        let escalation = plan.escalation.map { "\"\(utc($0))\"" } ?? "null"
        let sent = followUps.map { #"{"name": "\#($0.name)", "at": "\#(utc($0.at))"}"# }.joined(separator: ", ")
        return #"{"tier": "\#(plan.tierName)", "due": "\#(utc(plan.due))", "reminders": [\#(reminders)], "escalation": \#(escalation), "follow_ups": [\#(sent)]}"#
    }

    static func text(
        _ plan: ResponsePlan, tier: ResponseTier, createdAt: Date, hours: WorkingHours, escalationTarget: String?, followUps: [FollowUp]
    ) -> String {
        let local = PlainTextRenderer(timeZone: hours.timeZone)
        func both(_ date: Date) -> String { "\(utc(date))  \(local.format(date)), \(hours.timeZone.configuredName)" }
        var lines = [
            "Tier \(tier.name): respond within \(tier.respondWithin), counted in \(tier.counting == .working ? "working time (\(hours.summary))" : "calendar time")",
            "  created     \(both(createdAt))",
            "  due         \(both(plan.due))",
        ]
        lines += plan.reminders.isEmpty ? ["  reminders   none"] : plan.reminders.map { "  reminder    \(both($0))" }
        if let escalation = plan.escalation {
            lines.append("  escalation  \(both(escalation)) to \(escalationTarget ?? "the ask's channel")")
        } else {
            lines.append("  escalation  none")
        }
        lines.append("Follow-ups go out (in their working hours; nothing after an acknowledgement or Done):")
        lines += followUps.map { "  \($0.name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(both($0.at))" }
        return lines.joined(separator: "\n")
    }
}
