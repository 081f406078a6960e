import Foundation
import Testing
import UnhurriedConfiguration
import UnhurriedCore

/// The platforms a standup may name, as `serve` passes the registered ones.
let testPlatforms = ["slack", "mattermost", "matrix"]

@Suite struct PolicyFileTests {
    @Test func readsACompletePolicy() throws {
        let policy = try PolicyFile.parse("""
            version: 1
            timezone: Europe/Berlin
            working_hours:
              days: [mon, tue, wed, thu]
              from: "08:30"
              to: "16:00"
            holidays: [2026-12-24, 2026-12-25]
            tiers:
              urgent: { respond_within: 3h }
              standard: { respond_within: 1d }
              oncall: { respond_within: 30m, counting: calendar, remind_at: [50%, 5m], remind_via: [dm], escalate_after: 15m, escalate_to: U0LEAD }
            default_tier: standard
            explicit_deadlines: earlier
            digest_at: "09:30"
            weekly_digest: { day: fri, at: "16:00" }
            preread: { post_before: 2d, remind_before: 2h }
            standups:
              - { channel: C0TEAM, workspace: T0TEAM, people: [U0ANA, U0RAJ], prompt_at: "09:30", digest_at: "16:00", timezone: Europe/Berlin }
              - channel: "!room:example.org"
                workspace: example.org
                platform: matrix
                people: ["@ana:example.org"]
                prompt_at: "10:00"
                questions: [What moved?]
                digest_at: "15:00"
                every: weekly
                days: [fri]
            channels:
              C0INCIDENTS: { default_tier: oncall, escalate_to: C0OPS, digest_at: off }
              C0LATE: { digest_at: "11:00" }
            """, file: "policy.yaml", platforms: testPlatforms)
        #expect(policy.digestTime(forChannel: "C0OTHER") == TimeOfDay(hour: 9, minute: 30))
        #expect(policy.digestTime(forChannel: "C0INCIDENTS") == nil)
        #expect(policy.digestTime(forChannel: "C0LATE") == TimeOfDay(hour: 11, minute: 0))
        #expect(policy.tiers.map(\.name) == ["urgent", "standard", "oncall"])
        #expect(policy.explicitDeadlines == .earlier)
        #expect(policy.weeklyDigest == WeeklyDigestTime(day: .friday, at: TimeOfDay(hour: 16, minute: 0)!))
        #expect(policy.standups == [
            Standup(
                channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0TEAM"), people: [ChatUserID("U0ANA"), ChatUserID("U0RAJ")],
                promptAt: TimeOfDay(hour: 9, minute: 30)!, digestAt: TimeOfDay(hour: 16, minute: 0)!, digestTimeZone: TimeZone(identifier: "Europe/Berlin")!),
            Standup(
                channel: ChatChannel(platform: "matrix", workspaceID: "example.org", channelID: "!room:example.org"),
                people: [ChatUserID("@ana:example.org")], promptAt: TimeOfDay(hour: 10, minute: 0)!, questions: ["What moved?"],
                digestAt: TimeOfDay(hour: 15, minute: 0)!, digestTimeZone: policy.workingHours.timeZone, roundDays: [.friday]),
        ])
        #expect(policy.prereads == PrereadPolicy(postBefore: PolicyDuration(days: 2), remindBefore: PolicyDuration(seconds: 7200)))
        let oncall = try #require(policy.tier(named: "oncall"))
        #expect(oncall.counting == .calendar)
        #expect(oncall.remindAt == [.shareOfWindow(0.5), .beforeDeadline(PolicyDuration(seconds: 300))])
        #expect(oncall.escalateAfter == PolicyDuration(seconds: 900))
        #expect(oncall.remindVia == [.dm])
        #expect(policy.tier(named: "urgent")?.remindVia == [.thread, .dm])
        #expect(policy.escalationTarget(for: oncall, inChannel: "C0INCIDENTS") == "C0OPS")
        #expect(policy.escalationTarget(for: oncall, inChannel: "C0OTHER") == "U0LEAD")
        #expect(policy.tier(named: "urgent")?.respondWithin == PolicyDuration(seconds: 3 * 3600))
        #expect(policy.defaultTier(forChannel: "C0INCIDENTS").name == "oncall")
        #expect(policy.defaultTier(forChannel: "C0OTHER").name == "standard")
        #expect(policy.workingHours.timeZone.identifier == "Europe/Berlin")
        #expect(policy.workingHours.days == [.monday, .tuesday, .wednesday, .thursday])
        #expect(policy.workingHours.schedule.blocks(on: .monday).first?.from == TimeOfDay(hour: 8, minute: 30))
        #expect(policy.workingHours.holidays == [LocalDate(year: 2026, month: 12, day: 24)!, LocalDate(year: 2026, month: 12, day: 25)!])
    }

    @Test func readsWhetherNewcomersAreWelcomedForTheTeamAndPerChannel() throws {
        let policy = try PolicyFile.parse("""
            welcome: on
            channels:
              C0QUIET: { welcome: off }
              C0LOUD: { welcome: true }
              C0TIERED: { default_tier: low }
            """, file: "p.yaml", platforms: testPlatforms)
        #expect(policy.welcomesNewcomers(inChannel: "C0ANY") && policy.welcomesNewcomers(inChannel: "C0TIERED"))
        #expect(!policy.welcomesNewcomers(inChannel: "C0QUIET") && policy.welcomesNewcomers(inChannel: "C0LOUD"))
        let channelOnly = try PolicyFile.parse("channels:\n  C0LOUD: { welcome: on }\n", file: "p.yaml", platforms: testPlatforms)
        #expect(!channelOnly.welcomesNewcomers(inChannel: "C0ANY") && channelOnly.welcomesNewcomers(inChannel: "C0LOUD"))
    }

    @Test func readsRegionalHolidaysAndChannelTiers() throws {
        let policy = try PolicyFile.parse("""
            holidays: [2026-12-25]
            holiday_calendars:
              de: [2026-10-03]
              us: [2026-11-26]
            people:
              U0HANS: { holiday_calendar: de }
            channels:
              C0US:
                holiday_calendar: us
                default_tier: hotfix
                tiers:
                  hotfix: { respond_within: 1h, counting: calendar }
                  standard: { respond_within: 2d }
            """, file: "p.yaml", platforms: testPlatforms)
        let hans = policy.workingHours(for: ChatUserID("U0HANS"), inChannel: "C0US")
        #expect(hans.holidays == [LocalDate(year: 2026, month: 12, day: 25)!, LocalDate(year: 2026, month: 10, day: 3)!])
        let amy = policy.workingHours(for: ChatUserID("U0AMY"), inChannel: "C0US")
        #expect(amy.holidays == [LocalDate(year: 2026, month: 12, day: 25)!, LocalDate(year: 2026, month: 11, day: 26)!])
        #expect(policy.workingHours(for: ChatUserID("U0AMY"), inChannel: "C0OTHER").holidays == [LocalDate(year: 2026, month: 12, day: 25)!])
        #expect(policy.tiers(inChannel: "C0US").map(\.name) == ["urgent", "standard", "low", "hotfix"])
        #expect(policy.tier(named: "standard", inChannel: "C0US")?.respondWithin == PolicyDuration(days: 2))
        #expect(policy.tier(named: "standard", inChannel: "C0OTHER")?.respondWithin == PolicyDuration(days: 1))
        #expect(policy.defaultTier(forChannel: "C0US").name == "hotfix")
        #expect(policy.tier(named: "hotfix", inChannel: "C0OTHER") == nil)
    }

    @Test func readsSplitPerDayHoursFocusAndPeoplesOwn() throws {
        let policy = try PolicyFile.parse("""
            timezone: Europe/Berlin
            working_hours: mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00
            focus: "09:00-10:00"
            people:
              U0ANA: { working_hours: "tue-sat 10:00-18:00", focus: none }
              U0RAJ: { focus: "mon,wed 14:00-16:00" }
            """, file: "policy.yaml", platforms: testPlatforms)
        #expect(policy.workingHours.summary == "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin, focus mon-sun 09:00-10:00")
        #expect(policy.workingHours(for: ChatUserID("U0ANA"), inChannel: "C1").summary == "tue-sat 10:00-18:00 Europe/Berlin")
        #expect(policy.workingHours(for: ChatUserID("U0RAJ"), inChannel: "C1").summary
            == "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin, focus mon,wed 14:00-16:00")
        // What someone set with /hours comes before the policy's line for them.
        let own = PersonalSettings(days: [.monday])
        #expect(policy.workingHours(for: ChatUserID("U0ANA"), inChannel: "C1", personal: own).schedule.description == "mon 10:00-18:00")
        // The older form still reads, and hours alone keep Monday to Friday.
        let old = try PolicyFile.parse("working_hours: { days: [mon, tue], from: \"07:00\", to: \"15:00\" }\n", file: "p.yaml", platforms: testPlatforms)
        #expect(old.workingHours.schedule.description == "mon,tue 07:00-15:00")
        let bare = try PolicyFile.parse("working_hours: \"10:00-12:00,13:00-18:00\"\n", file: "p.yaml", platforms: testPlatforms)
        #expect(bare.workingHours.schedule.description == "mon-fri 10:00-12:00,13:00-18:00")
    }

    @Test func theShippedExampleIsValid() throws {
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/unhurried.example.yaml")
        let policy = try PolicyFile.load(path: example.path, platforms: testPlatforms)
        #expect(policy.tiers.map(\.name) == ["urgent", "standard", "low"])
        #expect(policy.tiers.allSatisfy { $0.means != nil })
        #expect(policy.tiers.map(\.minNotice) == [nil, PolicyDuration(seconds: 4 * 3600), PolicyDuration(days: 1)])
        #expect(policy.tiers.map(\.reminders) == [.each, .each, .daily])
        #expect(policy.trackReaction == .defaultTrack)
    }

    @Test func namesTheTrackReactionByItsSharedName() throws {
        #expect(try PolicyFile.parse("track_reaction: \":eyes:\"\n", file: "p.yaml", platforms: testPlatforms).trackReaction.character == "👀")
        #expect(try PolicyFile.parse("max_assignees: 3\n", file: "p.yaml", platforms: testPlatforms).trackReaction.name == "hourglass_flowing_sand")
    }

    @Test func namesTheTeamsReactionThatFinishesAPart() throws {
        #expect(try PolicyFile.parse("teams_done_reaction: Heart\n", file: "p.yaml", platforms: testPlatforms).teamsDoneReaction == "heart")
        #expect(try PolicyFile.parse("max_assignees: 3\n", file: "p.yaml", platforms: testPlatforms).teamsDoneReaction == "like")
    }

    @Test(arguments: [
        ("tiers:\n  standard: { respond_within: 1d }\ncolour: blue\n", "policy.yaml:3:1: colour: unknown key"),
        ("timezone: Mars/Olympus\n", "policy.yaml:1:11: timezone: 'Mars/Olympus' is not an IANA time zone"),
        ("working_hours:\n  from: \"17:00\"\n  to: \"09:00\"\n", "policy.yaml:3:7: working_hours.to: must be later than from (17:00)"),
        ("working_hours:\n  from: 9am\n", "policy.yaml:2:9: working_hours.from: '9am' is not a time of day"),
        ("working_hours:\n  days: [mon, funday]\n", "policy.yaml:2:15: working_hours.days: 'funday' is not a day"),
        ("working_hours: mon-thu 08:00-12:00 fri\n", "policy.yaml:1:16: working_hours: 'fri' needs its hours"),
        ("working_hours: \"mon-fri 08:00-12:00,11:00-13:00\"\n", "policy.yaml:1:16: working_hours: '08:00-12:00,11:00-13:00' is not days"),
        ("focus: mon-fri\n", "policy.yaml:1:8: focus: needs hours"),
        ("people:\n  U1: { working_hours: \"17:00-09:00 mon\" }\n", "policy.yaml:2:24: people.U1.working_hours: '17:00-09:00' is not days"),
        ("tiers: {}\n", "policy.yaml:1:8: tiers: define at least one tier"),
        ("tiers:\n  fast: { respond_within: soon }\ndefault_tier: fast\n", "policy.yaml:2:27: tiers.fast.respond_within: 'soon' is not a duration"),
        ("tiers:\n  fast: { within: 1h }\n", "policy.yaml:2:11: tiers.fast.within: unknown key"),
        ("tiers:\n  fast: { respond_within: 1h, counting: sometimes }\ndefault_tier: fast\n", "policy.yaml:2:41: tiers.fast.counting: must be working or calendar"),
        ("default_tier: glacial\n", "policy.yaml:1:15: default_tier: 'glacial' is not a tier; tiers are urgent, standard, low"),
        ("channels:\n  C1: { default_tier: nope }\n", "policy.yaml:2:23: channels.C1.default_tier: 'nope' is not a tier"),
        ("holidays: [2026-02-30]\n", "policy.yaml:1:12: holidays: '2026-02-30' is not a date"),
        ("max_assignees: 0\n", "policy.yaml:1:16: max_assignees: must be a whole number from 1 to 500"),
        ("max_assignees: lots\n", "policy.yaml:1:16: max_assignees: must be a whole number from 1 to 500"),
        ("track_reaction: party_parrot\n", "policy.yaml:1:17: track_reaction: must be one of hourglass_flowing_sand, hourglass, eyes"),
        ("teams_done_reaction: white_check_mark\n", "policy.yaml:1:22: teams_done_reaction: must be one of like, heart, laugh, surprised, sad, angry"),
        ("people:\n  U1: { holiday_calendar: mars }\n", "policy.yaml:2:27: people.U1.holiday_calendar: 'mars' is not a holiday calendar; define it under holiday_calendars"),
        ("holiday_calendars:\n  de: [2026-10-03]\nchannels:\n  C1: { holiday_calendar: fr }\n", "policy.yaml:4:27: channels.C1.holiday_calendar: 'fr' is not a holiday calendar; calendars are de"),
        ("channels:\n  C1:\n    tiers:\n      fast: { respond_within: soon }\n", "policy.yaml:4:31: channels.C1.tiers.fast.respond_within: 'soon' is not a duration"),
        ("channels:\n  C1: { default_tier: fast }\n", "policy.yaml:2:23: channels.C1.default_tier: 'fast' is not a tier"),
        ("holiday_calendars:\n  de: 2026-10-03\n", "policy.yaml:2:7: holiday_calendars.de: must be a list of dates"),
        ("tiers:\n  a: { respond_within: 99999999999999999d }\ndefault_tier: a\n", "policy.yaml:2:24: tiers.a.respond_within: '99999999999999999d' is not a duration of at most 3650d"),
        ("tiers:\n  a: { respond_within: 3651d }\ndefault_tier: a\n", "policy.yaml:2:24: tiers.a.respond_within: '3651d' is not a duration"),
        ("explicit_deadlines: latest\n", "policy.yaml:1:21: explicit_deadlines: must be replace"),
        ("version: 7\n", "policy.yaml:1:10: version: written for a newer release (version 7)"),
        ("tiers: [a, b]\n", "policy.yaml:1:8: tiers: must be a mapping"),
        ("tiers:\n  a: { respond_within: 1h\n", "policy.yaml:3:1: (syntax):"),
        ("", "policy.yaml:1:1: (file): the file is empty"),
        ("tiers:\n  a: { respond_within: 1h, remind_at: [150%] }\ndefault_tier: a\n", "policy.yaml:2:40: tiers.a.remind_at: '150%' is not a share"),
        ("tiers:\n  a: { respond_within: 1h, remind_at: [soon] }\ndefault_tier: a\n", "policy.yaml:2:40: tiers.a.remind_at: 'soon' is neither"),
        ("tiers:\n  a: { respond_within: 1h, remind_at: 50% }\ndefault_tier: a\n", "policy.yaml:2:39: tiers.a.remind_at: must be a list"),
        ("tiers:\n  a: { respond_within: 1h, remind_via: [email] }\ndefault_tier: a\n", "policy.yaml:2:41: tiers.a.remind_via: 'email' is not a route; use thread, dm"),
        ("tiers:\n  a: { respond_within: 1h, remind_via: dm }\ndefault_tier: a\n", "policy.yaml:2:40: tiers.a.remind_via: must be a list of thread, dm"),
        ("digest_at: noon\n", "policy.yaml:1:12: digest_at: 'noon' is not a time of day"),
        ("welcome: sometimes\n", "policy.yaml:1:10: welcome: must be on or off"),
        ("channels:\n  C1: { welcome: 1 }\n", "policy.yaml:2:18: channels.C1.welcome: must be on or off"),
        ("weekly_digest: { day: someday, at: \"09:30\" }\n", "policy.yaml:1:23: weekly_digest.day: 'someday' is not a day"),
        ("weekly_digest: { day: mon }\n", "policy.yaml:1:16: weekly_digest: needs day and at"),
        ("preread: { post_before: soon }\n", "policy.yaml:1:25: preread.post_before: 'soon' is not a duration"),
        ("standups: { channel: C1 }\n", "policy.yaml:1:11: standups: must be a list"),
        ("standups:\n  - { channel: C1, workspace: T1, people: [U1], prompt_at: \"09:30\", digest_at: \"16:00\", every: weekly }\n",
         "policy.yaml:2:5: standups[0].days: missing: the day or days a weekly standup's digest goes out"),
        ("standups:\n  - { channel: C1, workspace: T1, people: [U1], prompt_at: \"09:30\", digest_at: \"16:00\", days: [fri] }\n",
         "policy.yaml:2:95: standups[0].days: goes with every: weekly"),
        ("standups:\n  - { channel: C1, workspace: T1, people: [U1], prompt_at: \"09:30\", digest_at: \"16:00\", every: monthly }\n",
         "policy.yaml:2:96: standups[0].every: must be daily or weekly"),
        ("standups:\n  - { channel: C1, workspace: T1, people: [U1], digest_at: \"16:00\" }\n", "policy.yaml:2:5: standups[0].prompt_at: missing"),
        ("standups:\n  - { channel: C1, workspace: T1, people: U1, prompt_at: \"09:30\", digest_at: \"16:00\" }\n", "policy.yaml:2:43: standups[0].people: must be a list"),
        ("standups:\n  - { channel: C1, workspace: T1, platform: teams, people: [U1], prompt_at: \"09:30\", digest_at: \"16:00\" }\n", "policy.yaml:2:45: standups[0].platform: 'teams' is not a platform"),
        ("preread: { remind_at: 1h }\n", "policy.yaml:1:12: preread.remind_at: unknown key; expected one of post_before, remind_before"),
        ("channels:\n  C1: { digest_at: never }\n", "policy.yaml:2:20: channels.C1.digest_at: 'never' is not a time of day"),
        ("tiers:\n  a: { respond_within: 1h, escalate_to: U1 }\ndefault_tier: a\n", "policy.yaml:2:41: tiers.a.escalate_to: needs escalate_after"),
        ("tiers:\n  a: { respond_within: 1h, escalate_after: never }\ndefault_tier: a\n", "policy.yaml:2:44: tiers.a.escalate_after: 'never' is not a duration"),
        ("tiers:\n  a: { respond_within: 4h, min_notice: 1d }\ndefault_tier: a\n", "policy.yaml:2:40: tiers.a.min_notice: must not be longer than respond_within (4h)"),
        ("tiers:\n  a: { respond_within: 1h, min_notice: soon }\ndefault_tier: a\n", "policy.yaml:2:40: tiers.a.min_notice: 'soon' is not a duration"),
        ("tiers:\n  a: { respond_within: 1h, means: [down] }\ndefault_tier: a\n", "policy.yaml:2:35: tiers.a.means: must be one line of at most 200 characters"),
        ("tiers:\n  a: { respond_within: 1h, means: \"\(String(repeating: "x", count: 201))\" }\ndefault_tier: a\n", "policy.yaml:2:35: tiers.a.means: must be one line"),
    ])
    func reportsProblemsWithTheirPosition(yaml: String, expected: String) {
        do {
            _ = try PolicyFile.parse(yaml, file: "policy.yaml", platforms: testPlatforms)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func reportsEveryProblemAtOnce() {
        let yaml = "timezone: Nowhere\ncolour: blue\ndefault_tier: glacial\n"
        #expect(throws: YAMLFileError.self) { try PolicyFile.parse(yaml, file: "p.yaml", platforms: testPlatforms) }
        do {
            _ = try PolicyFile.parse(yaml, file: "p.yaml", platforms: testPlatforms)
        } catch {
            #expect(error.problems.map(\.key) == ["colour", "timezone", "default_tier"])
        }
    }
}

@Suite struct CallOutsideHoursTests {
    @Test func aTierMayCallWhateverTheHour() throws {
        let policy = try PolicyFile.parse("""
            tiers:
              standard: { respond_within: 1d }
              oncall: { respond_within: 30m, counting: calendar, call_outside_hours: true }
            default_tier: standard
            """, file: "policy.yaml", platforms: testPlatforms)
        #expect(policy.tiers.map(\.callsOutsideHours) == [false, true])
        #expect(throws: YAMLFileError.self) {
            try PolicyFile.parse("tiers:\n  a: { respond_within: 1h, call_outside_hours: sometimes }\ndefault_tier: a\n", file: "p.yaml", platforms: testPlatforms)
        }
    }
}

@Suite struct DailyReminderTierTests {
    @Test func aTierMayRemindInOneDailyMessage() throws {
        let policy = try PolicyFile.parse("""
            tiers:
              standard: { respond_within: 1d, remind_at: [50%] }
              low: { respond_within: 3d, reminders: daily }
              normal: { respond_within: 1d, reminders: each }
            default_tier: standard
            """, file: "policy.yaml", platforms: testPlatforms)
        #expect(policy.tiers.map(\.reminders) == [.each, .daily, .each])
        let shown = MessageComposer.policy(policy, channel: "C1").blocks.description
        #expect(shown.contains("reminders in one message at the start of each working day"))
    }

    @Test(arguments: [
        ("tiers:\n  a: { respond_within: 1h, reminders: weekly }\ndefault_tier: a\n", "tiers.a.reminders", "must be each"),
        ("tiers:\n  a: { respond_within: 1d, remind_at: [50%], reminders: daily }\ndefault_tier: a\n", "tiers.a.remind_at",
         "does nothing with reminders: daily"),
    ])
    func reportsAWrongOrContradictedReminderMode(yaml: String, key: String, message: String) {
        do {
            _ = try PolicyFile.parse(yaml, file: "p.yaml", platforms: testPlatforms)
            Issue.record("expected a problem")
        } catch {
            #expect(error.problems.map(\.key) == [key])
            #expect(error.problems.first?.message.hasPrefix(message) == true, "\(error)")
        }
    }
}
