import Foundation
import Testing
import UnhurriedCore

/// Meeting times that are nobody's evening: the working hours people share, and a warning when a pre-read's
/// meeting falls outside a reader's.
@Suite struct SharedHoursTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private func hours(_ zone: String, _ week: String = "mon-fri 09:00-17:00", away: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(schedule: WeeklySchedule(parsing: week)!, timeZone: TimeZone(identifier: zone)!, holidays: away)
    }

    private let monday = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23 08:00Z
    private var week: Date { monday.addingTimeInterval(7 * 86_400) }

    private func stretches(_ intervals: [DateInterval]) -> [String] {
        intervals.map { "\($0.start.formatted(.iso8601))/\($0.end.formatted(.iso8601))" }
    }

    @Test func berlinAndNewYorkShareTwoHoursEachWorkingDayButNotADayAway() {
        // 09:00-17:00 Berlin is 08:00-16:00Z in November; New York's is 14:00-22:00Z.
        let shared = SharedHours.between([hours("Europe/Berlin"), hours("America/New_York")], from: monday, to: week)
        #expect(stretches(shared) == (23...27).map { "2026-11-\($0)T14:00:00Z/2026-11-\($0)T16:00:00Z" })
        let away = SharedHours.between(
            [hours("Europe/Berlin"), hours("America/New_York", away: [LocalDate(year: 2026, month: 11, day: 25)!])], from: monday, to: week)
        #expect(away.count == 4 && !stretches(away).contains { $0.hasPrefix("2026-11-25") })
    }

    @Test func aBreakAndAHalfHourZoneNarrowWhatIsShared() {
        // Kolkata 09:00-17:00 is 03:30-11:30Z; Berlin breaks 12:00-13:00 there (11:00-12:00Z); UTC works 09:00-17:00.
        let shared = SharedHours.between(
            [hours("Asia/Kolkata"), hours("Europe/Berlin", "mon-fri 09:00-12:00,13:00-17:00"), hours("UTC")],
            from: monday, to: monday.addingTimeInterval(86_400))
        #expect(stretches(shared) == ["2026-11-23T09:00:00Z/2026-11-23T11:00:00Z"])
    }

    @Test func aStretchOverMidnightIsShownOnBothDays() {
        let late = DateInterval(start: instant("2026-11-23T22:00:00Z"), end: instant("2026-11-24T02:00:00Z"))
        let days = SharedHours.byLocalDay([late], in: TimeZone(identifier: "UTC")!)
        #expect(days.map { stretches($0) } == [["2026-11-23T22:00:00Z/2026-11-24T00:00:00Z"], ["2026-11-24T00:00:00Z/2026-11-24T02:00:00Z"]])
    }

    @Test func overlapAnswersTheSharedHoursInTheSpeakersZone() async throws {
        let team = InMemoryTeam()
        _ = try await team.command("hours", "America/New_York", by: team.bob)
        _ = try await team.command("hours", "Europe/Berlin", by: team.alice)
        let answer = try await team.command("overlap", "@U0BOB", by: team.alice).reply.fallbackText
        // 14:00-16:00Z is 15:00-17:00 in Berlin.
        #expect(answer.contains("You and @U0BOB share these working hours in the next 7 days (Berlin time):"))
        #expect(answer.contains("• Mon 23 Nov: 15:00–17:00") && answer.contains("• Fri 27 Nov: 15:00–17:00"))
        #expect(answer.contains("In all 10h."))
        _ = try await team.command("hours", "Asia/Tokyo", by: team.bob)
        let none = try await team.command("overlap", "@U0BOB", by: team.alice).reply
        #expect(none.fallbackText == "You and @U0BOB share no working hours in the next 7 days.")
        #expect(none.words.contains("@U0BOB mon-fri 09:00-17:00 Asia/Tokyo"))
        #expect(try await team.command("overlap", "soon", by: team.alice).reply.fallbackText.contains("Name the people to meet"))
    }

    @Test func aPrereadOutsideAReadersHoursWarnsItsAuthor() async throws {
        let team = InMemoryTeam()
        _ = try await team.command("hours", "Asia/Kolkata", by: team.carol)
        // Thursday 15:00 UTC is 20:30 in Kolkata; Bob works UTC hours.
        let reply = try await team.command("preread", "Planning at thursday 15:00 for @U0BOB @U0CAROL budget https://example.com/b", by: team.alice)
            .reply.words
        #expect(reply.contains("The meeting falls outside the working hours of @U0CAROL (Thu 26 Nov 20:30 Kolkata time). `overlap` with them"))
        let inside = try await team.command("preread", "Sync at thursday 10:00 for @U0BOB https://example.com/s", by: team.alice).reply
        #expect(!inside.words.contains("outside the working hours"))
    }
}
