import Foundation

/// Words and layout of everything the bot says, platform-neutral.
public enum MessageComposer {
    public static func askRecorded(
        _ item: Item, advice: [ContextAdvice], explicitDeadline: Bool, misreadDeadline: String? = nil, tierMeans: String? = nil,
        minimumNotice: (tier: ResponseTier, clause: String)? = nil
    ) -> ChatMessage {
        let basis = explicitDeadline ? "by your deadline" : tierMeans.map { "\(item.tierName): \($0)" } ?? item.tierName
        var spans: [RichText.Span] = [.text("Recorded ask "), .bold(item.id.description), .text(" (\(basis))."), .lineBreak]
        if let misreadDeadline {
            spans += [.text("I read no deadline in "), .code(misreadDeadline), .text("; the \(item.tierName) tier applies. Write e.g. "),
                      .code("by friday 3pm"), .text(" or "), .code("in 2 working days"), .text("."), .lineBreak]
        }
        if let (tier, clause) = minimumNotice, let notice = tier.minNotice {
            spans += [.code(clause), .text(" was sooner than \(tier.name) asks give (at least \(notice) of "
                + (tier.counting == .working ? "working time" : "time") + "), so the deadline moved out to that.")]
            if tier.name != "urgent" {
                spans += [.text(" If it cannot wait, "), .command("cancel \(item.id.rawValue)"), .text(" and ask again with "), .code("!urgent"), .text(".")]
            }
            spans.append(.lineBreak)
        }
        for assignment in item.assignments {
            spans += [.user(assignment.assignee), .text(" is due "), .time(assignment.dueAt), .lineBreak]
        }
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if !advice.isEmpty {
            let hints = advice.map { "• \($0.hint)" }.joined(separator: "\n")
            blocks.append(.section(RichText([.bold("To help them answer without a meeting:"), .lineBreak, .text(hints)])))
        }
        return ChatMessage(fallbackText: "Recorded ask \(item.id)", blocks: blocks)
    }

    /// The item as posted into its channel, with its buttons while it is open.
    public static func itemCard(_ item: Item) -> ChatMessage {
        switch item.kind {
        case .decision: return decisionCard(item)
        case .preread: return prereadCard(item)
        case .ask: break
        }
        var spans: [RichText.Span] = [.bold("Ask \(item.id)"), .text(" from "), .user(item.author)]
        spans += [.text(" · \(item.tierName)"), .lineBreak, .text(cardText(item.request))]
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if let links = linksSection(item.links) { blocks.append(links) }
        var dueSpans: [RichText.Span] = [.bold(statusTitle(item.status))]
        for assignment in item.assignments {
            let state = assignment.status == .done ? " done · was due "
                : assignment.infoRequestedAt != nil ? " asked for more · due "
                : assignment.acknowledgedAt != nil ? " acknowledged · due " : " · due "
            dueSpans += [.lineBreak, .user(assignment.assignee), .text(state), .time(assignment.dueAt)]
        }
        blocks.append(.section(RichText(dueSpans)))
        if item.status == .open { blocks.append(.actions(itemActions(item.id))) }
        blocks.append(.context(RichText(originLine(item) + wholeItemHint(item) + [.text("Reply in this thread to answer · "), .command("done \(item.id.rawValue)"),
                                                              .text(" when finished")])))
        let names = item.assignments.map { "@\($0.assignee)" }.joined(separator: ", ")
        return namingOnlyThoseOutsideTheirHours(ChatMessage(fallbackText: "Ask \(item.id) for \(names): \(item.request)", blocks: blocks), of: item)
    }

    /// A card calls its assignees, except those it comes to outside their working hours: they are called when their
    /// hours begin. Its author, who made it, is named.
    static func namingOnlyThoseOutsideTheirHours(_ card: ChatMessage, of item: Item) -> ChatMessage {
        var card = card
        card.namedOnly = Set(item.assignments.filter { $0.firstCallAt != nil }.map(\.assignee))
        if item.assignment(of: item.author) == nil { card.namedOnly.insert(item.author) }
        return card
    }

    private static func statusTitle(_ status: ItemStatus) -> String {
        switch status {
        case .open: "Waiting on"
        case .done: "Done"
        case .cancelled: "Cancelled"
        case .superseded: "Superseded"
        }
    }

    /// How much of an item's text its card shows; `/show` has the rest.
    static let cardTextLimit = 1_000

    static func cardText(_ text: String) -> String {
        excerpt(text, limit: cardTextLimit)
    }

    /// `/show 42 has the whole ask · `, on a card whose text is shortened.
    static func wholeItemHint(_ item: Item) -> [RichText.Span] {
        guard item.request.count > cardTextLimit else { return [] }
        return [.command("show \(item.id.rawValue)"), .text(" has the whole \(item.kind.noun) · ")]
    }

    public static func inbox(_ items: [Item], for user: ChatUserID, page: ListPage) -> ChatMessage {
        guard !items.isEmpty else { return plain("Nothing waits on you. :tada:") }
        let shown = page.positions(in: items.count)
        guard !shown.isEmpty else { return page.beyond(listing: items.count, with: .inbox) }
        var spans: [RichText.Span] = [.bold("Waiting on you (\(items.count))")]
        for item in items[shown] {
            let due = item.assignment(of: user)?.dueAt ?? item.createdAt
            spans += [.lineBreak, .bold(item.id.description), .text(" due "), .time(due), .text(" from "), .user(item.author)]
            if item.assignment(of: user)?.infoRequestedAt != nil { spans.append(.text(" (you asked them for more)")) }
            spans += [.text(": \(excerpt(item.meeting.map { "pre-read for \($0.title)" } ?? item.request))")]
        }
        return ChatMessage(fallbackText: "\(items.count) items wait on you",
                           blocks: [.section(RichText(spans))] + [page.footer(listing: items.count, with: .inbox)].compactMap { $0 })
    }

    public static func sent(_ items: [Item], page: ListPage) -> ChatMessage {
        guard !items.isEmpty else { return plain("You are not waiting on anyone.") }
        let shown = page.positions(in: items.count)
        guard !shown.isEmpty else { return page.beyond(listing: items.count, with: .sent) }
        var spans: [RichText.Span] = [.bold("You are waiting on (\(items.count))")]
        for item in items[shown] {
            spans += [.lineBreak, .bold(item.id.description), .text(" ")]
            let open = item.assignments.filter { $0.status == .open }
            for (index, assignment) in open.enumerated() {
                if index > 0 { spans.append(.text(", ")) }
                spans += [.user(assignment.assignee), .text(assignment.infoRequestedAt == nil ? " by " : " needs more from you, due "),
                          .time(assignment.dueAt)]
            }
            spans.append(.text(": \(excerpt(item.request))"))
        }
        return ChatMessage(fallbackText: "You wait on \(items.count) items",
                           blocks: [.section(RichText(spans))] + [page.footer(listing: items.count, with: .sent)].compactMap { $0 })
    }

    /// The answer to a change someone made to an item: `/done`, `/cancel`, `/ack`, `/snooze` or a button.
    public static func response(_ outcome: ItemResponses.Outcome, to change: ItemChange, by user: ChatUserID) -> ChatMessage {
        if let item = outcome.item, item.kind == .preread, let answer = prereadResponse(outcome, to: change, by: user) { return answer }
        switch outcome {
        case .changed(let item):
            switch change {
            case .acknowledge:
                return plain([.text("Acknowledged \(item.id); its reminders stop. "), .command("done \(item.id.rawValue)"),
                              .text(" when you have finished.")])
            case .snooze:
                let until = item.assignment(of: user)?.snoozedUntil ?? item.createdAt
                return ChatMessage(
                    fallbackText: "Snoozed \(item.id).",
                    blocks: [.section(RichText([.text("Snoozed \(item.id) until "), .time(until),
                                                .text("; its reminders wait until then. The deadline stays.")]))])
            case .cancel:
                return plain("Cancelled \(item.id).")
            case .requestInfo:
                return infoRequested(item, withQuestion: false)
            case .finish, .markRead, .raiseQuestion:
                guard item.assignment(of: user) != nil else { return plain("Closed \(item.id) as done.") }
                if item.status == .done { return plain("Marked \(item.id) done. Everyone's part is finished.") }
                let waiting = item.assignments.filter { $0.status == .open }.count
                return plain("Marked your part of \(item.id) done; \(waiting) more still to answer.")
            }
        case .notFound(let id):
            return noSuchItem(id)
        case .alreadyClosed(let item):
            return plain("\(item.id) is already \(item.status.rawValue).")
        case .notYours(let item):
            let who = switch change {
            case .cancel: "only the person who asked"
            case .finish: "only the person who asked or an assignee"
            case .acknowledge, .snooze, .markRead, .raiseQuestion, .requestInfo: "only an assignee"
            }
            return plain("You can't \(change.attempt(on: item.id)): \(who) can.")
        case .wrongKind(let item):
            switch item.kind {
            case .decision:
                return plain([.text("\(item.id) is a decision, not an ask; "), .command("decision supersede \(item.id.rawValue) …"), .text(" replaces it.")])
            case .preread:
                return plain([.text("\(item.id) is a pre-read; "), .command("preread read \(item.id.rawValue)"), .text(" marks it read.")])
            case .ask:
                return plain([.text("\(item.id) is an ask; "), .command("done \(item.id.rawValue)"), .text(" and "),
                              .command("ack \(item.id.rawValue)"), .text(" act on it.")])
            }
        case .unchanged(let item):
            if change == .requestInfo, item.assignment(of: user)?.status == .open { return infoAlreadyRequested(item) }
            let state = item.assignment(of: user)?.status == .done ? "done" : "acknowledged"
            return plain("Your part of \(item.id) is already \(state); nothing changed.")
        case .unreadableSnooze(let id, let error, let clause):
            return unreadableTime(
                error, clause: clause, noun: "the time",
                retry: RichText([.text("Nothing changed; try e.g. "), .command("snooze \(id.rawValue) 2h"), .text(" or "),
                                 .command("snooze \(id.rawValue) tomorrow"), .text(".")]))
        }
    }

    public static func noSuchItem(_ id: ItemID) -> ChatMessage {
        plain([.text("There is no item \(id) in this workspace. "), .command("inbox"), .text(" and "), .command("sent"), .text(" list yours.")])
    }

    public static func unreadableDeadline(_ error: TimeExpressionError, clause: String) -> ChatMessage {
        unreadableTime(error, clause: clause, noun: "the deadline", retry: "Nothing was recorded; send the ask again with a deadline I can read.")
    }

    static func unreadableTime(_ error: TimeExpressionError, clause: String, noun: String, retry: RichText) -> ChatMessage {
        let explanation: RichText
        switch error {
        case .unreadable(let understood, let example):
            let partial = understood.isEmpty ? "" : " I understood `\(understood)` but not the rest."
            explanation = .text("I couldn't read \(noun) `\(clause)`.\(partial) Try e.g. \(example).")
        case .ambiguous(let text, let example):
            explanation = .text("`\(text)` could mean more than one date: \(example).")
        case .inThePast(let date):
            explanation = RichText([.text("\(noun.capitalizedFirst) `\(clause)` ("), .time(date), .text(") has already passed.")])
        case .tooFarAhead:
            explanation = .text("\(noun.capitalizedFirst) `\(clause)` is more than five years away; is the number right?")
        case .noSuchDate(let written):
            explanation = .text("There is no such date as `\(written)`.")
        }
        return ChatMessage(fallbackText: explanation.plainText + " " + retry.plainText, blocks: [.section(explanation), .context(retry)])
    }

    /// The channel's effective policy in plain words.
    public static func policy(_ policy: ResponsePolicy, channel: String) -> ChatMessage {
        let defaultTier = policy.defaultTier(forChannel: channel)
        var spans: [RichText.Span] = [
            .text("Asks here are "), .bold(defaultTier.name), .text(" unless they say otherwise ("), .code("!tier"),
            .text(" or "), .code("by <when>"), .text(")."),
        ]
        for tier in policy.tiers(inChannel: channel) {
            spans += [.lineBreak, .text("• "), .bold(tier.name)]
            if let means = tier.means { spans.append(.text(" (\(means))")) }
            spans += [.text(": answer within \(tier.respondWithin) of "
                + (tier.counting == .working ? "the assignee's working time" : "calendar time"))]
            let reminders = tier.remindAt.map { point -> String in
                switch point {
                case .shareOfWindow(let share): "\(Int((share * 100).rounded()))% in"
                case .beforeDeadline(let lead): "\(lead) before"
                }
            }
            if tier.reminders == .daily {
                spans.append(.text("; reminders in one message at the start of each working day"))
            } else if !reminders.isEmpty {
                spans.append(.text("; reminders \(reminders.joined(separator: ", "))"))
            }
            if let notice = tier.minNotice { spans.append(.text("; deadlines at least \(notice) ahead")) }
            if let after = tier.escalateAfter {
                spans.append(.text("; escalates \(after) after the deadline to "))
                spans.append(policy.escalationTarget(for: tier, inChannel: channel).map { .code($0) } ?? .text("this channel"))
            }
        }
        let holidays = policy.workingHours.holidays.count
        spans += [.lineBreak, .text("Team hours: \(policy.workingHours.summary)\(holidays > 0 ? ", \(holidays) holidays" : ""). "
            + "Everyone's own "), .command("hours"), .text(" and "), .command("away"), .text(" apply to asks to them. "
            + "An ask or pre-read names at most \(policy.maxAssignees) people.")]
        return ChatMessage(fallbackText: "Asks here are \(defaultTier.name) by default.", blocks: [.section(RichText(spans))])
    }

    /// A channel's response figures over the last `days` days, one line per tier.
    public static func stats(_ figures: [ResponseStatistics], days: Int) -> ChatMessage {
        let period = days == 1 ? "the last day" : "the last \(days) days"
        guard !figures.isEmpty else { return plain("No asks here in \(period), and none overdue.") }
        var spans: [RichText.Span] = [.bold("Asks here in \(period)")]
        for tier in figures {
            var parts = ["\(tier.asksCreated) asked"]
            if let median = tier.medianTimeToFirstResponse, let p90 = tier.p90TimeToFirstResponse {
                parts.append("first response in \(durationText(median)) (median), \(durationText(p90)) (p90) of working time")
            }
            if let share = tier.shareWithinExpectation { parts.append("\(Int((share * 100).rounded()))% within the expected time") }
            if tier.overdueNow > 0 { parts.append("\(tier.overdueNow) overdue now") }
            spans += [.lineBreak, .text("• "), .bold(tier.tier), .text(": " + parts.joined(separator: " · "))]
        }
        return ChatMessage(fallbackText: "Asks here in \(period)", blocks: [
            .section(RichText(spans)),
            .context(.text("Response times count each assignee's working hours; the share counts each assignee's part answered or past its deadline.")),
        ])
    }

    public static func hours(_ hours: WorkingHours, own: PersonalSettings) -> ChatMessage {
        let mine = [
            own.timeZoneName != nil ? "zone" : nil, own.week != nil || own.days != nil ? "days" : nil,
            own.week != nil || own.blocks != nil ? "hours" : nil, own.focus != nil ? "focus time" : nil,
        ].compactMap { $0 }
        var source = mine.isEmpty ? "all from the team's policy" : "your own \(mine.joined(separator: ", ")), the rest from the team's policy"
        if own.timeZoneName == nil, own.directoryTimeZoneName != nil { source += "; zone from your chat profile" }
        return ChatMessage(
            fallbackText: "Your working hours: \(hours.summary)",
            blocks: [
                .section(RichText([.bold("Your working hours: "), .text("\(hours.summary) (\(source)).")])),
                .context(RichText([
                    .text("Deadlines of new asks to you count only these hours. Change them with "),
                    .command("hours \(Self.hoursExample)"), .text("; "), .command("hours focus 09:00-11:00 mon-fri"),
                    .text(" keeps reminders and calls out of your focus time; "), .command("hours reset"),
                    .text(" follows the team again."),
                ])),
                nudgeSetting(own.nudges),
            ])
    }

    /// The answer to `/away`: the person's time away.
    public static func away(_ ranges: [DateRange]) -> ChatMessage {
        guard !ranges.isEmpty else {
            return plain([.text("No time away recorded. Add some with "), .command("away dec 20..jan 4"), .text(".")])
        }
        let list = ranges.map(\.description).joined(separator: ", ")
        return plain([.text("Your time away: \(list). "), .command("away clear"), .text(" removes it all.")])
    }

    public static func awayInThePast(_ range: DateRange) -> ChatMessage {
        plain("\(range) is already over; nothing was recorded.")
    }

    /// `/away` named days that could not be read as days.
    public static func unreadableAway(_ error: TimeExpressionError, typed: TypedDayRange) -> ChatMessage {
        unreadableTime(error, clause: typed.description, noun: "the days away", retry: "Nothing was recorded.")
    }

    /// `/away` named days that read as no stretch of time, or as more than a year of it: a typo, most likely.
    public static func awayNotOneStretch(_ typed: TypedDayRange, first: LocalDate, last: LocalDate) -> ChatMessage {
        let reading = "\(first)..\(last)" == typed.description ? "" : " (read as \(first)..\(last))"
        return plain([.text("`\(typed)`\(reading) is not a stretch of days of at most a year; nothing was recorded. E.g. ")] + awayExamples)
    }

    private static let awayExamples: [RichText.Span] = [
        .command("away dec 20..jan 4"), .text(", "), .command("away friday"), .text(", "), .command("away 2026-12-24"), .text(" or "),
        .command("away clear"), .text("."),
    ]

    /// To an item's author, when one of its posts could not be delivered and will not be tried again.
    public static func deadPost(_ kind: PostKind, of item: Item, in channel: ChatChannel, reason: String) -> ChatMessage {
        let what = switch kind {
        case .itemCard: "The card of \(item.id)"
        case .cardUpdate: "The update of \(item.id)'s card"
        case .firstCall, .reminder, .overdue: "A reminder about \(item.id)"
        case .escalation: "The escalation of \(item.id)"
        case .prereadSummary: "The summary of pre-read \(item.id)"
        case .threadCall: "A call in the thread of \(item.id)"
        case .digest, .notice, .standupDigest, .standupPrompt, .dailyNudge, .publication: "A post about \(item.id)"
        }
        return plain([
            .text("\(what) could not be posted in "), .channel(channel.channelID), .text(", and will not be tried again: \(reason). "),
            .text("Check that the bot is still in that channel and can post there ("), .command("sent"),
            .text(" lists your open asks); an admin can send it again with "), .code("unhurried outbox retry"), .text("."),
        ])
    }

    /// The store could not record the command; nothing was saved.
    public static let temporaryFailure = plain(
        "Sorry, that could not be saved just now and nothing was recorded. Please try again in a moment.")

    public static func error(_ error: CommandError) -> ChatMessage {
        let explanation: RichText
        switch error {
        case .emptyCommand:
            explanation = .text("Say what to do: one of \(Verb.names).")
        case .unknownVerb(let verb):
            explanation = .text("I don't know `\(verb)`. Try one of \(Verb.names).")
        case .askWithoutAssignee:
            explanation = RichText([.text("An ask needs someone to ask: mention them, e.g. "),
                                    .command("ask @bob review the launch plan https://… — is the date realistic?")])
        case .askWithoutRequest:
            explanation = .text("Say what you are asking for after the mentions.")
        case .unknownTier(let tier, let known):
            explanation = .text("There is no tier `\(tier)`. Tiers here: \(known.map { "!\($0)" }.joined(separator: ", ")).")
        case .conflictingTiers(let tiers):
            explanation = .text("Pick one tier, not \(tiers.map { "!\($0)" }.joined(separator: " and ")).")
        case .missingItemID(let verb):
            explanation = RichText([.text("Which item? e.g. "), .command("\(verb) 42"), .text(" (the number is on the item).")])
        case .invalidItemID(let verb, let text):
            explanation = RichText([.text("`\(text)` is not an item number; e.g. "), .command("\(verb) 42"), .text(".")])
        case .unexpectedArguments(let verb):
            explanation = .text("`\(verb)` takes no arguments.")
        case .unreadableHours(let word):
            explanation = RichText([
                .text("`\(word)` is not days (mon-fri or mon,wed,fri), hours (08:00-16:00 or 08:00-12:00,13:00-17:00) or an IANA time zone (Europe/Berlin). e.g. "),
                .command("hours \(Self.hoursExample)"), .text(", or "), .command("hours reset"), .text("."),
            ])
        case .unpairedHours(let word):
            explanation = RichText([
                .text("`\(word)` needs \(ClockRange.blocks(parsing: word) != nil ? "days with it" : "hours after it"): give each group of days its hours, e.g. "),
                .command("hours \(Self.hoursExample)"), .text("."),
            ])
        case .unreadableNudges(let words):
            explanation = RichText([
                .text(words.map { "`\($0)` is not a way to be reminded. " } ?? ""), .command("hours nudges daily"),
                .text(" sends one message at the start of your working day listing what waits on you; "), .command("hours nudges each"),
                .text(" sends a reminder per ask."),
            ])
        case .prereadWithoutTitle:
            explanation = RichText([.text("Give the meeting a title before `at`, e.g. "), .command(Self.prereadExample), .text(".")])
        case .prereadWithoutTime:
            explanation = RichText([.text("Say when the meeting is, after `at`: e.g. "), .command(Self.prereadExample), .text(".")])
        case .prereadWithoutReaders:
            explanation = RichText([.text("Mention who should read it (or add `for @ana @raj`): e.g. "), .command(Self.prereadExample), .text(".")])
        case .unreadablePostLead(let text):
            explanation = RichText([.text("`\(text)` is not a duration; e.g. "), .code("post 2d before"), .text(" or "), .code("post 4h before"), .text(".")])
        case .updateWithoutText:
            explanation = RichText([.text("Say what your update is, e.g. "), .command("update Shipped the export; next the pre-reads; no blockers"),
                                    .text(".")])
        case .overlapWithoutPeople:
            explanation = RichText([.text("Name the people to meet, e.g. "), .command("overlap @ana @raj"), .text(".")])
        case .searchWithoutWords:
            explanation = RichText([.text("Say what to look for, e.g. "), .command("search pricing"), .text(".")])
        case .decisionWithoutText:
            explanation = RichText([.text("Say what was decided, e.g. "), .command("decision we launch on Dec 3, see https://… #launch"), .text(".")])
        case .unreadableStatsPeriod(let text):
            explanation = RichText([.text("`\(text)` is not a period; e.g. "), .command("stats 7d"), .text(" or "), .command("stats 30d"), .text(".")])
        case .invalidPage(let verb, let text):
            explanation = RichText([.text("`\(text)` is not a page number; e.g. "), .command("\(verb) 2"), .text(".")])
        case .tooLong(let characters, let limit):
            explanation = .text(
                "That is \(characters.formatted()) characters; a command takes at most \(limit.formatted()). Put the detail in a document and link it.")
        case .tooManyPeople(let count, let limit):
            explanation = .text(
                "That names \(count) people; one ask or pre-read may name at most \(limit) here. Ask a smaller group, or post it in a channel they share.")
        case .unreadableAway(let text):
            explanation = RichText([.text("`\(text)` is not a day or a range of days; e.g. ")] + awayExamples)
        }
        return ChatMessage(
            fallbackText: explanation.plainText,
            blocks: [.section(explanation), .context(RichText([.command("help"), .text(" lists every command.")]))])
    }

    /// Every verb's forms, one a line, from `Verb`.
    public static let help = ChatMessage(
        fallbackText: "Unhurried commands",
        blocks: [
            .section(RichText([
                .bold("Unhurried"), .text(" turns requests into tracked async asks with a response time counted in each person's working hours."),
            ])),
            .section(RichText(Array(Verb.allCases.flatMap { verb in
                verb.forms.map { form -> [RichText.Span] in
                    [.command(form.arguments.isEmpty ? verb.rawValue : "\(verb.rawValue) \(form.arguments)"), .text(" — \(form.summary)")]
                }
            }.joined(separator: [.lineBreak])))),
        ])

    static let hoursExample = "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin"
    static let prereadExample = "preread Q3 planning at thursday 15:00 for @ana @raj Agenda: budget, hiring https://…"

    /// The links of a card, one a line under a heading; nil when there are none.
    static func linksSection(_ links: [Link], titled title: String = "Links") -> MessageBlock? {
        guard !links.isEmpty else { return nil }
        return .section(RichText([.bold(title)] + links.flatMap { [.lineBreak, .link($0)] }))
    }

    /// `@ana, @raj, @li`.
    static func people(_ users: [ChatUserID]) -> [RichText.Span] {
        Array(users.map { [RichText.Span.user($0)] }.joined(separator: [.text(", ")]))
    }

    static func plain(_ text: String) -> ChatMessage {
        ChatMessage(fallbackText: text, blocks: [.section(.text(text))])
    }

    static func plain(_ spans: [RichText.Span]) -> ChatMessage {
        let text = RichText(spans)
        return ChatMessage(fallbackText: text.plainText, blocks: [.section(text)])
    }

    /// At most `limit` characters of `text`, the last an "…" when it was cut.
    static func excerpt(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
