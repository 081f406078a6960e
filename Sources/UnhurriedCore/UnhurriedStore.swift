/// What commands read and write.
public typealias CommandStore = ItemStore & PeopleStore & NudgeStore & HistoryStore & DecisionLog & ItemSearch & OutboxStore & StandupStore
    & DeadlineMoveStore

public typealias UnhurriedStore = ItemStore & OutboxStore & PeopleStore & NudgeStore & FollowUpStore & DigestStore & InboundEventLog & HistoryStore
    & DecisionLog & ItemSearch & StandupStore & DeadlineMoveStore & PlatformMemory & AdminSessionStore
