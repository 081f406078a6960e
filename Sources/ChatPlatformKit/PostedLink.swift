import UnhurriedCore

/// A link from people's text as a post writes it. Its address cannot break out of the post's markup, and the text a
/// reader sees names the host the link opens, so neither a label nor an address made to look like another can hide
/// where it leads. The bot's links to its own posts (`.permalink`) are trusted and do not need this.
package struct PostedLink: Sendable, Equatable {
    /// The address to link to, percent-encoded (`PercentEncoding.url`) with the characters of the platform's link syntax,
    /// and with the `@` of a broadcast in it as `%40`: a platform may find `@here` in `https://example.com/@here`.
    package var target: String
    /// The label without the controls that reorder text, since a right-to-left override would show what follows it
    /// (the host) backwards. Nil when there is none.
    package var label: String?
    /// The label, or the address as typed when there is none, followed by the host it opens in parentheses unless it
    /// already begins with that host: `Q3 brief (example.com)`, `https://good.example (evil.example)`,
    /// `https://example.com/plan`.
    package var text: String

    package init(_ link: Link, alsoEncoding syntax: String = "", defusing broadcasts: [String]) {
        target = BroadcastMentions.defused(PercentEncoding.url(link.url, alsoEncoding: syntax), broadcasts, writingAtSignAs: "%40")
        label = link.label.map(Self.withoutDirectionControls)
        let shown = Self.withoutDirectionControls(link.label ?? link.url)
        // The host as the link writes it, so that a look-alike letter in it shows as its code (`%D0%B0`), not as the
        // letter it imitates.
        let host = Link(url: target).host ?? target
        text = Self.begins(shown, with: host) ? shown : "\(shown) (\(host))"
    }

    /// Whether `text`, read as an address with or without its scheme, names `host` first: `example.com/plan` and
    /// `https://example.com:8443/` do, `example.com.evil.example` and `good.example@example.com` do not.
    private static func begins(_ text: String, with host: String) -> Bool {
        var rest = Substring(text.lowercased())
        if let scheme = ["https://", "http://"].first(where: { rest.hasPrefix($0) }) { rest = rest.dropFirst(scheme.count) }
        guard rest.hasPrefix(host) else { return false }
        rest = rest.dropFirst(host.count)
        if rest.first == ":" { rest = rest.dropFirst().drop(while: \.isWholeNumber) }
        return rest.first.map { "/?#".contains($0) } ?? true
    }

    /// `text` without Unicode's direction marks, embeddings, overrides and isolates, which reorder the text around them.
    private static func withoutDirectionControls(_ text: String) -> String {
        let controls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !controls.contains($0.value) }))
    }
}
