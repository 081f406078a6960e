import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// Done, cancel and snooze through `ItemResponses` on an in-memory store (`InMemoryTeam`).
@Suite struct ItemResponsesTests {
    @Test func twoAssigneesFinishingAtOnceBothCount() async throws {
        let team = InMemoryTeam()
        // Many asks at once, so that finishes of one ask do overlap: the one that loses the race reads again and counts.
        var asks: [Item] = []
        for number in 1...50 { asks.append(try await team.ask("@U0BOB @U0CAROL review part \(number)")) }
        let (responses, workspace, now) = (team.responses, team.workspace, team.clock.now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for ask in asks {
                for person in [team.bob, team.carol] {
                    group.addTask { _ = try await responses.finish(ask.id, by: person, in: workspace, now: now) }
                }
            }
            try await group.waitForAll()
        }
        for ask in asks {
            let item = try await team.stored(ask)
            #expect(item.status == .done && item.version == 2)
            #expect(item.assignments.allSatisfy { $0.status == .done && $0.acknowledgedAt == now && $0.nextFollowUpAt == nil })
        }
        let histories = try await team.store.itemHistories(HistoryQuery())
        #expect(histories.allSatisfy { $0.events.map(\.kind) == [.created, .assignmentDone, .done] })
    }

    @Test func aSnoozeUntilAPastInstantLastsUntilNow() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan")
        let press = ItemButtonPress(
            action: .snoozeUntil, itemID: asked.id, user: team.bob, workspace: team.workspace, pickedInstant: team.clock.now.addingTimeInterval(-3600))

        let (outcome, change) = try await team.responses.respond(to: press, now: team.clock.now)
        #expect(change == .snooze)
        guard case .changed(let item) = outcome else { Issue.record("not snoozed: \(outcome)"); return }
        #expect(item.assignment(of: team.bob)?.snoozedUntil == team.clock.now)
        #expect(try await team.stored(asked).assignment(of: team.bob)?.snoozedUntil == team.clock.now)
    }

    @Test func onlyTheAskerCancels() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan")

        guard case .notYours = try await team.responses.cancel(asked.id, by: team.bob, in: team.workspace, now: team.clock.now) else {
            Issue.record("an assignee cancelled the ask")
            return
        }
        #expect(try await team.stored(asked).status == .open)
        guard case .changed = try await team.responses.cancel(asked.id, by: team.alice, in: team.workspace, now: team.clock.now) else {
            Issue.record("the asker could not cancel the ask")
            return
        }
        let cancelled = try await team.stored(asked)
        #expect(cancelled.status == .cancelled && cancelled.assignments.allSatisfy { $0.nextFollowUpAt == nil })
    }
}
