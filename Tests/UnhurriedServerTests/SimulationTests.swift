import ChatPlatforms
import Foundation
import Testing
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedServer

/// `simulate`: a week of team time replayed in milliseconds through the real core, scheduler and worker.
@Suite struct SimulationTests {
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func replaysTheShippedExampleScenario() async throws {
        let policy = try PolicyFile.load(path: repository.appendingPathComponent("config/unhurried.example.yaml").path, platforms: RegisteredPlatforms.names)
        let scenario = try ScenarioFile.load(path: repository.appendingPathComponent("config/scenario.example.yaml").path)
        let posts = try await Simulation(policy: policy, scenario: scenario, logger: quietLogger).run()
        func at(_ kind: SimulatedPost.Kind, item: Int64, about: String? = nil) -> [Date] {
            posts.filter { $0.kind == kind && $0.item == item && $0.about == about }.map(\.at)
        }
        // Carol (Kolkata) was asked at 14:30 her time: due Tue 14:30 IST; reminders at 50% and 90% of her day.
        #expect(at(.post(.reminder), item: 1, about: "U0CAROL") == [utc("2026-11-24T05:00:00Z"), utc("2026-11-24T05:00:00Z"),
                                                            utc("2026-11-24T08:12:00Z"), utc("2026-11-24T08:12:00Z")])
        #expect(at(.post(.overdue), item: 1, about: "U0CAROL") == [utc("2026-11-24T09:00:00Z"), utc("2026-11-24T09:00:00Z")])
        // Escalation four working hours late skips her day away: Thu 10:30 IST.
        #expect(at(.post(.escalation), item: 1, about: "U0CAROL") == [utc("2026-11-26T05:00:00Z")])
        // Both asks came before Bob's day in New York: their cards name him, and he is called when it starts, 08:00 there,
        // under the card and in his DM. Carol was inside her hours: her card called her.
        #expect(at(.post(.firstCall), item: 1, about: "U0BOB") == [utc("2026-11-23T13:00:00Z"), utc("2026-11-23T13:00:00Z")])
        #expect(at(.post(.firstCall), item: 2, about: "U0BOB") == [utc("2026-11-24T13:00:00Z"), utc("2026-11-24T13:00:00Z")])
        #expect(at(.post(.firstCall), item: 1, about: "U0CAROL").isEmpty)
        // Bob replied under the card after that call and before any reminder: none for him on ask 1.
        #expect(at(.post(.reminder), item: 1, about: "U0BOB").isEmpty)
        #expect(at(.post(.overdue), item: 1, about: "U0BOB").isEmpty)
        // Ask 2 is urgent; Bob snoozed until his next morning (08:00 New York): the 90% reminder folds into the
        // overdue notice then, while escalation keeps its time.
        #expect(at(.post(.reminder), item: 2, about: "U0BOB").count == 2)
        #expect(at(.post(.escalation), item: 2, about: "U0BOB") == [utc("2026-11-24T18:00:00Z")])
        #expect(at(.post(.overdue), item: 2, about: "U0BOB") == [utc("2026-11-25T13:00:00Z"), utc("2026-11-25T13:00:00Z")])
        // A digest at 09:30 on each working day: the channel always has an open ask.
        #expect(posts.filter { $0.kind == .post(.digest) }.map(\.at) == (23...27).map { utc("2026-11-\($0)T09:30:00Z") })
        #expect(posts.count == 29)
        // The rehearsal of the noise: nobody is called outside their hours, the cards name whom they do not call, and
        // follow-ups call only the person they are for.
        #expect(posts.allSatisfy { $0.notifiesOutsideHours.isEmpty })
        let firstCard = try #require(posts.first { $0.kind == .post(.itemCard) })
        #expect(firstCard.notifies == ["U0CAROL"] && firstCard.names == ["U0ALICE", "U0BOB"])
        #expect(posts.filter { $0.kind == .post(.reminder) }.allSatisfy { $0.notifies == [$0.about].compactMap { $0 } })
        #expect(posts.filter { $0.kind == .post(.digest) }.allSatisfy { $0.notifies.isEmpty })
    }

    /// Bob works a split day with a short Friday in Berlin and keeps 09:00–11:00 for focus: through the real
    /// scheduler and worker, his deadline counts only his blocks, and nothing calls him in focus or outside his hours.
    @Test func splitHoursAndFocusTimeThroughTheWholeLoop() async throws {
        let policy = try PolicyFile.parse("""
            working_hours: "mon-fri 09:00-17:00"
            tiers:
              standard: { respond_within: 1d, remind_at: [50%], remind_via: [dm] }
            default_tier: standard
            """, file: "p.yaml", platforms: RegisteredPlatforms.names)
        let scenario = try ScenarioFile.parse("""
            start: 2026-11-26T07:00:00Z
            until: 2026-11-28T00:00:00Z
            channel: C0PRODUCT
            people:
              U0BOB: { hours: "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin focus 09:00-11:00 mon-fri" }
            steps:
              - { at: 2026-11-26T08:00:00Z, as: U0ALICE, command: "/ask @U0BOB review https://example.com/plan — is the date realistic?" }
            """, file: "s.yaml")
        let posts = try await Simulation(policy: policy, scenario: scenario, logger: quietLogger).run()
        func at(_ kind: PostKind) -> [Date] { posts.filter { $0.kind == .post(kind) && $0.about == "U0BOB" }.map(\.at) }
        // Asked Thursday 09:00 in Berlin, in Bob's focus: the card names him; he is called when it ends at 11:00 (10:00Z).
        let card = try #require(posts.first { $0.kind == .post(.itemCard) })
        #expect(card.notifies.isEmpty && card.names.contains("U0BOB"))
        #expect(at(.firstCall) == [utc("2026-11-26T10:00:00Z")])
        // Half his day (four of eight hours, over the lunch break) is Thursday 14:00 there.
        #expect(at(.reminder) == [utc("2026-11-26T13:00:00Z")])
        // Due after the last hour of the day, Friday 09:00 — the start of his focus, so the notice waits until 11:00.
        #expect(at(.overdue) == [utc("2026-11-27T10:00:00Z")])
        #expect(posts.allSatisfy { $0.notifiesOutsideHours.isEmpty })
    }

    @Test func reportsEveryProblemOfAScenarioWithItsPlace() {
        let yaml = """
            start: 2026-11-23T08:00:00Z
            until: 2026-11-20T08:00:00Z
            people:
              U0BOB: { hours: "25:00-26:00", away: [someday] }
            steps:
              - at: soon
                as: U0ALICE
                command: /ask @U0BOB hi
              - at: 2026-11-23T09:00:00Z
                as: U0ALICE
                reply: 1
                done: 1
              - at: 2026-11-23T09:00:00Z
                as: U0ALICE
                command: ask without a slash
            """
        #expect(throws: YAMLFileError.self) { try ScenarioFile.parse(yaml, file: "s.yaml") }
        do {
            _ = try ScenarioFile.parse(yaml, file: "s.yaml")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains("s.yaml:2:8: until: must be later than start"))
            #expect(lines.contains { $0.hasPrefix("s.yaml:4:19: people.U0BOB.hours: '25:00-26:00' is not what /hours reads") })
            #expect(lines.contains { $0.hasPrefix("s.yaml:4:41: people.U0BOB.away: 'someday' is not a date") })
            #expect(lines.contains { $0.hasPrefix("s.yaml:6:9: steps[0].at: 'soon' is not an instant") })
            #expect(lines.contains("s.yaml:9:5: steps[1]: needs exactly one of command, reply or done"))
            #expect(lines.contains { $0.hasPrefix("s.yaml:15:14: steps[2].command: must be a slash command") })
        }
    }
}
