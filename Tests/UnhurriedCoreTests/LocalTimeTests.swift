import Foundation
import Testing
import UnhurriedCore

/// Instants as people recognise them: their own zone, named after its city, with UTC beside it; never `GMT+1`.
@Suite struct LocalTimeTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test(arguments: [
        ("2026-11-20T16:00:00Z", "Europe/Berlin", "Fri 20 Nov 2026 17:00 Berlin time (16:00 UTC)"),
        ("2026-07-20T15:00:00Z", "Europe/Berlin", "Mon 20 Jul 2026 17:00 Berlin time (15:00 UTC)"),
        ("2026-11-02T14:00:00Z", "America/New_York", "Mon 2 Nov 2026 09:00 New York time (14:00 UTC)"),
        ("2026-10-30T22:00:00Z", "America/New_York", "Fri 30 Oct 2026 18:00 New York time (22:00 UTC)"),
        ("2026-11-23T20:00:00Z", "Asia/Kolkata", "Tue 24 Nov 2026 01:30 Kolkata time (Mon 20:00 UTC)"),
        ("2026-11-23T20:00:00Z", "UTC", "Mon 23 Nov 2026 20:00 UTC"),
        ("2026-11-23T20:00:00Z", "GMT", "Mon 23 Nov 2026 20:00 UTC"),
    ])
    func namesTheZoneByItsCity(_ at: String, _ zone: String, _ expected: String) {
        #expect(LocalTime.text(instant(at), in: TimeZone(identifier: zone)!) == expected)
    }

    @Test func anAnswerWritesItsInstantsInItsReadersZone() {
        var answer = ChatMessage(fallbackText: "due", blocks: [.section(RichText([.text("due "), .time(instant("2026-11-20T16:00:00Z"))]))])
        #expect(answer.showsAnInstant)
        #expect(answer.writingTimesForItsReader() == answer)
        answer.readerTimeZone = TimeZone(identifier: "Europe/Berlin")
        #expect(answer.writingTimesForItsReader().blocks == [.section(RichText([.text("due "), .text("Fri 20 Nov 2026 17:00 Berlin time (16:00 UTC)")]))])
    }
}

@Suite struct AnswerZoneTests {
    @Test func anAnswerIsForItsSpeakersZone() async throws {
        let team = InMemoryTeam()
        _ = try await team.command("hours", "Europe/Berlin", by: team.alice)
        let answer = try await team.command("ask", "@U0BOB review the plan", by: team.alice).reply
        #expect(answer.readerTimeZone?.identifier == "Europe/Berlin")
        #expect(try await team.command("help", by: team.alice).reply.readerTimeZone == nil)
    }
}
