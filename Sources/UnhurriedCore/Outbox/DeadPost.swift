import Foundation

/// A post given up on for good: why, in a word a metric can carry, and who hears of it.
public enum DeadPost {
    /// A short, bounded reason for metrics: the platform's error code (`channel_not_found`, `M_FORBIDDEN`), `http_403`,
    /// `rate_limited` or `retries_exhausted` — never free text, so the label cannot grow without end.
    public static func reason(of failure: DeliveryFailure) -> String {
        switch failure {
        case .rateLimited: return "rate_limited"
        case .temporary: return "retries_exhausted"
        case .unreachable: return "unreachable"
        case .permanent(let text):
            if let range = text.range(of: #"HTTP (\d{3})"#, options: .regularExpression) {
                return "http_" + text[range].dropFirst(5)
            }
            let code = text.split(separator: " ").last.map(String.init) ?? ""
            let kept = code.prefix(40).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            return kept.isEmpty ? "other" : String(kept)
        }
    }

    /// Who is told that `post`, about `item`, died: the person who asked for the item, in their direct messages. A
    /// notice about a notice would only fail the same way, and channel posts (digests) have nobody to tell; nil then.
    public static func notice(of post: OutboxPost, about item: Item?, failure: DeliveryFailure, now: Date) -> QueuedPost? {
        guard let item, [.itemCard, .reminder, .overdue, .escalation, .prereadSummary, .cardUpdate, .threadCall].contains(post.kind) else { return nil }
        let direct = ChatChannel(platform: post.channel.platform, workspaceID: post.channel.workspaceID, channelID: item.author.rawValue)
        return QueuedPost(
            idempotencyKey: .deadPostNotice(of: post.idempotencyKey), channel: direct, kind: .notice, itemID: item.id,
            body: MessageComposer.deadPost(post.kind, of: item, in: post.channel, reason: failure.description), dueAt: now)
    }
}
