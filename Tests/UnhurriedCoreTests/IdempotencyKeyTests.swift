import Foundation
import Testing
import UnhurriedCore

/// Keys are stored and carried by platforms, so their shapes are data: a change here would post everything again.
@Suite struct IdempotencyKeyTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    private let bob = ChatUserID("U0BOB")

    @Test func everyShapeStaysAsStored() throws {
        let standup = Standup(
            channel: channel, people: [bob], promptAt: try #require(TimeOfDay(hour: 9, minute: 30)), questions: [],
            digestAt: try #require(TimeOfDay(hour: 16, minute: 0)), digestTimeZone: try #require(TimeZone(identifier: "UTC")))
        let day = try #require(LocalDate(year: 2026, month: 12, day: 4))
        let keys: [(IdempotencyKey, String)] = [
            (.card(of: ItemID(7)), "item:7:item_card"),
            (.prereadSummary(of: ItemID(7)), "item:7:preread_summary"),
            (.cardUpdate(of: ItemID(7), after: 42), "item:7:card_update:42"),
            (.followUp("reminder-1", of: ItemID(7), for: bob, route: .thread), "item:7:U0BOB:reminder-1:thread"),
            (.followUp("reminder-1", of: ItemID(7), for: bob, route: .directMessage), "item:7:U0BOB:reminder-1:dm"),
            (.followUp("escalation", of: ItemID(7), for: bob, route: .only), "item:7:U0BOB:escalation"),
            (.digest(of: channel, on: day), "digest:slack:T1:C1:2026-12-04"),
            (.standupPrompt(standup, round: day, person: bob), "standup:slack:T1:C1:2026-12-04:U0BOB:prompt"),
            (.standupDigest(standup, round: day), "standup:slack:T1:C1:2026-12-04:digest"),
            (.pressAnswer(in: channel, press: "trigger-1"), "press:slack:T1:trigger-1"),
            (.answer(to: "1.000200", in: channel), "notice:slack:T1:C1:1.000200"),
        ]
        for (key, stored) in keys {
            #expect(key.rawValue == stored)
            #expect(IdempotencyKey(stored: stored) == key)
        }
    }

    @Test func anItemsCardUpdatesAreExactlyItsRange() {
        let updates = IdempotencyKey.cardUpdates(of: ItemID(1))
        #expect(updates.contains(.cardUpdate(of: ItemID(1), after: 0)))
        #expect(updates.contains(.cardUpdate(of: ItemID(1), after: 99_999)))
        for other in [IdempotencyKey.cardUpdate(of: ItemID(10), after: 5), .cardUpdate(of: ItemID(2), after: 1), .card(of: ItemID(1)),
                      .followUp("overdue", of: ItemID(1), for: bob, route: .thread), .prereadSummary(of: ItemID(1))] {
            #expect(!updates.contains(other), "\(other)")
        }
    }
}
