/// What a person did to an item, by command or button; the answer to it says what came of it.
public enum ItemChange: Sendable, Equatable {
    case acknowledge
    case finish
    case snooze
    case cancel
    /// A pre-read's reader read it.
    case markRead
    /// A pre-read's reader has a question.
    case raiseQuestion
    /// An assignee of an ask needs more from its author before they can answer.
    case requestInfo

    /// What the person tried to do to `item`, for "You can't …".
    func attempt(on item: ItemID) -> String {
        switch self {
        case .acknowledge: "acknowledge \(item)"
        case .finish: "mark \(item) done"
        case .snooze: "snooze \(item)"
        case .cancel: "cancel \(item)"
        case .markRead: "mark \(item) read"
        case .raiseQuestion: "raise a question on \(item)"
        case .requestInfo: "ask for more on \(item)"
        }
    }
}
