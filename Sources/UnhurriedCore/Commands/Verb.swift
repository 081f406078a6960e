/// Every verb a command starts with, and how people are told about it. The grammar reads these, `help` and the
/// answers to a mistyped command list them, and tests check the Slack manifest's commands and Mattermost's
/// autocomplete against them. Adding a verb is a case here, its grammar, its handling and its tests.
public enum Verb: String, CaseIterable, Sendable {
    case ask, inbox, sent, show, ack, clarify, snooze, done, cancel, hours, away, overlap, policy, stats, decision, decisions, search, preread, update, help

    /// A form of a verb: what follows it, and one line of help.
    public struct Form: Sendable, Equatable {
        public var arguments: String
        public var summary: String
    }

    /// What the verb takes, most used form first; `help` shows each.
    public var forms: [Form] {
        switch self {
        case .ask: [Form(
            arguments: "@who… <what, a link, the specific question> [by friday 3pm | in 2 working days] [!urgent|!standard|!low]",
            summary: "ask someone for something, with context and a response time")]
        case .inbox: [Form(arguments: "[page]", summary: "what waits on you, earliest deadline first")]
        case .sent: [Form(arguments: "[page]", summary: "what you wait on")]
        case .show: [Form(arguments: "<id>", summary: "an item in full, with its history, shown only to you")]
        case .ack: [Form(arguments: "<id>", summary: "you have seen an ask; its reminders stop")]
        case .clarify: [Form(
            arguments: "<id> [what you need to know]",
            summary: "ask the asker for more before you answer, in the ask's thread")]
        case .snooze: [Form(arguments: "<id> [2h | tomorrow | until fri 10am]", summary: "hold an ask's reminders until later")]
        case .done: [Form(arguments: "<id>", summary: "finish your part of an ask, or close your own")]
        case .cancel: [Form(arguments: "<id>", summary: "withdraw an ask you made")]
        case .hours: [
            Form(arguments: "[mon-thu] [08:00-12:00,13:00-17:00] [fri 08:00-12:00] [Europe/Berlin]",
                 summary: "show or set your working days, hours and time zone"),
            Form(arguments: "focus 09:00-11:00 [mon-fri]", summary: "keep reminders and calls out of your focus time (focus off: none)"),
            Form(arguments: "reset", summary: "follow the team's hours again"),
            Form(arguments: "nudges daily | nudges each", summary: "one message a day listing what waits on you, or a reminder per ask"),
        ]
        case .away: [
            Form(arguments: "dec 20..jan 4 | friday | 2026-12-24", summary: "record time away; your open and new deadlines skip it"),
            Form(arguments: "clear", summary: "clear your time away"),
        ]
        case .overlap: [Form(arguments: "@who…", summary: "the working hours you and they share in the next 7 days, in your zone")]
        case .policy: [Form(arguments: "", summary: "this channel's tiers: what each is for and how long it gives")]
        case .stats: [Form(arguments: "[7d | 30d]", summary: "how asks in this channel were answered")]
        case .decision: [
            Form(arguments: "<what was decided, links, #tags>", summary: "record a decision in the team's log"),
            Form(arguments: "supersede <id> <text>", summary: "record a decision that replaces an earlier one"),
        ]
        case .decisions: [Form(arguments: "[words]", summary: "search the decisions of every channel you can read")]
        case .search: [Form(arguments: "<words>", summary: "find asks and pre-reads by their words or the replies under them, in every channel you can read")]
        case .preread: [
            Form(arguments: "<title> at <when> [post 1d before] [for @who…] <agenda and links>",
                 summary: "schedule a meeting pre-read, posted ahead, with who read it summed up at the meeting"),
            Form(arguments: "list", summary: "this channel's upcoming pre-reads"),
            Form(arguments: "cancel <id>", summary: "withdraw a pre-read you scheduled"),
        ]
        case .update: [Form(
            arguments: "<what you got done, what is next, anything in your way>",
            summary: "your answer to today's async update (or reply to its prompt in your DM)")]
        case .help: [Form(arguments: "", summary: "this list")]
        }
    }

    /// `ask @who… <what…>`: the verb and its first form, as a person types it.
    public var usage: String {
        let arguments = forms[0].arguments
        return arguments.isEmpty ? rawValue : "\(rawValue) \(arguments)"
    }

    /// Every verb's name, for the answer to an empty or unknown one.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
