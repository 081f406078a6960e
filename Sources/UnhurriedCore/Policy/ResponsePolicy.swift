import Foundation

/// How quickly an item of a tier should be answered.
public struct ResponseTier: Hashable, Sendable {
    public enum Counting: String, Hashable, Sendable {
        /// Only the assignee's working hours count; a day is one working day.
        case working
        /// Every second counts and a day is 24 hours, for on-call style tiers.
        case calendar
    }

    /// When, inside the response window, the assignee is reminded.
    public enum ReminderPoint: Hashable, Sendable {
        /// After this share of the window has passed, e.g. 0.5 for `50%`.
        case shareOfWindow(Double)
        /// This long before the deadline, e.g. `1h`.
        case beforeDeadline(PolicyDuration)
    }

    /// Where reminders and the overdue notice go.
    public enum ReminderRoute: String, Hashable, Sendable, CaseIterable {
        /// A reply under the item's card, where the conversation is.
        case thread
        /// A direct message to the assignee.
        case dm
    }

    public var name: String
    public var respondWithin: PolicyDuration
    public var counting: Counting
    public var remindAt: [ReminderPoint]
    /// How long past the deadline an unanswered item escalates; nil when the tier never escalates.
    public var escalateAfter: PolicyDuration?
    /// Who hears about it (a user or channel id); nil means the item's own channel.
    public var escalateTo: String?
    public var remindVia: Set<ReminderRoute>
    /// What the tier is for, in the team's words ("customer down or a release blocked"): `/policy` shows it, and the
    /// confirmation of an ask on the tier quotes it.
    public var means: String?
    /// The least time, counted as the tier counts, that an ask's own deadline may give (`by noon` typed at 11:00 on a
    /// tier with 4h is moved out to 4h); nil when any deadline goes.
    public var minNotice: PolicyDuration?
    /// Whether a card calls its assignees whatever the hour (the on-call kind); otherwise one outside their working
    /// hours is named, and called at the start of their next working block.
    public var callsOutsideHours: Bool
    /// Whether its asks remind their assignees one by one, or in one daily message (`reminders: daily`).
    public var reminders: NudgeMode

    /// A reply under the card and a DM, unless the tier says otherwise.
    public static let defaultRemindVia: Set<ReminderRoute> = [.thread, .dm]

    public init(
        name: String, respondWithin: PolicyDuration, counting: Counting = .working, remindAt: [ReminderPoint] = [],
        escalateAfter: PolicyDuration? = nil, escalateTo: String? = nil, remindVia: Set<ReminderRoute> = Self.defaultRemindVia,
        means: String? = nil, minNotice: PolicyDuration? = nil, callsOutsideHours: Bool = false, reminders: NudgeMode = .each
    ) {
        self.name = name
        self.respondWithin = respondWithin
        self.counting = counting
        self.remindAt = remindAt
        self.escalateAfter = escalateAfter
        self.escalateTo = escalateTo
        self.remindVia = remindVia
        self.means = means
        self.minNotice = minNotice
        self.callsOutsideHours = callsOutsideHours
        self.reminders = reminders
    }
}

/// Where a channel departs from the team's policy.
public struct ChannelPolicy: Hashable, Sendable {
    public var defaultTierName: String?
    /// Who hears about escalations from this channel, instead of the tier's target.
    public var escalateTo: String?
    /// The regional holidays of people asked here who have no calendar of their own.
    public var holidayCalendar: String?
    /// Tiers only this channel has, or that replace the team's tier of the same name here.
    public var tiers: [ResponseTier]
    /// When this channel's digest is posted, instead of the team's time; `.off` posts none here.
    public var digest: DigestSetting?
    /// Whether someone joining this channel gets one DM about how it works; nil follows the team's `welcome`.
    public var welcome: Bool?

    public init(
        defaultTierName: String? = nil, escalateTo: String? = nil, holidayCalendar: String? = nil, tiers: [ResponseTier] = [],
        digest: DigestSetting? = nil, welcome: Bool? = nil
    ) {
        self.defaultTierName = defaultTierName
        self.escalateTo = escalateTo
        self.holidayCalendar = holidayCalendar
        self.tiers = tiers
        self.digest = digest
        self.welcome = welcome
    }
}

/// A channel's daily digest: at a local time (in the team's zone, on the team's working days), or none.
public enum DigestSetting: Hashable, Sendable {
    case at(TimeOfDay)
    case off
}

/// What the policy file says about one person.
public struct PersonPolicy: Hashable, Sendable {
    /// Their regional holidays, by calendar name.
    public var holidayCalendar: String?
    /// Their working week, when it is not the team's (`mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00`).
    public var week: WeeklySchedule?
    /// Their focus time, when it is not the team's.
    public var focus: WeeklySchedule?

    public init(holidayCalendar: String? = nil, week: WeeklySchedule? = nil, focus: WeeklySchedule? = nil) {
        self.holidayCalendar = holidayCalendar
        self.week = week
        self.focus = focus
    }
}

/// The team's response-time policy: tiers, the default tier, channel overrides and everyone's default hours.
public struct ResponsePolicy: Sendable {
    /// What a deadline written in an ask (`by friday`) does to the tier's window.
    public enum ExplicitDeadlines: String, Sendable {
        /// The asker's deadline replaces the window.
        case replace
        /// Whichever comes first counts, so `by friday` cannot stretch an urgent ask.
        case earlier
    }

    public var tiers: [ResponseTier]
    public var defaultTierName: String
    /// Overrides by channel id.
    public var channels: [String: ChannelPolicy]
    public var workingHours: WorkingHours
    public var explicitDeadlines: ExplicitDeadlines
    /// Regional holidays by calendar name, on top of `workingHours.holidays`, which apply to everyone.
    public var holidayCalendars: [String: Set<LocalDate>]
    /// Settings by user id.
    public var people: [String: PersonPolicy]
    /// When every channel with asks gets its daily digest, unless the channel says otherwise; nil: none.
    public var digestAt: TimeOfDay?
    /// When every channel with last week's asks, decisions or pre-reads gets its weekly digest; nil: none.
    public var weeklyDigest: WeeklyDigestTime?
    public var prereads: PrereadPolicy
    public var standups: [Standup]
    /// The most people one ask or pre-read may name: each gets a profile lookup, a deadline and follow-ups.
    public var maxAssignees: Int
    /// Where decisions are published as they are recorded (`publish:`); empty when nowhere.
    public var publish: [PublicationTarget]
    /// Whether someone joining a channel gets one DM about how it works, unless the channel says otherwise.
    public var welcome: Bool
    /// The reaction by which anyone makes a message an ask for the people it mentions (`track_reaction:`).
    public var trackReaction: ReactionName
    /// The Teams reaction by which an assignee finishes their part, as ✅ does elsewhere (`teams_done_reaction:`). Teams
    /// has no ✅ reaction: a bot hears only its own few (`like`, `heart`, …), by these names.
    public var teamsDoneReaction: String

    /// The reactions Teams sends a bot by name.
    public static let teamsReactions = ["like", "heart", "laugh", "surprised", "sad", "angry"]
    public static let defaultMaxAssignees = 25
    /// The highest `max_assignees` a policy may set.
    public static let highestMaxAssignees = 500

    public init(
        tiers: [ResponseTier], defaultTierName: String, channels: [String: ChannelPolicy] = [:], workingHours: WorkingHours,
        explicitDeadlines: ExplicitDeadlines = .replace, holidayCalendars: [String: Set<LocalDate>] = [:],
        people: [String: PersonPolicy] = [:], digestAt: TimeOfDay? = nil, prereads: PrereadPolicy = PrereadPolicy(),
        standups: [Standup] = [], maxAssignees: Int = defaultMaxAssignees, weeklyDigest: WeeklyDigestTime? = nil, welcome: Bool = false,
        publish: [PublicationTarget] = [], trackReaction: ReactionName = .defaultTrack, teamsDoneReaction: String = "like"
    ) {
        self.tiers = tiers
        self.defaultTierName = defaultTierName
        self.channels = channels
        self.workingHours = workingHours
        self.explicitDeadlines = explicitDeadlines
        self.holidayCalendars = holidayCalendars
        self.people = people
        self.digestAt = digestAt
        self.prereads = prereads
        self.standups = standups
        self.maxAssignees = maxAssignees
        self.weeklyDigest = weeklyDigest
        self.welcome = welcome
        self.publish = publish
        self.trackReaction = trackReaction
        self.teamsDoneReaction = teamsDoneReaction
    }

    /// Whether someone joining `channelID` is sent the channel's welcome.
    public func welcomesNewcomers(inChannel channelID: String) -> Bool {
        channels[channelID]?.welcome ?? welcome
    }

    /// The names of the targets a decision recorded in `channelID` is published to.
    public func publicationTargets(forChannel channelID: String) -> [String] {
        publish.filter { $0.covers(channelID: channelID) }.map(\.name)
    }

    /// The target the policy names `name`, if it still names one.
    public func publicationTarget(named name: String) -> PublicationTarget? {
        publish.first { $0.name == name }
    }

    /// When `channelID`'s digest is posted, if it gets one.
    public func digestTime(forChannel channelID: String) -> TimeOfDay? {
        switch channels[channelID]?.digest {
        case .at(let time)?: time
        case .off?: nil
        case nil: digestAt
        }
    }

    /// Every time of day at which some channel's digest is due.
    public var digestTimes: Set<TimeOfDay> {
        var times = Set(channels.values.compactMap { channel -> TimeOfDay? in
            if case .at(let time)? = channel.digest { return time }
            return nil
        })
        if let digestAt { times.insert(digestAt) }
        return times
    }

    /// The team's tiers with a channel's own: a channel tier replaces the team tier of its name.
    public static func merging(_ team: [ResponseTier], with channel: [ResponseTier]) -> [ResponseTier] {
        team.map { tier in channel.first { $0.name == tier.name } ?? tier } + channel.filter { own in !team.contains { $0.name == own.name } }
    }

    /// The tiers an ask in `channelID` may name.
    public func tiers(inChannel channelID: String) -> [ResponseTier] {
        guard let own = channels[channelID]?.tiers, !own.isEmpty else { return tiers }
        return Self.merging(tiers, with: own)
    }

    public func tier(named name: String, inChannel channelID: String) -> ResponseTier? {
        tiers(inChannel: channelID).first { $0.name == name }
    }

    /// The team's working hours for `user`, with the week and focus time the policy gives them, and the regional
    /// holidays of their calendar (or, when they have none, of the channel they are asked in).
    public func workingHours(for user: ChatUserID, inChannel channelID: String) -> WorkingHours {
        var hours = workingHours
        let person = people[user.rawValue]
        if let week = person?.week { hours.schedule = week }
        if let focus = person?.focus { hours.focus = focus }
        let calendar = person?.holidayCalendar ?? channels[channelID]?.holidayCalendar
        if let calendar, let dates = holidayCalendars[calendar] { hours.holidays.formUnion(dates) }
        return hours
    }

    /// Urgent within 4 working hours, standard within 1 working day, low within 3, Mon–Fri 09:00–17:00 UTC.
    public static let builtIn = ResponsePolicy(
        tiers: [
            ResponseTier(name: "urgent", respondWithin: PolicyDuration(seconds: 4 * 3600)),
            ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1)),
            ResponseTier(name: "low", respondWithin: PolicyDuration(days: 3)),
        ],
        defaultTierName: "standard",
        workingHours: .standardUTC
    )

    public func tier(named name: String) -> ResponseTier? {
        tiers.first { $0.name == name }
    }

    /// The channel's own default tier if it has one, else the team's.
    public func defaultTier(forChannel channelID: String) -> ResponseTier {
        channels[channelID]?.defaultTierName.flatMap { tier(named: $0, inChannel: channelID) } ?? tier(named: defaultTierName) ?? tiers[0]
    }

    /// Who hears about an escalation of `tier` in `channelID`; nil means the item's own channel.
    public func escalationTarget(for tier: ResponseTier, inChannel channelID: String) -> String? {
        channels[channelID]?.escalateTo ?? tier.escalateTo
    }

    /// When someone working `workingHours` should have answered an item of `tier` created at `createdAt`.
    public func deadline(for tier: ResponseTier, createdAt: Date, workingHours: WorkingHours? = nil) -> Date {
        let clock = TierClock(tier: tier, hours: workingHours ?? self.workingHours)
        return clock.adding(clock.length(of: tier.respondWithin), to: createdAt)
    }

    /// The earliest deadline an ask of `tier` created at `createdAt` may set for someone working `workingHours`: its
    /// `min_notice` from then, counted as the tier counts; nil when the tier sets none.
    public func earliestDeadline(for tier: ResponseTier, createdAt: Date, workingHours: WorkingHours? = nil) -> Date? {
        guard let notice = tier.minNotice else { return nil }
        let clock = TierClock(tier: tier, hours: workingHours ?? self.workingHours)
        return clock.adding(clock.length(of: notice), to: createdAt)
    }

    /// The deadline, reminders and escalation of an item of `tier` created at `createdAt`, for someone working
    /// `workingHours`, each counted the way the tier counts. `due` is the deadline when the ask set its own.
    public func plan(for tier: ResponseTier, createdAt: Date, due explicitDue: Date? = nil, workingHours: WorkingHours? = nil) -> ResponsePlan {
        let clock = TierClock(tier: tier, hours: workingHours ?? self.workingHours)
        // A share of the window is a share of the time the assignee really has, so an explicit deadline
        // moves share-based reminders with it.
        let due: Date
        let window: Duration
        if let explicitDue {
            due = explicitDue
            window = clock.length(from: createdAt, to: explicitDue)
        } else {
            window = clock.length(of: tier.respondWithin)
            due = clock.adding(window, to: createdAt)
        }
        let reminders = tier.remindAt.map { point -> Date in
            switch point {
            case .shareOfWindow(let share): clock.adding(window * share, to: createdAt)
            case .beforeDeadline(let lead): clock.subtracting(clock.length(of: lead), from: due)
            }
        }
        return ResponsePlan(
            tierName: tier.name,
            due: due,
            reminders: Set(reminders.filter { $0 > createdAt && $0 < due }).sorted(),
            escalation: tier.escalateAfter.map { clock.adding(clock.length(of: $0), to: due) },
            countsWorkingTime: tier.counting == .working)
    }

    /// The team's working hours for `user` asked in `channelID`, with what they set themselves on top.
    public func workingHours(for user: ChatUserID, inChannel channelID: String, personal: PersonalSettings?) -> WorkingHours {
        let team = workingHours(for: user, inChannel: channelID)
        return personal?.workingHours(teamDefault: team) ?? team
    }
}

/// What an item's response-time expectation works out to for one assignee.
public struct ResponsePlan: Equatable, Sendable {
    public var tierName: String
    public var due: Date
    public var reminders: [Date]
    public var escalation: Date?
    /// False for calendar-counted tiers, whose follow-ups go out at their instant even outside working hours.
    public var countsWorkingTime: Bool
}

/// Counts a tier's durations: in working time, where a day is one working day, or in calendar time.
private struct TierClock {
    let counting: ResponseTier.Counting
    let calendar: WorkingCalendar

    init(tier: ResponseTier, hours: WorkingHours) {
        counting = tier.counting
        calendar = WorkingCalendar(hours: hours)
    }

    func length(of duration: PolicyDuration) -> Duration {
        duration.length(workingDay: counting == .working ? calendar.hours.workingDayLength : .seconds(86_400))
    }

    func adding(_ duration: Duration, to start: Date) -> Date {
        counting == .working ? calendar.adding(duration, to: start) : start.addingTimeInterval(duration.timeInterval)
    }

    /// The time counted between two instants.
    func length(from start: Date, to end: Date) -> Duration {
        guard end > start else { return .zero }
        return counting == .working ? calendar.workingTime(from: start, to: end) : .seconds(end.timeIntervalSince(start))
    }

    func subtracting(_ duration: Duration, from end: Date) -> Date {
        counting == .working ? calendar.subtracting(duration, from: end) : end.addingTimeInterval(-duration.timeInterval)
    }
}
