import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Renders core messages as plain text for a terminal; instants are shown in the given zone.
public struct PlainTextRenderer: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    public func render(_ message: ChatMessage) -> String {
        message.blocks.map { block in
            switch block {
            case .section(let text): render(text)
            case .context(let text): "  " + render(text)
            case .actions(let actions): actions.map { "[\($0.label)]" }.joined(separator: " ")
            }
        }.joined(separator: "\n")
    }

    public func render(_ text: RichText) -> String {
        text.spans.map { span in
            switch span {
            case .text(let value): value
            case .bold(let value): value
            case .code(let value): value
            case .command(let command): "/\(command)"
            case .permalink(let link): link.label
            case .user(let user): "@\(user)"
            case .time(let date): format(date)
            case .link(let link): Self.render(PostedLink(link, defusing: []))
            case .channel(let id): "#\(id)"
            case .lineBreak: "\n"
            }
        }.joined()
    }

    /// The label, if any, then the whole address: a terminal has no link to hide an address behind, and percent-encoded,
    /// the address holds no control character.
    private static func render(_ link: PostedLink) -> String {
        link.label.map { "\($0) <\(link.target)>" } ?? link.target
    }

    /// `Mon 23 Nov 2026 16:30 Berlin time (15:30 UTC)`: unambiguous in a terminal whatever the locale.
    public func format(_ date: Date) -> String {
        LocalTime.text(date, in: timeZone)
    }
}
