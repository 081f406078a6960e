import Foundation

/// What moving someone's open deadlines writes, all at once: each item as it was read, with the person's moved
/// assignment and its history event; the word to each asker; and, for `/away`, the time away itself.
public struct DeadlineMoves: Sendable {
    /// One item whose deadline moved, at the version it was read at, with its history event; without one, only the
    /// marks of its assignments changed (a deadline planned again in the person's zone that stayed where it was), and
    /// its history and card stay as they are.
    public struct Change: Sendable {
        public var item: Item
        public var event: ItemEvent?

        public init(item: Item, event: ItemEvent?) {
            self.item = item
            self.event = event
        }
    }

    /// Time away recorded together with the moves it causes, so one is never stored without the other.
    public struct Away: Sendable {
        public var range: DateRange
        public var user: ChatUserID
        public var workspace: WorkspaceRef

        public init(range: DateRange, user: ChatUserID, workspace: WorkspaceRef) {
            self.range = range
            self.user = user
            self.workspace = workspace
        }
    }

    /// A profile's zone remembered together with the deadlines planned again in it, so one is never stored without the
    /// other.
    public struct LearnedZone: Sendable {
        public var profile: ProfileZone
        public var checkedAt: Date
        public var workspace: WorkspaceRef

        public init(profile: ProfileZone, checkedAt: Date, workspace: WorkspaceRef) {
            self.profile = profile
            self.checkedAt = checkedAt
            self.workspace = workspace
        }
    }

    public var changes: [Change]
    /// One private notice per asker; their keys name the recording, so a batch written once is known again.
    public var notices: [QueuedPost]
    public var away: Away?
    public var learnedZone: LearnedZone?

    public init(changes: [Change], notices: [QueuedPost], away: Away? = nil, learnedZone: LearnedZone? = nil) {
        self.changes = changes
        self.notices = notices
        self.away = away
        self.learnedZone = learnedZone
    }
}

/// Where deadlines are moved when someone's working time shrinks (time away, holidays added to the policy).
public protocol DeadlineMoveStore: Sendable {
    /// In one transaction: records `moves.away` or `moves.learnedZone`, writes each changed item as `ItemStore.update` does (assignments,
    /// history event, an update of its card) and queues the notices. Returns false, writing nothing, when any item
    /// changed since it was read. Returns true without writing anything when one of the notices is queued already:
    /// the same moves were written before (another replica applying the same policy change).
    func moveDeadlines(_ moves: DeadlineMoves) async throws -> Bool
    /// Everyone who has an open part in an open ask, by workspace: whose deadlines a change of the policy's calendars
    /// may move.
    func peopleWithOpenAssignments() async throws -> [WorkspaceRef: [ChatUserID]]
    /// Those of `users` with an open part in an open item whose deadline was counted in the team's zone while their
    /// profile had not answered: whose deadlines their profile's zone plans again. One read for a page of profiles.
    func peoplePlannedInTeamZone(among users: [ChatUserID], in workspace: WorkspaceRef) async throws -> Set<ChatUserID>
}
