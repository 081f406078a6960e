/// What commands read and write.
public typealias CommandStore = ItemStore & PeopleStore & HistoryStore & DecisionLog & OutboxStore & StandupStore

public typealias UnhurriedStore = ItemStore & OutboxStore & PeopleStore & FollowUpStore & DigestStore & InboundEventLog & HistoryStore
    & DecisionLog & StandupStore
