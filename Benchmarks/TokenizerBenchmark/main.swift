// Every tokenizer of untrusted text on 64 KiB (or KIB KiB) of ordinary and of adversarial input: the median of RUNS
// runs per case, in milliseconds. A tokenizer that rescans what it has read shows as seconds here, not milliseconds;
// doubling KIB doubles the figures of one that does not.
//   swift run -c release tokenizer-benchmark [RUNS] [KIB]
import ChatPlatformKit
import ChatPlatforms
import Foundation
import UnhurriedCore

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5
let size = (CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 64) * 1024

/// `piece` repeated between `head` and `tail`, spaces making up the rest of `size` bytes of UTF-8.
func filled(_ piece: String, after head: String = "", then tail: String = "") -> String {
    let room = size - head.utf8.count - tail.utf8.count
    let text = head + String(repeating: piece, count: room / piece.utf8.count) + tail
    return text + String(repeating: " ", count: size - text.utf8.count)
}

struct Case {
    var name: String
    var inputBytes: Int
    /// Returns how many tokens (or fields, or words) it read, so that the work cannot be optimised away.
    var run: () -> Int
}

/// One event in a transaction, read by `MatrixTransaction` as the homeserver would push it.
func matrixEvent(_ name: String, body: String = "!ask", formattedBody: String? = nil) -> Case {
    var content: [String: Any] = ["msgtype": "m.text", "body": body]
    if let formattedBody {
        content["format"] = "org.matrix.custom.html"
        content["formatted_body"] = formattedBody
    }
    let event: [String: Any] = [
        "type": "m.room.message", "event_id": "$event", "sender": "@alice:example.org", "room_id": "!room:example.org", "content": content,
    ]
    let json = try! JSONSerialization.data(withJSONObject: ["events": [event]])
    return Case(name: "Matrix event, \(name)", inputBytes: (formattedBody ?? body).utf8.count) {
        let transaction = try! MatrixTransaction(
            decoding: json, bot: ChatUserID("@unhurried:example.org"), workspaceID: "example.org", commandPrefix: "!",
            allowedServers: ["*"])
        return transaction.entries.count
    }
}

func reading(_ name: String, _ input: String, with read: @escaping (String) -> Int) -> Case {
    Case(name: name, inputBytes: input.utf8.count) { read(input) }
}

let grammar = CommandGrammar(tierNames: ["urgent", "normal"])
func grammarRead(_ name: String, _ text: String) -> Case {
    let tokens = ConsoleText.tokens(from: text)
    return Case(name: "grammar, \(name)", inputBytes: text.utf8.count) {
        (try? grammar.read(commandName: "/async", tokens: tokens)).map { _ in 1 } ?? 0
    }
}

let reader = TimeExpressionReader(
    now: Date(timeIntervalSince1970: 1_767_225_600),
    speakerHours: WorkingHours(
        days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone(identifier: "Europe/Berlin")!))
func timeExpression(_ name: String, _ text: String) -> Case {
    let words = text.split(separator: " ").map(String.init)
    return Case(name: "time expression, \(name)", inputBytes: text.utf8.count) { (try? reader.read(words)).map { _ in 1 } ?? 0 }
}

let ordinaryHTML = #"please read <a href="https://example.com/plan?a=1&amp;b=2">the <b>plan</b></a> &amp; ask "#
    + #"<a href="https://matrix.to/#/@bob:example.org">Bob</a> by <strong>friday</strong><br>"#
let cases: [Case] = [
    matrixEvent("ordinary HTML", formattedBody: filled(ordinaryHTML, after: "!ask ")),
    matrixEvent("ordinary plain body", body: filled("please review @bob:example.org, https://example.com/plan ", after: "!ask ")),
    matrixEvent("<mx-reply> repeated", formattedBody: filled("<mx-reply>")),
    matrixEvent("<a>...</a> repeated", formattedBody: filled(#"<a href="https://example.com">x <b>y</b></a> "#)),
    matrixEvent("<a> without </a>", formattedBody: filled(#"<a href="https://example.com">x <b>y</b> "#)),
    matrixEvent("<a> repeated", formattedBody: filled("<a>")),
    matrixEvent("<a> then < repeated", formattedBody: filled("<", after: "<a>")),
    matrixEvent("<a href=\" without its quote", formattedBody: filled(#"<a href="x "#, then: ">")),
    matrixEvent("&amp; repeated", formattedBody: filled("&amp;")),
    matrixEvent("&# repeated", formattedBody: filled("&#")),
    matrixEvent("nested tags", formattedBody: filled(
        " ", after: String(repeating: "<b><i>", count: size / 15) + "x" + String(repeating: "</i></b>", count: size / 15))),
    matrixEvent("< repeated", formattedBody: filled("<")),
    reading("Slack text, ordinary", filled("<@U123|bob> review <https://example.com/plan|the plan> &amp; reply ", after: "ask ")) {
        SlackText.tokens(from: $0).count
    },
    reading("Slack text, < without >", filled("word ", after: "ask <")) { SlackText.tokens(from: $0).count },
    reading("Slack text, <@U1| repeated", filled("<@U1|")) { SlackText.tokens(from: $0).count },
    reading("Slack text, &lt; repeated", filled("&lt;")) { SlackText.tokens(from: $0).count },
    reading("Mattermost text, ordinary", filled("@bob, please review the plan ", after: "ask ")) {
        MattermostText.tokens(from: $0, mentions: ["bob": ChatUserID("u-bob")]).count
    },
    reading("Mattermost text, @ repeated", filled("@ ")) { MattermostText.tokens(from: $0, mentions: [:]).count },
    reading("Mattermost text, one word of @", filled("@")) { MattermostText.tokens(from: $0, mentions: [:]).count },
    reading("Mattermost quoting, @all repeated", filled("@all ")) { MattermostText.quoting($0).utf8.count },
    reading("console text, @bob, repeated", filled("@bob, ")) { ConsoleText.tokens(from: $0).count },
    reading("form body, slash command", filled("+review+%40bob+%26+more", after: "token=t&command=%2Fask&text=")) {
        FormBody.fields(of: $0).count
    },
    reading("form body, % repeated", filled("%", after: "text=")) { FormBody.fields(of: $0).count },
    grammarRead("ask at the longest text", String(filled("@bob !t1 !t2 review ", after: "ask ").prefix(CommandGrammar.longestText))),
    grammarRead("ask, distinct !tiers", String(
        ("ask @bob review " + (1...1_000).map { "!t\($0)" }.joined(separator: " ")).prefix(CommandGrammar.longestText))),
    grammarRead("preread at the longest text", String(filled("at ", after: "preread @bob plan ").prefix(CommandGrammar.longestText))),
    grammarRead("ask too long", filled("@bob review ", after: "ask ")),
    timeExpression("thousands of words", filled("at ", after: "by friday ")),
]

var checksum = 0
print("case                                          input   median of \(runs)")
for benchmark in cases {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        checksum &+= benchmark.run()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
    }
    let median = times.sorted()[times.count / 2]
    print(benchmark.name.padding(toLength: 44, withPad: " ", startingAt: 0),
          String(format: "%6.1f KiB %10.2f ms", Double(benchmark.inputBytes) / 1024, median))
}
print("checksum \(checksum)")
