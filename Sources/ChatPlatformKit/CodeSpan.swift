/// A Markdown code span that shows its text as it is (CommonMark, as Mattermost and Discord read it): fenced with one
/// backtick more than the longest run inside, and padded with a space where the text begins or ends with one.
package enum CodeSpan {
    package static func fenced(_ text: String) -> String {
        let longestRun = text.split { $0 != "`" }.map(\.count).max() ?? 0
        let fence = String(repeating: "`", count: longestRun + 1)
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + text + padding + fence
    }
}
