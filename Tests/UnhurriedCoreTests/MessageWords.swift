import UnhurriedCore

extension ChatMessage {
    /// Every block's words, a block a line: what a test reads of a message, whatever its layout.
    var words: String {
        blocks.map { block -> String in
            switch block {
            case .section(let text), .context(let text): text.plainText
            case .actions: ""
            }
        }.joined(separator: "\n")
    }
}
