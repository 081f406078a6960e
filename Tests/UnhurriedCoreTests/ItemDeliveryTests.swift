import Foundation
import Testing
import UnhurriedCore

/// What becomes of a due post about an item, decided without I/O from the post, the item, its card and the instant.
@Suite struct ItemDeliveryTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    private let bob = ChatUserID("U0BOB")
    private let start = Date(timeIntervalSince1970: 1_795_420_800)  // Mon 2026-11-23 08:00 UTC

    private func at(hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }

    private func ask(status: ItemStatus = .open, acknowledged: Bool = false, snoozedUntil: Date? = nil, meetingAt: Date? = nil) -> Item {
        Item(id: ItemID(1), status: status, NewItem(
            kind: meetingAt == nil ? .ask : .preread, channel: channel, author: ChatUserID("U0ALICE"), request: "review the brief",
            links: [], tierName: "standard", createdAt: start,
            assignments: [Assignment(assignee: bob, dueAt: at(hours: 8), acknowledgedAt: acknowledged ? start : nil, snoozedUntil: snoozedUntil)],
            meeting: meetingAt.map { Meeting(title: "Planning", startsAt: $0, postAt: start) }))
    }

    private func post(_ kind: PostKind, inThread: Bool = false, dueAt: Date? = nil) -> QueuedPost {
        QueuedPost(
            idempotencyKey: .card(of: ItemID(1)), channel: channel, kind: kind, itemID: ItemID(1), subject: bob, replyInThread: inThread,
            dueAt: dueAt ?? start)
    }

    @Test func aPrereadCardIsPostedOnlyBeforeItsMeetingAndWhileOpen() {
        let meeting = at(hours: 24)
        #expect(ItemDelivery.decide(post(.itemCard), about: ask(meetingAt: meeting), card: nil, now: start)
            == .post(MessageComposer.itemCard(ask(meetingAt: meeting)), inThreadOf: nil))
        #expect(ItemDelivery.decide(post(.itemCard), about: ask(status: .cancelled, meetingAt: meeting), card: nil, now: start)
            == .skip(reason: "cancelled before it was posted"))
        #expect(ItemDelivery.decide(post(.itemCard), about: ask(meetingAt: meeting), card: nil, now: meeting)
            == .skip(reason: "its meeting has started"))
        // An ask's card shows its cancellation instead.
        #expect(ItemDelivery.decide(post(.itemCard), about: ask(status: .cancelled), card: nil, now: start)
            == .post(MessageComposer.itemCard(ask(status: .cancelled)), inThreadOf: nil))
    }

    @Test func aCardUpdateWaitsForTheCardAndIsDroppedWithoutOne() {
        let item = ask()
        #expect(ItemDelivery.needsCard(post(.cardUpdate)))
        #expect(ItemDelivery.decide(post(.cardUpdate), about: item, card: .posted(messageRef: "1.1"), now: start)
            == .update(messageRef: "1.1", with: MessageComposer.itemCard(item)))
        // A pre-read's card may be a day away: no looking before then; a card due now is looked at again shortly.
        #expect(ItemDelivery.decide(post(.cardUpdate), about: item, card: .pending(nextAttemptAt: at(hours: 24)), now: start)
            == .postpone(until: at(hours: 24), reason: "waiting for the card to be posted"))
        #expect(ItemDelivery.decide(post(.cardUpdate), about: item, card: .pending(nextAttemptAt: start), now: start)
            == .postpone(until: start.addingTimeInterval(ItemDelivery.cardWait), reason: "waiting for the card to be posted"))
        #expect(ItemDelivery.decide(post(.cardUpdate), about: item, card: .absent, now: start) == .skip(reason: "the card was never posted"))
    }

    @Test func aFollowUpGoesOnlyToSomeoneStillOwingAnAnswer() {
        let reminder = MessageComposer.followUp(.reminder, item: ask(), assignee: bob)
        #expect(ItemDelivery.decide(post(.reminder, inThread: true), about: ask(), card: .posted(messageRef: "1.1"), now: start)
            == .post(reminder, inThreadOf: "1.1"))
        // With no card to reply under, it stands on its own in the channel.
        #expect(ItemDelivery.decide(post(.reminder, inThread: true), about: ask(), card: .absent, now: start) == .post(reminder, inThreadOf: nil))
        #expect(ItemDelivery.decide(post(.reminder), about: ask(acknowledged: true), card: nil, now: start)
            == .skip(reason: "answered or closed before it was due"))
        #expect(ItemDelivery.decide(post(.overdue), about: ask(status: .done), card: nil, now: start)
            == .skip(reason: "answered or closed before it was due"))
        #expect(ItemDelivery.decide(post(.reminder, inThread: true), about: ask(), card: .pending(nextAttemptAt: start), now: start)
            == .postpone(until: start.addingTimeInterval(ItemDelivery.cardWait), reason: "waiting for the card to be posted"))
    }

    @Test func aSnoozeHoldsRemindersButNotEscalation() {
        let snoozed = ask(snoozedUntil: at(hours: 2))
        #expect(ItemDelivery.decide(post(.reminder), about: snoozed, card: nil, now: start) == .postpone(until: at(hours: 2), reason: "snoozed"))
        #expect(ItemDelivery.decide(post(.escalation), about: snoozed, card: nil, now: start)
            == .post(MessageComposer.followUp(.escalation, item: snoozed, assignee: bob), inThreadOf: nil))
        #expect(ItemDelivery.decide(post(.reminder), about: snoozed, card: nil, now: at(hours: 3))
            == .post(MessageComposer.followUp(.reminder, item: snoozed, assignee: bob), inThreadOf: nil))
    }

    @Test func aPrereadReminderStopsAtTheMeeting() {
        let preread = ask(meetingAt: at(hours: 4))
        #expect(ItemDelivery.decide(post(.reminder), about: preread, card: nil, now: at(hours: 4)) == .skip(reason: "the meeting has started"))
    }

    @Test func theSummaryIsPostedUnderThePrereadAndClosesIt() {
        let meeting = at(hours: 24)
        let preread = ask(meetingAt: meeting)
        let summary = post(.prereadSummary, inThread: true, dueAt: meeting)
        #expect(ItemDelivery.decide(summary, about: preread, card: .posted(messageRef: "1.1"), now: meeting)
            == .post(MessageComposer.prereadSummary(preread), inThreadOf: "1.1", closesPreread: true))
        #expect(ItemDelivery.decide(summary, about: ask(status: .cancelled, meetingAt: meeting), card: .posted(messageRef: "1.1"), now: meeting)
            == .skip(reason: "the pre-read was cancelled"))
        // The server was down at the meeting: a summary six hours late comes after the meeting is over.
        #expect(ItemDelivery.decide(summary, about: preread, card: .posted(messageRef: "1.1"), now: meeting.addingTimeInterval(6 * 3600))
            == .skip(reason: "the meeting is long over", closesPreread: true))
        // Nobody saw a pre-read that was never posted.
        #expect(ItemDelivery.decide(summary, about: preread, card: .absent, now: meeting)
            == .skip(reason: "the pre-read was never posted", closesPreread: true))
    }

    @Test func theCardsStateComesFromItsOutboxPost() {
        func card(_ status: OutboxPost.Status, ref: String?) -> OutboxPost {
            OutboxPost(id: 1, queued: post(.itemCard), status: status, attempts: 1, nextAttemptAt: at(hours: 1), lastError: nil, messageRef: ref)
        }
        #expect(CardState(of: card(.sent, ref: "1.1")) == .posted(messageRef: "1.1"))
        #expect(CardState(of: card(.sent, ref: nil)) == .absent)
        #expect(CardState(of: card(.pending, ref: nil)) == .pending(nextAttemptAt: at(hours: 1)))
        #expect(CardState(of: card(.dead, ref: nil)) == .absent)
        #expect(CardState(of: card(.skipped, ref: nil)) == .absent)
        #expect(CardState(of: nil) == .absent)
    }
}
