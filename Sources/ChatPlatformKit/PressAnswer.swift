import UnhurriedCore

/// What a button press did, for the platform to tell its presser.
public struct PressAnswer: Sendable {
    /// The private answer a press needs when the card does not say it: one that changed nothing, or raised a question.
    public var reply: ChatMessage?
    /// What the press did, whatever it did: for a platform that answers every press with a line of its own (Teams,
    /// when the press was away from the card it changed).
    public var outcome: ChatMessage

    public init(reply: ChatMessage?, outcome: ChatMessage) {
        self.reply = reply
        self.outcome = outcome
    }
}
