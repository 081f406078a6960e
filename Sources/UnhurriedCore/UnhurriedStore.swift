/// What commands read and write.
public typealias CommandStore = ItemStore & PeopleStore & NudgeStore & HistoryStore & DecisionLog & OutboxStore & StandupStore
    & DeadlineMoveStore

public typealias UnhurriedStore = ItemStore & OutboxStore & PeopleStore & NudgeStore & FollowUpStore & DigestStore & InboundEventLog & HistoryStore
    & DecisionLog & StandupStore & DeadlineMoveStore & PlatformMemory & AdminSessionStore
