import Foundation
import UnhurriedCore
import Yams

/// Reads the admin's YAML policy file into a `ResponsePolicy`, reporting every problem at once.
public enum PolicyFile {
    /// The file format this release writes and reads; older versions will be migrated when the format changes.
    public static let currentVersion = 1

    /// `platforms` are the names of the chat platforms a standup may name; the first is the default.
    public static func load(path: String, platforms: [String]) throws(YAMLFileError) -> ResponsePolicy {
        var reader = PolicyReader(file: path, platforms: platforms)
        return try reader.load()
    }

    public static func parse(_ yaml: String, file: String, platforms: [String]) throws(YAMLFileError) -> ResponsePolicy {
        var reader = PolicyReader(file: file, platforms: platforms)
        return try reader.parse(yaml)
    }

    /// The file's text, read to be kept beside the policy parsed from it; nil when it cannot be read as UTF-8.
    public static func text(at path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// The policy in `text`, which the caller read from `path` (`text(at:)`) to keep it; a nil `text` gives the file's
    /// "cannot be read" problem, in `load`'s words.
    public static func read(text: String?, of path: String, platforms: [String]) throws(YAMLFileError) -> ResponsePolicy {
        guard let text else { return try load(path: path, platforms: platforms) }
        return try parse(text, file: path, platforms: platforms)
    }
}

/// Walks the YAML tree, collecting problems instead of stopping at the first.
private struct PolicyReader: YAMLFileReader {
    let file: String
    let platforms: [String]
    var problems: [YAMLFileProblem] = []

    init(file: String, platforms: [String]) {
        self.file = file
        self.platforms = platforms
    }

    mutating func read(_ yaml: String) -> ResponsePolicy? {
        guard let root = compose(yaml) else { return nil }
        guard let top = mapping(root, key: "(top level)", allowed: Self.topLevelKeys) else { return nil }

        if let node = top["version"] {
            if let version = node.int {
                if version > PolicyFile.currentVersion {
                    problem(node, "version", "written for a newer release (version \(version)); this release reads version \(PolicyFile.currentVersion)")
                } else if version < 1 {
                    problem(node, "version", "must be \(PolicyFile.currentVersion)")
                }
            } else {
                problem(node, "version", "must be a whole number, e.g. version: \(PolicyFile.currentVersion)")
            }
        }
        var timeZone = TimeZone(identifier: "UTC")!
        if let node = top["timezone"] {
            timeZone = readTimeZone(node, key: "timezone") ?? timeZone
        }
        var hours = WorkingHours.standardUTC
        hours.timeZone = timeZone
        if let node = top["working_hours"] { hours.schedule = readWorkingHours(node) ?? hours.schedule }
        if let node = top["focus"] { hours.focus = readFocus(node, key: "focus") ?? hours.focus }
        if let node = top["holidays"] { hours.holidays = readHolidays(node) }

        var tiers = ResponsePolicy.builtIn.tiers
        if let node = top["tiers"] { tiers = readTiers(node) }
        let tierNames = tiers.map(\.name)
        var defaultTier = ResponsePolicy.builtIn.defaultTierName
        if let node = top["default_tier"] {
            defaultTier = readTierName(node, key: "default_tier", known: tierNames) ?? defaultTier
        } else if !tierNames.contains(defaultTier), let first = tierNames.first {
            problem(top["tiers"] ?? root, "default_tier", "missing: name the default tier, one of \(first)…")
        }
        var calendars: [String: Set<LocalDate>] = [:]
        if let node = top["holiday_calendars"], let map = orderedMapping(node, key: "holiday_calendars") {
            for (nameNode, datesNode) in map {
                let name = nameNode.string ?? ""
                calendars[name] = readHolidays(datesNode, key: "holiday_calendars.\(name)")
            }
        }
        var people: [String: PersonPolicy] = [:]
        if let node = top["people"], let map = orderedMapping(node, key: "people") {
            for (userNode, settings) in map {
                let user = userNode.string ?? ""
                let key = "people.\(user)"
                guard let fields = mapping(settings, key: key, allowed: ["holiday_calendar", "working_hours", "focus"]) else { continue }
                people[user] = PersonPolicy(
                    holidayCalendar: fields["holiday_calendar"].flatMap { readCalendarName($0, key: "\(key).holiday_calendar", known: calendars) },
                    week: fields["working_hours"].flatMap { readSchedule($0, key: "\(key).working_hours", changing: hours.schedule) },
                    focus: fields["focus"].flatMap { readFocus($0, key: "\(key).focus") })
            }
        }
        var channels: [String: ChannelPolicy] = [:]
        if let node = top["channels"] { channels = readChannels(node, teamTiers: tiers, calendars: calendars) }

        var explicitDeadlines = ResponsePolicy.ExplicitDeadlines.replace
        if let node = top["explicit_deadlines"] {
            if let value = node.string.flatMap(ResponsePolicy.ExplicitDeadlines.init(rawValue:)) {
                explicitDeadlines = value
            } else {
                problem(node, "explicit_deadlines", "must be replace (an ask's own deadline replaces the tier's) or earlier (whichever comes first)")
            }
        }

        let digestAt = top["digest_at"].flatMap { readTime($0, key: "digest_at") }
        let weeklyDigest = top["weekly_digest"].flatMap { readWeeklyDigest($0) }
        let prereads = top["preread"].map { readPrereads($0) } ?? PrereadPolicy()
        let standups = top["standups"].map { readStandups($0, teamZone: timeZone) } ?? []
        var maxAssignees = ResponsePolicy.defaultMaxAssignees
        if let node = top["max_assignees"] {
            if let value = node.int, (1...ResponsePolicy.highestMaxAssignees).contains(value) {
                maxAssignees = value
            } else {
                problem(node, "max_assignees", "must be a whole number from 1 to \(ResponsePolicy.highestMaxAssignees), e.g. max_assignees: 25")
            }
        }

        let publish = top["publish"].map { readPublish($0) } ?? []
        let welcome = top["welcome"].flatMap { readSwitch($0, key: "welcome") } ?? false
        let trackReaction = top["track_reaction"].flatMap { readTrackReaction($0) } ?? .defaultTrack
        let teamsDoneReaction = top["teams_done_reaction"].flatMap { readTeamsDoneReaction($0) } ?? "like"

        guard !tiers.isEmpty else { return nil }
        return ResponsePolicy(
            tiers: tiers, defaultTierName: defaultTier, channels: channels, workingHours: hours, explicitDeadlines: explicitDeadlines,
            holidayCalendars: calendars, people: people, digestAt: digestAt, prereads: prereads, standups: standups, maxAssignees: maxAssignees,
            weeklyDigest: weeklyDigest, welcome: welcome, publish: publish, trackReaction: trackReaction, teamsDoneReaction: teamsDoneReaction)
    }

    static let topLevelKeys = [
        "version", "timezone", "working_hours", "focus", "holidays", "holiday_calendars", "tiers", "default_tier", "explicit_deadlines",
        "people", "channels", "digest_at", "weekly_digest", "preread", "standups", "max_assignees", "publish",
        "welcome", "track_reaction", "teams_done_reaction",
    ]

    // MARK: Sections

    /// `track_reaction: eyes`: one of the reactions every platform can name alike.
    private mutating func readTrackReaction(_ node: Node) -> ReactionName? {
        if let text = node.string, let reaction = ReactionName(named: text) { return reaction }
        problem(node, "track_reaction", "must be one of \(ReactionName.known.map(\.name).joined(separator: ", ")), e.g. track_reaction: eyes")
        return nil
    }

    /// `teams_done_reaction: heart`: one of the reactions Teams tells a bot about.
    private mutating func readTeamsDoneReaction(_ node: Node) -> String? {
        if let text = node.string?.lowercased(), ResponsePolicy.teamsReactions.contains(text) { return text }
        problem(node, "teams_done_reaction", "must be one of \(ResponsePolicy.teamsReactions.joined(separator: ", ")), e.g. teams_done_reaction: like")
        return nil
    }

    /// `mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00` as `/hours` reads it, or the older `{days, from, to}`.
    private mutating func readWorkingHours(_ node: Node) -> WeeklySchedule? {
        if node.string != nil { return readSchedule(node, key: "working_hours", changing: WorkingHours.standardUTC.schedule) }
        guard let map = mapping(node, key: "working_hours", allowed: ["days", "from", "to"]) else { return nil }
        let days = map["days"].map { readDays($0, key: "working_hours.days") } ?? Weekday.mondayToFriday
        let from = map["from"].map { readTime($0, key: "working_hours.from") } ?? TimeOfDay(hour: 9, minute: 0)
        let to = map["to"].map { readTime($0, key: "working_hours.to") } ?? TimeOfDay(hour: 17, minute: 0)
        guard let from, let to else { return nil }
        guard let block = ClockRange(from: from, to: to) else {
            problem(map["to"] ?? node, "working_hours.to", "must be later than from (\(from)); hours that cross midnight are not supported")
            return nil
        }
        return WeeklySchedule(days: days, blocks: [block])
    }

    /// Days and their blocks as `/hours` reads them; days or blocks alone change `base`.
    private mutating func readSchedule(_ node: Node, key: String, changing base: WeeklySchedule) -> WeeklySchedule? {
        guard let words = readScheduleWords(node, key: key) else { return nil }
        return words.applied(to: base)
    }

    /// Focus time as `/hours focus` reads it: days and their blocks, or blocks alone for every day; `none` for none.
    private mutating func readFocus(_ node: Node, key: String) -> WeeklySchedule? {
        if node.string == WeeklySchedule.empty.description { return .empty }
        guard let words = readScheduleWords(node, key: key) else { return nil }
        guard let focus = words.asFocus else {
            problem(node, key, "needs hours, e.g. \(key): \"mon-fri 09:00-11:00\"")
            return nil
        }
        return focus
    }

    private mutating func readScheduleWords(_ node: Node, key: String) -> ScheduleWords? {
        let example = "e.g. \"mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00\""
        guard let text = node.string else {
            problem(node, key, "must be days and their hours, \(example)")
            return nil
        }
        do {
            guard let words = try ScheduleWords.read(text.split(separator: " ").map(String.init)) else {
                problem(node, key, "is empty; give days and their hours, \(example)")
                return nil
            }
            return words
        } catch {
            switch error {
            case .unreadable(let word):
                problem(node, key, "'\(word)' is not days (mon-fri, mon,wed,fri) or hours (08:00-12:00,13:00-17:00; ranges may not overlap or cross midnight)")
            case .unpaired(let word):
                problem(node, key, "'\(word)' needs \(ClockRange.blocks(parsing: word) != nil ? "its days" : "its hours"); give each group of days its hours, \(example)")
            }
        }
        return nil
    }

    /// `{ day: mon, at: "09:30" }`, both required.
    private mutating func readWeeklyDigest(_ node: Node) -> WeeklyDigestTime? {
        guard let fields = mapping(node, key: "weekly_digest", allowed: ["day", "at"]) else { return nil }
        guard let dayNode = fields["day"], let atNode = fields["at"] else {
            problem(node, "weekly_digest", "needs day and at, e.g. { day: mon, at: \"09:30\" }")
            return nil
        }
        let day = dayNode.string.flatMap(Weekday.init(shortName:))
        if day == nil { problem(dayNode, "weekly_digest.day", "'\(dayNode.string ?? "")' is not a day; use mon, tue, wed, thu, fri, sat, sun") }
        let at = readTime(atNode, key: "weekly_digest.at")
        guard let day, let at else { return nil }
        return WeeklyDigestTime(day: day, at: at)
    }

    /// `[mon, tue]`: each a day; empty after a problem is reported.
    private mutating func readDays(_ node: Node, key: String) -> Set<Weekday> {
        guard case .sequence(let names) = node, !names.isEmpty else {
            problem(node, key, "must be a list of days, e.g. [mon, tue, wed, thu, fri]")
            return []
        }
        var days: Set<Weekday> = []
        for name in names {
            guard let day = name.string.flatMap(Weekday.init(shortName:)) else {
                problem(name, key, "'\(name.string ?? "")' is not a day; use mon, tue, wed, thu, fri, sat, sun")
                continue
            }
            days.insert(day)
        }
        return days
    }

    private mutating func readHolidays(_ node: Node, key: String = "holidays") -> Set<LocalDate> {
        guard case .sequence(let sequence) = node else {
            problem(node, key, "must be a list of dates, e.g. [2026-12-24, 2026-12-25]")
            return []
        }
        var dates: Set<LocalDate> = []
        for dateNode in sequence {
            guard let text = dateNode.string, let date = LocalDate(parsing: text) else {
                problem(dateNode, key, "'\(dateNode.string ?? "")' is not a date; write YYYY-MM-DD")
                continue
            }
            dates.insert(date)
        }
        return dates
    }

    private mutating func readTiers(_ node: Node, key tiersKey: String = "tiers") -> [ResponseTier] {
        guard let map = orderedMapping(node, key: tiersKey) else { return [] }
        if map.isEmpty { problem(node, tiersKey, "define at least one tier, e.g. standard: { respond_within: 1d }") }
        var tiers: [ResponseTier] = []
        for (nameNode, tierNode) in map {
            let name = nameNode.string ?? ""
            let key = "\(tiersKey).\(name)"
            guard name.range(of: "^[a-z][a-z0-9_-]*$", options: .regularExpression) != nil else {
                problem(nameNode, key, "tier names are lower-case words (letters, digits, - and _), used as !\(name.lowercased())")
                continue
            }
            guard let fields = mapping(tierNode, key: key, allowed: Self.tierKeys) else { continue }
            guard let windowNode = fields["respond_within"] else {
                problem(tierNode, "\(key).respond_within", "missing: how long people have to respond, e.g. 4h or 1d")
                continue
            }
            guard let window = readDuration(windowNode, key: "\(key).respond_within") else { continue }
            var counting = ResponseTier.Counting.working
            if let countingNode = fields["counting"] {
                guard let value = countingNode.string.flatMap(ResponseTier.Counting.init(rawValue:)) else {
                    problem(countingNode, "\(key).counting", "must be working or calendar")
                    continue
                }
                counting = value
            }
            let reminders = fields["remind_at"].map { readReminders($0, key: "\(key).remind_at") } ?? []
            let escalateAfter = fields["escalate_after"].flatMap { readDuration($0, key: "\(key).escalate_after") }
            let escalateTo = fields["escalate_to"].flatMap { readTarget($0, key: "\(key).escalate_to") }
            if escalateTo != nil, fields["escalate_after"] == nil, let node = fields["escalate_to"] {
                problem(node, "\(key).escalate_to", "needs escalate_after: how long past the deadline to escalate")
            }
            let remindVia = fields["remind_via"].map { readReminderRoutes($0, key: "\(key).remind_via") } ?? ResponseTier.defaultRemindVia
            let means = fields["means"].flatMap { readMeaning($0, key: "\(key).means") }
            let minNotice = fields["min_notice"].flatMap { readDuration($0, key: "\(key).min_notice") }
            // Days are compared before hours: a day is at least a working day's hours however long that is.
            if let minNotice, let node = fields["min_notice"], (minNotice.days, minNotice.seconds) > (window.days, window.seconds) {
                problem(node, "\(key).min_notice", "must not be longer than respond_within (\(window))")
            }
            var callsOutsideHours = false
            if let node = fields["call_outside_hours"] {
                guard let value = node.bool else {
                    problem(node, "\(key).call_outside_hours", "must be true or false")
                    continue
                }
                callsOutsideHours = value
            }
            let nudges = fields["reminders"].flatMap { readNudgeMode($0, tierKey: key, fields: fields) } ?? .each
            tiers.append(ResponseTier(
                name: name, respondWithin: window, counting: counting, remindAt: reminders, escalateAfter: escalateAfter,
                escalateTo: escalateTo, remindVia: remindVia, means: means, minNotice: minNotice, callsOutsideHours: callsOutsideHours,
                reminders: nudges))
        }
        return tiers
    }

    static let tierKeys = ["respond_within", "counting", "remind_at", "remind_via", "escalate_after", "escalate_to", "means", "min_notice",
                            "call_outside_hours", "reminders"]

    /// `each` (a reminder per ask, as remind_at says) or `daily` (one DM a day listing them), which leaves remind_at
    /// nothing to do: a tier naming both says two things, so it is reported rather than guessed. remind_via still routes
    /// the first call.
    private mutating func readNudgeMode(_ node: Node, tierKey: String, fields: [String: Node]) -> NudgeMode? {
        guard let mode = node.string.flatMap(NudgeMode.init(rawValue:)) else {
            problem(node, "\(tierKey).reminders", "must be each (a reminder per ask, at remind_at) or daily (one direct message at the start "
                + "of each working day listing the asks waiting on the person)")
            return nil
        }
        if mode == .daily, let remindAt = fields["remind_at"] {
            problem(remindAt, "\(tierKey).remind_at",
                    "does nothing with reminders: daily, which sends one direct message a day instead; remove one of them")
        }
        return mode
    }

    /// A tier's meaning is quoted in answers, so it is one short line of text.
    static let meaningCharacters = 200

    private mutating func readMeaning(_ node: Node, key: String) -> String? {
        guard let text = node.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty, !text.contains(where: \.isNewline),
              text.count <= Self.meaningCharacters else {
            problem(node, key, "must be one line of at most \(Self.meaningCharacters) characters, e.g. means: \"customer down or a release blocked\"")
            return nil
        }
        return text
    }

    /// `[thread, dm]`, `[dm]`, `[thread]` or `[]` (no reminders, only the overdue notice in the card's thread).
    private mutating func readReminderRoutes(_ node: Node, key: String) -> Set<ResponseTier.ReminderRoute> {
        let expected = ResponseTier.ReminderRoute.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .sequence(let sequence) = node else {
            problem(node, key, "must be a list of \(expected), e.g. [thread, dm]")
            return []
        }
        var routes: Set<ResponseTier.ReminderRoute> = []
        for item in sequence {
            guard let route = item.string.flatMap(ResponseTier.ReminderRoute.init(rawValue:)) else {
                problem(item, key, "'\(item.string ?? "")' is not a route; use \(expected)")
                continue
            }
            routes.insert(route)
        }
        return routes
    }

    /// `[50%, 90%]` (shares of the window) and/or `[1h]` (that long before the deadline).
    private mutating func readReminders(_ node: Node, key: String) -> [ResponseTier.ReminderPoint] {
        guard case .sequence(let sequence) = node else {
            problem(node, key, "must be a list, e.g. [50%, 90%] or [1h]")
            return []
        }
        var points: [ResponseTier.ReminderPoint] = []
        for item in sequence {
            let text = item.string ?? ""
            if text.hasSuffix("%") {
                guard let percent = Double(text.dropLast()), percent > 0, percent < 100 else {
                    problem(item, key, "'\(text)' is not a share of the window; use 1% to 99%")
                    continue
                }
                points.append(.shareOfWindow(percent / 100))
            } else if let lead = PolicyDuration(parsing: text), !lead.isZero {
                points.append(.beforeDeadline(lead))
            } else {
                problem(item, key, "'\(text)' is neither a share of the window (50%) nor a duration before the deadline (1h)")
            }
        }
        return points
    }

    private mutating func readChannels(
        _ node: Node, teamTiers: [ResponseTier], calendars: [String: Set<LocalDate>]
    ) -> [String: ChannelPolicy] {
        guard let map = orderedMapping(node, key: "channels") else { return [:] }
        var channels: [String: ChannelPolicy] = [:]
        for (channelNode, settings) in map {
            let channel = channelNode.string ?? ""
            let key = "channels.\(channel)"
            guard let fields = mapping(settings, key: key, allowed: ["default_tier", "escalate_to", "holiday_calendar", "tiers", "digest_at", "welcome"])
            else { continue }
            let ownTiers = fields["tiers"].map { readTiers($0, key: "\(key).tiers") } ?? []
            let known = ResponsePolicy.merging(teamTiers, with: ownTiers).map(\.name)
            channels[channel] = ChannelPolicy(
                defaultTierName: fields["default_tier"].flatMap { readTierName($0, key: "\(key).default_tier", known: known) },
                escalateTo: fields["escalate_to"].flatMap { readTarget($0, key: "\(key).escalate_to") },
                holidayCalendar: fields["holiday_calendar"].flatMap { readCalendarName($0, key: "\(key).holiday_calendar", known: calendars) },
                tiers: ownTiers,
                digest: fields["digest_at"].flatMap { node in
                    node.string == "off" ? .off : readTime(node, key: "\(key).digest_at").map(DigestSetting.at)
                },
                welcome: fields["welcome"].flatMap { readSwitch($0, key: "\(key).welcome") })
        }
        return channels
    }

    /// `on` or `off` (YAML's `true` and `false` too).
    private mutating func readSwitch(_ node: Node, key: String) -> Bool? {
        switch node.string?.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default:
            problem(node, key, "must be on or off")
            return nil
        }
    }

    /// `post_before` and `remind_before`, each a working-time duration before the meeting.
    private mutating func readPrereads(_ node: Node) -> PrereadPolicy {
        var prereads = PrereadPolicy()
        guard let fields = mapping(node, key: "preread", allowed: ["post_before", "remind_before"]) else { return prereads }
        if let lead = fields["post_before"].flatMap({ readDuration($0, key: "preread.post_before") }) { prereads.postBefore = lead }
        if let lead = fields["remind_before"].flatMap({ readDuration($0, key: "preread.remind_before") }) { prereads.remindBefore = lead }
        return prereads
    }

    static let standupKeys = ["channel", "workspace", "platform", "people", "prompt_at", "questions", "digest_at", "timezone", "every", "days"]

    /// A list of `{ channel, workspace, platform, people, prompt_at, questions, digest_at, timezone, every, days }`.
    private mutating func readStandups(_ node: Node, teamZone: TimeZone) -> [Standup] {
        guard case .sequence(let entries) = node else {
            problem(node, "standups", "must be a list, e.g. - { channel: C0TEAM, workspace: T0TEAM, people: [U0ANA], prompt_at: \"09:30\", digest_at: \"16:00\" }")
            return []
        }
        var standups: [Standup] = []
        for (index, entry) in entries.enumerated() {
            let key = "standups[\(index)]"
            guard let fields = mapping(entry, key: key, allowed: Self.standupKeys) else { continue }
            func required(_ field: String, _ example: String) -> Node? {
                if let value = fields[field] { return value }
                problem(entry, "\(key).\(field)", "missing: \(example)")
                return nil
            }
            let channel = required("channel", "the channel id the digest is posted in, e.g. C0TEAM").flatMap { readTarget($0, key: "\(key).channel") }
            let workspace = required("workspace", "the workspace (Slack team id, Mattermost team id, Matrix server name), e.g. T0TEAM")
                .flatMap { readTarget($0, key: "\(key).workspace") }
            var platform = platforms.first ?? ""
            if let node = fields["platform"] {
                if let name = node.string, platforms.contains(name) { platform = name } else {
                    problem(node, "\(key).platform", "'\(node.string ?? "")' is not a platform; use \(platforms.joined(separator: ", "))")
                }
            }
            var people: [ChatUserID] = []
            if let node = required("people", "the user ids asked, e.g. [U0ANA, U0RAJ]") {
                if case .sequence(let ids) = node, !ids.isEmpty {
                    people = ids.compactMap { readTarget($0, key: "\(key).people").map(ChatUserID.init) }
                } else {
                    problem(node, "\(key).people", "must be a list of user ids, e.g. [U0ANA, U0RAJ]")
                }
            }
            var questions = Standup.defaultQuestions
            if let node = fields["questions"] {
                if case .sequence(let items) = node, !items.isEmpty, items.allSatisfy({ !($0.string ?? "").isEmpty }) {
                    questions = items.compactMap(\.string)
                } else {
                    problem(node, "\(key).questions", "must be a list of questions, e.g. [\"What did you get done?\", \"What is next?\"]")
                }
            }
            let promptAt = required("prompt_at", "each person's local time to be asked, e.g. \"09:30\"").flatMap { readTime($0, key: "\(key).prompt_at") }
            let digestAt = required("digest_at", "the local time of the digest, e.g. \"16:00\"").flatMap { readTime($0, key: "\(key).digest_at") }
            let zone = fields["timezone"].flatMap { readTimeZone($0, key: "\(key).timezone") } ?? teamZone
            let roundDays = readStandupDays(every: fields["every"], days: fields["days"], entry: entry, key: key)
            guard let channel, let workspace, !people.isEmpty, let promptAt, let digestAt else { continue }
            if standups.contains(where: { $0.channel.channelID == channel && $0.channel.workspaceID == workspace && $0.channel.platform == platform }),
               let node = fields["channel"] {
                problem(node, "\(key).channel", "'\(channel)' already has a standup; a channel has one, with everyone in it")
                continue
            }
            standups.append(Standup(
                channel: ChatChannel(platform: platform, workspaceID: workspace, channelID: channel), people: people, promptAt: promptAt,
                questions: questions, digestAt: digestAt, digestTimeZone: zone, roundDays: roundDays))
        }
        return standups
    }

    /// `every: daily` (the default: each of the team's working days) or `every: weekly` with `days: [fri]`.
    private mutating func readStandupDays(every: Node?, days: Node?, entry: Node, key: String) -> Set<Weekday>? {
        switch every?.string {
        case nil where every == nil, "daily":
            if let days { problem(days, "\(key).days", "goes with every: weekly; a daily standup runs on the team's working days") }
            return nil
        case "weekly":
            guard let days else {
                problem(entry, "\(key).days", "missing: the day or days a weekly standup's digest goes out, e.g. days: [fri]")
                return nil
            }
            let weekdays = readDays(days, key: "\(key).days")
            return weekdays.isEmpty ? nil : weekdays
        default:
            problem(every ?? entry, "\(key).every", "must be daily or weekly")
            return nil
        }
    }

    private mutating func readCalendarName(_ node: Node, key: String, known: [String: Set<LocalDate>]) -> String? {
        guard let name = node.string, known[name] != nil else {
            let names = known.keys.sorted().joined(separator: ", ")
            problem(node, key, "'\(node.string ?? "")' is not a holiday calendar; " + (names.isEmpty ? "define it under holiday_calendars" : "calendars are \(names)"))
            return nil
        }
        return name
    }

    // MARK: Values

    /// A user or channel id to escalate to, as the chat platform writes it (e.g. U0123ABC or C0456DEF).
    private mutating func readTarget(_ node: Node, key: String) -> String? {
        guard let target = node.string, !target.isEmpty, !target.contains(where: \.isWhitespace) else {
            problem(node, key, "must be one user or channel id, e.g. U0123ABC or C0456DEF")
            return nil
        }
        return target
    }

    private mutating func readTierName(_ node: Node, key: String, known: [String]) -> String? {
        guard let name = node.string, known.contains(name) else {
            problem(node, key, "'\(node.string ?? "")' is not a tier; tiers are \(known.joined(separator: ", "))")
            return nil
        }
        return name
    }
}
