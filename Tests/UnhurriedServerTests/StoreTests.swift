import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// The storage contract, held by every store: every test runs on SQLite, on the in-memory store and, when
/// `UNHURRIED_TEST_POSTGRES_URL` names a server, on PostgreSQL. Two stores opened on one database stand for two
/// replicas (or `serve` and `try`).
@Suite(.timeLimit(.minutes(1))) struct StoreTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    private let monday = Date(timeIntervalSince1970: 1_795_420_800)

    private func newAsk(_ number: Int, at date: Date = Date(timeIntervalSince1970: 1_795_420_800), followUpAt: Date? = nil) -> NewItem {
        NewItem(
            kind: .ask, channel: channel, author: ChatUserID("U0ALICE"), request: "request \(number)",
            links: [Link(url: "https://example.com/\(number)", label: "doc \(number)")], tierName: "standard", createdAt: date,
            assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: date.addingTimeInterval(Double(number)), nextFollowUpAt: followUpAt)])
    }

    @Test(arguments: TestDatabase.kinds)
    func searchesDecisionsByRelevanceWhateverPeopleType(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            func decide(_ text: String, in workspace: String = "T1", channel: String = "C1", supersedes: ItemID? = nil) async throws -> Item {
                try await store.create(NewItem(
                    kind: .decision, channel: ChatChannel(platform: "slack", workspaceID: workspace, channelID: channel), author: ChatUserID("U0ALICE"),
                    request: text, links: [], tierName: "decision", createdAt: monday, assignments: [], supersedes: supersedes))
            }
            let pricing = try await decide("Pricing stays at 12 € per seat until the launch #pricing")
            let launch = try await decide("We launch on December 3rd; the launch checklist is in the wiki #launch")
            let hiring = try await decide("Hiring: one more backend engineer in Q1 #hiring")
            _ = try await decide("We launch on December 3rd", in: "T2")
            _ = try await decide("We launch the private beta first #launch", channel: "G0PRIVATE")
            let moved = try await decide("We launch on December 10th instead #launch", supersedes: launch.id)
            let workspace = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
            _ = try await store.create(newAsk(1))  // asks are not decisions

            let found = try await store.searchDecisions(matching: ["launch"], inChannels: ["C1"], of: workspace.workspace, limit: 5)
            #expect(Set(found.map(\.id)) == [launch.id, moved.id, pricing.id])
            #expect(found.last?.id == pricing.id)  // says "launch" once, in passing
            #expect(try await store.searchDecisions(matching: ["#hiring"], inChannels: ["C1"], of: workspace.workspace, limit: 5).map(\.id) == [hiring.id])
            #expect(try await store.searchDecisions(matching: ["DECEMBER"], inChannels: ["C1"], of: workspace.workspace, limit: 5).count == 2)  // any case
            #expect(try await store.searchDecisions(matching: [], inChannels: ["C1"], of: workspace.workspace, limit: 2).map(\.id) == [moved.id, hiring.id])
            #expect(try await store.item(moved.id, in: workspace.workspace)?.supersedes == launch.id)
            // Query syntax typed by people is only text: none of these is an error, and each finds what its words say.
            for typed in [["\"launch"], ["launch\""], ["AND"], ["launch", "OR"], ["NEAR(launch"], ["*"], ["-launch"], ["launch:"], ["'); DROP TABLE items; --"],
                          ["—"], ["\"\""], ["^launch"], ["launch)"], ["!launch"], ["launch&hiring"], ["<->"]] {
                _ = try await store.searchDecisions(matching: typed, inChannels: ["C1"], of: workspace.workspace, limit: 5)
            }
            #expect(try await store.searchDecisions(matching: ["\"hiring\""], inChannels: ["C1"], of: workspace.workspace, limit: 5).map(\.id) == [hiring.id])
            #expect(try await store.searchDecisions(matching: ["nothing-like-this"], inChannels: ["C1"], of: workspace.workspace, limit: 5).isEmpty)
            // Beyond one channel: only the channels named, of this workspace.
            let everywhere = try await store.searchDecisions(matching: ["beta"], inChannels: ["C1", "G0PRIVATE"], of: workspace.workspace, limit: 5)
            #expect(everywhere.map(\.request) == ["We launch the private beta first #launch"])
            #expect(try await store.searchDecisions(matching: [], inChannels: [], of: workspace.workspace, limit: 5).isEmpty)
            #expect(try await store.searchDecisions(matching: ["launch"], inChannels: ["C1", "G0PRIVATE"], of: workspace.workspace, limit: 9).count == 4)
            #expect(try await store.channelsWithDecisions(in: workspace.workspace) == ["C1", "G0PRIVATE"])
            #expect(try await store.channelsWithDecisions(in: WorkspaceRef(platform: "slack", workspaceID: "T2")) == ["C1"])
            #expect(try await store.itemHistories(HistoryQuery()).count == 7)
            // Decisions are in force, not owed: they are not open asks for digests or statistics.
            #expect(try await store.channelsWithOpenItems() == [channel])
            #expect(try await store.itemHistories(HistoryQuery(createdSince: monday.addingTimeInterval(1), includingOpen: true)).map(\.item.kind) == [.ask])
        }
    }

    /// Asks and pre-reads are found by their own words and by the replies kept with them; decisions are `/decisions`'.
    @Test(arguments: TestDatabase.kinds)
    func findsAsksByTheirWordsAndTheirReplies(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            func ask(_ text: String, kind: ItemKind = .ask, in workspace: String = "T1", channel: String = "C1", meeting: Meeting? = nil) async throws -> Item {
                try await store.create(NewItem(
                    kind: kind, channel: ChatChannel(platform: "slack", workspaceID: workspace, channelID: channel), author: ChatUserID("U0ALICE"),
                    request: text, links: [], tierName: "standard", createdAt: monday,
                    assignments: kind == .decision ? [] : [Assignment(assignee: ChatUserID("U0BOB"), dueAt: monday.addingTimeInterval(86_400))],
                    meeting: meeting))
            }
            let pricing = try await ask("Is the pricing page ready for the launch?")
            let copy = try await ask("Review the launch copy https://example.com/copy — is the tone right?")
            let budget = try await ask("Q1 planning agenda", kind: .preread,
                                       meeting: Meeting(title: "Budget review", startsAt: monday.addingTimeInterval(7200), postAt: monday))
            _ = try await ask("Pricing stays at 12 € per seat", kind: .decision)
            _ = try await ask("Is the pricing page ready?", in: "T2")
            let hidden = try await ask("Pricing for the private beta?", channel: "G0PRIVATE")
            try await store.append(ItemEvent(kind: .replied, actor: ChatUserID("U0BOB"), at: monday, text: "The tone is fine; pricing is in the FAQ"), to: copy.id)
            try await store.append(ItemEvent(kind: .replied, actor: ChatUserID("U0BOB"), at: monday, text: "Invoices go out monthly"), to: pricing.id)
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
            func search(_ words: [String], in channels: Set<String> = ["C1"]) async throws -> [ItemID] {
                try await store.searchItems(matching: words, inChannels: channels, of: workspace, limit: 5).map(\.id)
            }

            // Its own words rank above a reply that mentions it in passing; a decision is not an ask.
            #expect(try await search(["pricing"]) == [pricing.id, copy.id])
            #expect(try await search(["INVOICES"]) == [pricing.id])  // a reply's word, in any case
            #expect(try await search(["budget"]) == [budget.id])     // a pre-read's title
            #expect(try await search(["tone", "agenda"]).count == 2)
            #expect(try await search(["nothing-like-this"]).isEmpty)
            #expect(try await search([]).isEmpty)
            #expect(try await search(["pricing"], in: []).isEmpty)
            #expect(try await search(["pricing"], in: ["C1", "G0PRIVATE"]).contains(hidden.id))
            for typed in [["\"pricing"], ["AND"], ["NEAR(pricing"], ["*"], ["'); DROP TABLE items; --"], ["<->"], ["—"]] {
                _ = try await search(typed)
            }
            // What is stored after a search is found by the next.
            try await store.append(ItemEvent(kind: .replied, actor: ChatUserID("U0BOB"), at: monday, text: "Approved for March"), to: budget.id)
            let later = try await ask("Who signs off March?")
            #expect(Set(try await search(["march"])) == [budget.id, later.id])
            #expect(try await store.channelsWithAsks(in: workspace) == ["C1", "G0PRIVATE"])
        }
    }

    /// One read tells which people of a directory page have deadlines counted in the team's zone: open parts of open
    /// items in that workspace only.
    @Test(arguments: TestDatabase.kinds)
    func findsThePeopleWhoseDeadlinesStandInTheTeamsZone(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            func ask(_ assignees: [(String, Bool)], in workspace: String = "T1") async throws -> Item {
                try await store.create(NewItem(
                    kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: workspace, channelID: "C1"), author: ChatUserID("U0ALICE"),
                    request: "review", links: [], tierName: "standard", createdAt: monday,
                    assignments: assignees.map { Assignment(assignee: ChatUserID($0.0), dueAt: monday, plannedInTeamZone: $0.1) }))
            }
            _ = try await ask([("U0BOB", true), ("U0CAROL", false)])
            _ = try await ask([("U0DAN", true)], in: "T2")
            var closed = try await ask([("U0ERIN", true)])
            closed.status = .cancelled
            #expect(try await store.update(closed, recording: ItemEvent(kind: .cancelled, actor: ChatUserID("U0ALICE"), at: monday)))
            let page = ["U0BOB", "U0CAROL", "U0DAN", "U0ERIN", "U0FRANK"].map(ChatUserID.init)
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
            #expect(try await store.peoplePlannedInTeamZone(among: page, in: workspace) == [ChatUserID("U0BOB")])
            #expect(try await store.peoplePlannedInTeamZone(among: [], in: workspace).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func keepsAdminSessionsUntilTheyExpireOrEnd(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let hour: TimeInterval = 3600
            let morning = AdminSession(id: "0123456789abcdef0123456789abcdef", csrf: "c1", expiresAt: monday.addingTimeInterval(hour))
            let evening = AdminSession(id: "fedcba9876543210fedcba9876543210", csrf: "c2", expiresAt: monday.addingTimeInterval(9 * hour))
            try await store.startAdminSession(morning)
            try await store.startAdminSession(evening)
            #expect(try await store.adminSession(morning.id, at: monday) == morning)
            #expect(try await store.adminSession(morning.id, at: morning.expiresAt) == nil)
            #expect(try await store.adminSession("unknown", at: monday) == nil)
            #expect(try await store.forgetAdminSessions(expiredBy: monday.addingTimeInterval(2 * hour)) == 1)
            #expect(try await store.adminSession(evening.id, at: monday) == evening)
            try await store.endAdminSession(evening.id)
            #expect(try await store.adminSession(evening.id, at: monday) == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func readsOnlyTheLatestAsksWhenAskedTo(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            var asks: [Item] = []
            for number in 1...4 { asks.append(try await store.create(newAsk(number))) }
            _ = try await store.create(NewItem(
                kind: .decision, channel: channel, author: ChatUserID("U0ALICE"), request: "a decision", links: [], tierName: "decision",
                createdAt: monday, assignments: []))
            let latest = try await store.itemHistories(HistoryQuery(createdSince: monday, asksOnly: true, latest: 2))
            #expect(latest.map(\.item.id) == [asks[2].id, asks[3].id])
            #expect(try await store.itemHistories(HistoryQuery(createdSince: monday)).count == 5)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func readsDeadPostsByErrorWithOnlyTheNewestOfEach(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            try await store.queue((1...5).map { day in
                QueuedPost(
                    idempotencyKey: IdempotencyKey(stored: "digest:C1:2026-11-0\(day)"), channel: channel, kind: .digest, itemID: nil, body: nil,
                    dueAt: monday)
            })
            let posts = try await store.posts(withStatus: .pending)
            for (index, post) in posts.enumerated() {
                try await store.markFailed(post.id, error: index < 3 ? "channel_not_found" : "not_in_channel", retryAt: nil, uncertain: false)
            }
            let groups = try await store.deadPostsByError(newest: 2).sorted { $0.count > $1.count }
            #expect(groups.map(\.lastError) == ["channel_not_found", "not_in_channel"])
            #expect(groups.map(\.count) == [3, 2])
            #expect(groups[0].newest.map(\.id) == [posts[2].id, posts[1].id])
            #expect(groups[1].newest.map(\.id) == [posts[4].id, posts[3].id])
        }
    }

    @Test(arguments: TestDatabase.sqlKinds)
    func keepsWhatAPlatformLearntAcrossARestartAndApartFromOtherPlatforms(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, database in
            let key = "conversation:19:a@thread.tacv2"
            #expect(try await store.recall(key, platform: "teams") == nil)
            try await store.remember("https://smba.example/amer/", as: key, platform: "teams", at: monday)
            try await store.remember("https://smba.example/emea/", as: key, platform: "teams", at: monday)
            try await store.remember("other", as: key, platform: "elsewhere", at: monday)
            let replica = try await database.open()
            #expect(try await replica.recall(key, platform: "teams") == "https://smba.example/emea/")
            #expect(try await replica.recall(key, platform: "elsewhere") == "other")
            try await replica.close()
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func keepsAPrereadsMeetingAndQueuesItsCardAndSummaryForTheirTimes(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            func preread(_ title: String, startsAt: Date, in channelID: String = "C1") -> NewItem {
                NewItem(
                    kind: .preread, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: channelID), author: ChatUserID("U0ALICE"),
                    request: "Agenda", links: [], tierName: "preread", createdAt: monday,
                    assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: startsAt)],
                    meeting: Meeting(title: title, startsAt: startsAt, postAt: startsAt.addingTimeInterval(-3600)))
            }
            let later = try await store.create(preread("Planning", startsAt: monday.addingTimeInterval(2 * 86_400)))
            let sooner = try await store.create(preread("Retro", startsAt: monday.addingTimeInterval(86_400)))
            let cancelled = try await store.create(preread("Offsite", startsAt: monday.addingTimeInterval(3 * 86_400)))
            _ = try await store.create(preread("Elsewhere", startsAt: monday.addingTimeInterval(86_400), in: "C2"))
            _ = try await store.create(newAsk(1))
            _ = try await ItemResponses(store: store, policy: LivePolicy(.builtIn)).cancel(
                cancelled.id, by: ChatUserID("U0ALICE"), in: channel.workspace, now: monday)

            #expect(try await store.item(later.id, in: channel.workspace)?.meeting == later.meeting)
            #expect(try await store.upcomingPrereads(in: channel, after: monday).map(\.id) == [sooner.id, later.id])
            #expect(try await store.upcomingPrereads(in: channel, after: monday.addingTimeInterval(86_400)).map(\.id) == [later.id])
            let card = try #require(try await store.post(withKey: .card(of: later.id)))
            #expect(card.nextAttemptAt == later.meeting?.postAt)
            let summary = try #require(try await store.post(withKey: .prereadSummary(of: later.id)))
            #expect(summary.kind == .prereadSummary && summary.queued.replyInThread && summary.nextAttemptAt == later.meeting?.startsAt)
            // Pre-reads are not asks: no digest, no statistics of response times.
            #expect(try await store.channelsWithOpenItems() == [channel])
            #expect(try await store.openItems(in: channel).map(\.kind) == [.ask])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func readsItemsWithTheirHistoryByCreationChannelAndOpenness(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let responses = ItemResponses(store: store, policy: LivePolicy(.builtIn))
            let old = try await store.create(newAsk(1, at: monday.addingTimeInterval(-30 * 86_400)))
            let closedOld = try await store.create(newAsk(2, at: monday.addingTimeInterval(-20 * 86_400)))
            _ = try await responses.finish(closedOld.id, by: ChatUserID("U0ALICE"), in: channel.workspace, now: monday.addingTimeInterval(-19 * 86_400))
            let recent = try await store.create(newAsk(3, at: monday))
            _ = try await responses.acknowledge(recent.id, by: ChatUserID("U0BOB"), in: channel.workspace, now: monday.addingTimeInterval(600))
            _ = try await responses.finish(recent.id, by: ChatUserID("U0BOB"), in: channel.workspace, now: monday.addingTimeInterval(900))
            var elsewhere = newAsk(4, at: monday)
            elsewhere.channel.channelID = "C2"
            _ = try await store.create(elsewhere)

            let week = try await store.itemHistories(HistoryQuery(createdSince: monday.addingTimeInterval(-7 * 86_400), includingOpen: true))
            #expect(week.map(\.item.request) == ["request 1", "request 3", "request 4"])  // the old one is still open
            let history = try #require(week.first { $0.item.id == recent.id })
            #expect(history.events.map(\.kind) == [.created, .acknowledged, .done])
            #expect(history.events.map(\.at) == [monday, monday.addingTimeInterval(600), monday.addingTimeInterval(900)])
            #expect(history.firstResponse(of: ChatUserID("U0BOB")) == monday.addingTimeInterval(600))
            let channelOnly = try await store.itemHistories(HistoryQuery(workspace: channel.workspace, channelID: "C1"))
            #expect(channelOnly.map(\.item.id) == [old.id, closedOld.id, recent.id])
            let none = try await store.itemHistories(HistoryQuery(workspace: WorkspaceRef(platform: "slack", workspaceID: "T2")))
            #expect(none.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentWritesAreAllCommittedAndSurviveAReopen(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, database in
            let ids = try await withThrowingTaskGroup(of: ItemID.self) { group in
                for number in 1...200 { group.addTask { try await store.create(newAsk(number)).id } }
                return try await group.reduce(into: Set<ItemID>()) { $0.insert($1) }
            }
            #expect(ids.count == 200)
            let reopened = try await database.open()
            let inbox = try await reopened.openItems(assignedTo: ChatUserID("U0BOB"), in: channel.workspace)
            #expect(inbox.count == 200)
            #expect(inbox.map(\.request) == (1...200).map { "request \($0)" })  // earliest deadline first
            #expect(inbox.first?.links == [Link(url: "https://example.com/1", label: "doc 1")])
            #expect(try await reopened.posts(withStatus: .pending).count == 200)
            try await reopened.close()
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func everyoneFinishingAtOnceClosesTheAskWithNoPartLost(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            var ask = newAsk(1)
            let people = (1...8).map { ChatUserID("U0P\($0)") }
            ask.assignments = people.map { Assignment(assignee: $0, dueAt: ask.createdAt.addingTimeInterval(3600)) }
            let item = try await store.create(ask)
            let responses = ItemResponses(store: store, policy: LivePolicy(.builtIn))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for person in people {
                    group.addTask { _ = try await responses.finish(item.id, by: person, in: item.channel.workspace, now: item.createdAt) }
                }
                try await group.waitForAll()
            }
            let finished = try #require(try await store.item(item.id, in: item.channel.workspace))
            #expect(finished.assignments.map(\.assignee) == people)  // in the order they were asked
            #expect(finished.assignments.allSatisfy { $0.status == .done })
            #expect(finished.status == .done)
            #expect(finished.version == people.count)
            // Eight changes, one card update waiting: it renders whatever the item is when it is sent.
            #expect(try await store.posts(withStatus: .pending).filter { $0.kind == .cardUpdate }.count == 1)
        }
    }

    /// A reopen after a close is a restart, which nothing in memory survives.
    @Test(arguments: TestDatabase.sqlKinds)
    func reopeningAnUpToDateDatabaseKeepsItsData(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, database in
            let item = try await store.create(newAsk(1))
            for _ in 0..<2 {
                let reopened = try await database.open()
                #expect(try await reopened.item(item.id, in: channel.workspace)?.request == "request 1")
                try await reopened.close()
            }
        }
    }

    /// Only a database has a schema to migrate.
    @Test(arguments: TestDatabase.sqlKinds)
    func replicasStartingTogetherMigrateOnce(_ kind: TestDatabase.Kind) async throws {
        let database = try await TestDatabase.make(kind)
        let opened = await withTaskGroup(of: Result<any ClosableStore, any Error>.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do { return .success(try await database.open()) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let stores = opened.compactMap { try? $0.get() }
        #expect(stores.count == 3, "\(opened)")
        if let first = stores.first {
            let item = try await first.create(newAsk(1))
            for store in stores {
                #expect(try await store.item(item.id, in: channel.workspace)?.request == "request 1")
            }
        }
        for store in stores { try await store.close() }
        await database.remove()
    }

    @Test(arguments: TestDatabase.kinds)
    func updatesStatusAndKeepsItOutOfInbox(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            var item = try await store.create(newAsk(1))
            item.assignments[0].status = .done
            item.assignments[0].acknowledgedAt = monday.addingTimeInterval(60)
            item.status = .done
            #expect(try await store.update(item, recording: ItemEvent(kind: .done, actor: ChatUserID("U0BOB"), at: item.createdAt)))
            // A change made from the same, now stale, read is refused.
            #expect(try await store.update(item, recording: ItemEvent(kind: .cancelled, actor: ChatUserID("U0ALICE"), at: item.createdAt)) == false)
            let stored = try #require(try await store.item(item.id, in: channel.workspace))
            #expect(stored.status == .done)
            #expect(stored.assignments.first?.acknowledgedAt == monday.addingTimeInterval(60))
            #expect(try await store.openItems(assignedTo: ChatUserID("U0BOB"), in: channel.workspace).isEmpty)
            #expect(try await store.item(item.id, in: WorkspaceRef(platform: "slack", workspaceID: "OTHER")) == nil)
            let responses = try await store.firstResponses(in: channel, from: monday, to: monday.addingTimeInterval(3600))
            #expect(responses.map(\.respondedAt) == [monday.addingTimeInterval(60)])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func outboxRetriesAndParksPosts(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let created = monday
            let lease = created.addingTimeInterval(30)
            _ = try await store.create(newAsk(1, at: created))
            #expect(try await store.claimDuePosts(at: created, platforms: ["matrix"], limit: 10, leaseUntil: lease).isEmpty)
            let post = try #require(try await store.claimDuePosts(at: created, platforms: ["slack"], limit: 10, leaseUntil: lease).first)
            try await store.markInFlight([post.id], at: created)
            // A 5xx may hide a delivered post: the next attempt looks for it first.
            try await store.markFailed(post.id, error: "HTTP 500", retryAt: created.addingTimeInterval(60), uncertain: true)
            #expect(try await store.posts(withStatus: .pending).first?.inFlightSince == created)
            #expect(try await store.claimDuePosts(at: created.addingTimeInterval(59), platforms: ["slack"], limit: 10, leaseUntil: lease).isEmpty)
            #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == created.addingTimeInterval(60))
            try await store.markFailed(post.id, error: "channel_not_found", retryAt: nil, uncertain: false)
            let dead = try await store.posts(withStatus: .dead)
            #expect(dead.map(\.attempts) == [2])
            #expect(dead.first?.inFlightSince == nil)
            #expect(dead.first?.lastError == "channel_not_found")
            #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == nil)
            #expect(try await store.countPostsAwaitingAttention() == [.dead: 1])

            #expect(try await store.requeue(post.id, at: created.addingTimeInterval(120)))
            let requeued = try await store.posts(withStatus: .pending)
            #expect(requeued.map(\.attempts) == [0])
            #expect(requeued.first?.nextAttemptAt == created.addingTimeInterval(120))
            try await store.markSent(post.id, messageRef: "1.2", at: created)
            #expect(try await store.itemID(postedAs: "1.2", in: channel) == post.itemID)
            #expect(try await store.requeue(post.id, at: created) == false)  // a sent post is never sent again
            #expect(try await store.requeue(9999, at: created) == false)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func replicasClaimDisjointPostsAndADeadReplicasClaimRunsOut(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { first, database in
            let second = try await database.open()
            for number in 1...50 { _ = try await first.create(newAsk(number)) }
            let lease = monday.addingTimeInterval(60)
            async let claimedByFirst = first.claimDuePosts(at: monday, platforms: ["slack"], limit: 30, leaseUntil: lease)
            async let claimedBySecond = second.claimDuePosts(at: monday, platforms: ["slack"], limit: 30, leaseUntil: lease)
            let (a, b) = try await (Set(claimedByFirst.map(\.id)), Set(claimedBySecond.map(\.id)))
            #expect(a.isDisjoint(with: b))
            #expect(a.union(b).count == 50)
            // Everything is held: nothing more to claim, and nothing is due before the claims run out.
            #expect(try await first.claimDuePosts(at: monday, platforms: ["slack"], limit: 100, leaseUntil: lease).isEmpty)
            #expect(try await first.nextPendingAttempt(platforms: ["slack"]) == lease)

            // The first replica releases a post it did not get to, and then is never heard of again.
            let released = try #require(try await first.posts(withStatus: .pending).first { a.contains($0.id) && $0.inFlightSince == nil })
            try await first.markInFlight(Array(a), at: monday)
            try await first.release([released])
            #expect(try await second.claimDuePosts(at: monday, platforms: ["slack"], limit: 100, leaseUntil: lease).map(\.id) == [released.id])

            // Once its lease is over, the rest of its claim is the second's, marked as possibly delivered.
            let afterLease = try await second.claimDuePosts(at: lease, platforms: ["slack"], limit: 100, leaseUntil: lease.addingTimeInterval(60))
            #expect(Set(afterLease.map(\.id)) == a.subtracting([released.id]).union(b).union([released.id]))
            #expect(afterLease.filter { a.contains($0.id) && $0.id != released.id }.allSatisfy { $0.inFlightSince == monday })
            try await second.close()
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func replicasClaimDisjointFollowUpsAndRecordingEndsTheClaim(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { first, database in
            let second = try await database.open()
            let due = monday.addingTimeInterval(3600)
            for number in 1...20 { _ = try await first.create(newAsk(number, followUpAt: due)) }
            let lease = due.addingTimeInterval(60)
            async let claimedByFirst = first.claimDueAssignments(at: due, limit: 15, leaseUntil: lease)
            async let claimedBySecond = second.claimDueAssignments(at: due, limit: 15, leaseUntil: lease)
            let (a, b) = try await (claimedByFirst, claimedBySecond)
            #expect(Set(a.map(\.item.id)).isDisjoint(with: b.map(\.item.id)))
            #expect(a.count + b.count == 20)
            #expect(try await first.nextFollowUpAt() == lease)

            // Recording queues each follow-up once, however often it is recorded; the claim ends with it.
            let records = a.map { entry in
                FollowUpRecord(due: entry, handledThrough: due, nextFollowUpAt: nil, posts: [QueuedPost(
                    idempotencyKey: .followUp("reminder", of: entry.item.id, for: entry.assignee, route: .only), channel: channel, kind: .reminder,
                    itemID: entry.item.id,
                    subject: entry.assignee, replyInThread: true, dueAt: due)])
            }
            #expect(try await first.record(records) == a.count)
            #expect(try await second.record(records) == 0)  // read before the first recorded: left out
            let remaining = try await second.claimDueAssignments(at: lease, limit: 100, leaseUntil: lease.addingTimeInterval(60))
            #expect(Set(remaining.map(\.item.id)) == Set(b.map(\.item.id)))
            let reminder = try #require(try await second.post(withKey: .followUp("reminder", of: a[0].item.id, for: a[0].assignee, route: .only)))
            #expect(reminder.queued.replyInThread && reminder.queued.subject == ChatUserID("U0BOB") && reminder.kind == .reminder)
            try await second.close()
        }
    }

    /// A claim hands the scheduler each due assignment with its whole item: every assignment, in the order they were
    /// added, as stored, whether due or not; two due on one item share it.
    @Test(arguments: TestDatabase.kinds)
    func claimsDueAssignmentsWithTheirWholeItems(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let due = monday.addingTimeInterval(3600)
            var new = newAsk(1)
            new.assignments = [
                Assignment(assignee: ChatUserID("U0CAROL"), dueAt: monday.addingTimeInterval(7200), nextFollowUpAt: due,
                           firstCallAt: monday.addingTimeInterval(1800), plannedInTeamZone: true),
                Assignment(assignee: ChatUserID("U0ALICE"), dueAt: monday.addingTimeInterval(5400), nextFollowUpAt: due),
                Assignment(assignee: ChatUserID("U0BOB"), dueAt: monday.addingTimeInterval(9000), nextFollowUpAt: due),
                Assignment(assignee: ChatUserID("U0DAN"), dueAt: monday.addingTimeInterval(9000), nextFollowUpAt: due.addingTimeInterval(60)),
            ]
            var shared = try await store.create(new)
            shared.assignments[1].status = .done
            shared.assignments[1].acknowledgedAt = monday.addingTimeInterval(60)
            shared.assignments[1].nextFollowUpAt = nil
            shared.assignments[2].snoozedUntil = due.addingTimeInterval(-60)
            shared.assignments[2].nextFollowUpAt = due.addingTimeInterval(-60)
            shared.assignments[2].infoRequestedAt = monday.addingTimeInterval(30)
            // A change queues its own posts with it.
            let call = QueuedPost(
                idempotencyKey: .infoRequest(on: shared.id, by: ChatUserID("U0BOB"), at: monday), channel: shared.channel, kind: .threadCall,
                itemID: shared.id, subject: ChatUserID("U0ALICE"), replyInThread: true, body: ChatMessage(fallbackText: "more?", blocks: []),
                dueAt: monday.addingTimeInterval(60))
            #expect(try await store.update(shared, recording: ItemEvent(kind: .snoozed, actor: ChatUserID("U0BOB"), at: monday), queueing: [call]))
            let queuedCall = try #require(try await store.post(withKey: call.idempotencyKey))
            #expect(queuedCall.kind == .threadCall && queuedCall.queued.subject == ChatUserID("U0ALICE") && queuedCall.queued.replyInThread)
            #expect(queuedCall.queued.body?.fallbackText == "more?" && queuedCall.nextAttemptAt == monday.addingTimeInterval(60))
            let assignments = shared.assignments
            let single = try await store.create(newAsk(2, followUpAt: due.addingTimeInterval(-120)))
            _ = try await store.create(newAsk(3, followUpAt: due.addingTimeInterval(120)))

            let claimed = try await store.claimDueAssignments(at: due, limit: 10, leaseUntil: due.addingTimeInterval(7200))
            #expect(claimed.map(\.assignee) == [ChatUserID("U0BOB"), ChatUserID("U0BOB"), ChatUserID("U0CAROL")])
            #expect(claimed.map(\.item.id) == [single.id, shared.id, shared.id])
            #expect(claimed.map(\.nextFollowUpAt) == [due.addingTimeInterval(-120), due.addingTimeInterval(-60), due])
            #expect(claimed.allSatisfy { $0.handledThrough == monday })
            // A claim reads only some of an assignment's columns: what it builds must equal the item as read whole.
            let stored = try #require(try await store.item(shared.id, in: shared.channel.workspace))
            for entry in claimed where entry.item.id == shared.id {
                #expect(entry.item.assignments == assignments)
                #expect(String(reflecting: entry.item) == String(reflecting: stored))
                #expect(entry.item.request == "request 1" && entry.item.links == new.links && entry.item.status == .open)
            }
            #expect(claimed.first?.item.assignments.count == 1)
            // A claim takes the earliest up to its limit, and leaves the rest to the next.
            let later = due.addingTimeInterval(3600)
            let first = try await store.claimDueAssignments(at: later, limit: 1, leaseUntil: later.addingTimeInterval(60))
            #expect(first.map(\.assignee) == [ChatUserID("U0DAN")])
            #expect(try await store.claimDueAssignments(at: later, limit: 5, leaseUntil: later.addingTimeInterval(60)).map(\.item.request) == ["request 3"])
        }
    }

    /// When the next follow-up or post is due counts a claim until it runs out, and forgets one left on an ask that
    /// was answered or a post that was sent while claimed.
    @Test(arguments: TestDatabase.kinds)
    func theNextDueInstantCountsClaimsAndForgetsThoseNoLongerDue(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let hour: TimeInterval = 3600
            let first = try await store.create(newAsk(1, followUpAt: monday.addingTimeInterval(hour)))
            _ = try await store.create(newAsk(2, followUpAt: monday.addingTimeInterval(2 * hour)))
            _ = try await store.create(newAsk(3, followUpAt: monday.addingTimeInterval(3 * hour)))
            #expect(try await store.nextFollowUpAt() == monday.addingTimeInterval(hour))

            // Claimed until half past: nothing is due before then, nor before the next unclaimed one.
            let claimed = try await store.claimDueAssignments(at: monday.addingTimeInterval(hour), limit: 1, leaseUntil: monday.addingTimeInterval(1.5 * hour))
            #expect(claimed.map(\.item.id) == [first.id])
            #expect(try await store.nextFollowUpAt() == monday.addingTimeInterval(1.5 * hour))

            // Answered while claimed: its follow-ups are over, and the claim no longer counts.
            var answered = try #require(try await store.item(first.id, in: channel.workspace))
            answered.assignments[0].nextFollowUpAt = nil
            answered.assignments[0].status = .done
            #expect(try await store.update(answered, recording: ItemEvent(kind: .done, actor: ChatUserID("U0BOB"), at: monday.addingTimeInterval(hour))))
            #expect(try await store.nextFollowUpAt() == monday.addingTimeInterval(2 * hour))

            // A claim that ran out counts from when it ran out, before a later unclaimed follow-up.
            _ = try await store.claimDueAssignments(at: monday.addingTimeInterval(2 * hour), limit: 1, leaseUntil: monday.addingTimeInterval(2.5 * hour))
            #expect(try await store.nextFollowUpAt() == monday.addingTimeInterval(2.5 * hour))

            // Every follow-up still planned claimed, none unclaimed to bound the look: the first claim to run out.
            _ = try await store.claimDueAssignments(at: monday.addingTimeInterval(3 * hour), limit: 2, leaseUntil: monday.addingTimeInterval(4 * hour))
            #expect(try await store.nextFollowUpAt() == monday.addingTimeInterval(4 * hour))

            // Posts: the three cards and the answered ask's card update, all claimed. A sent post's claim no longer
            // counts; a pending one's does, until it is put off.
            let claimedAt = monday.addingTimeInterval(hour)
            let posts = try await store.claimDuePosts(at: claimedAt, platforms: ["slack"], limit: 10, leaseUntil: claimedAt.addingTimeInterval(60))
            #expect(posts.count == 4)
            for post in posts.dropFirst() { try await store.markSent(post.id, messageRef: "1.\(post.id)", at: claimedAt) }
            #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == claimedAt.addingTimeInterval(60))
            try await store.postpone([(posts[0].id, monday.addingTimeInterval(2 * hour))], reason: "paced", pacedSlot: true)
            #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == monday.addingTimeInterval(2 * hour))
            #expect(try await store.nextPendingAttempt(platforms: ["mattermost"]) == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func savesNudgesWithTheReplansOfItemsStillAsRead(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let bob = ChatUserID("U0BOB")
            let hours = PersonalSettings(timeZoneName: "Asia/Kolkata", blocks: ClockRange.blocks(parsing: "08:00-16:00"))
            try await store.saveHours(hours, of: bob, in: channel.workspace)
            let unchanged = try await store.create(newAsk(1, followUpAt: monday.addingTimeInterval(3600)))
            var changed = try await store.create(newAsk(2, followUpAt: monday.addingTimeInterval(3600)))
            let replans = [unchanged, changed].map {
                FollowUpReplan(itemID: $0.id, itemVersion: $0.version, assignee: bob, plannedAt: monday, nextFollowUpAt: monday.addingTimeInterval(86_400))
            }
            // Snoozed after the replans were made: the snooze planned its own follow-up, which stays.
            changed.assignments[0].nextFollowUpAt = monday.addingTimeInterval(7200)
            #expect(try await store.update(changed, recording: ItemEvent(kind: .snoozed, actor: bob, at: monday)))
            try await store.saveNudges(.daily, of: bob, in: channel.workspace, replanning: replans)

            let settings = try #require(try await store.settings(of: [bob], in: channel.workspace)[bob])
            #expect(settings.nudges == .daily)
            #expect(settings.timeZoneName == "Asia/Kolkata" && settings.blocks?.listed == "08:00-16:00")
            #expect(try await store.item(unchanged.id, in: channel.workspace)?.assignments[0].nextFollowUpAt == monday.addingTimeInterval(86_400))
            #expect(try await store.item(changed.id, in: channel.workspace)?.assignments[0].nextFollowUpAt == monday.addingTimeInterval(7200))
            // Follow-ups up to the replan count as handled: the scheduler plans from there.
            let due = try await store.claimDueAssignments(at: monday.addingTimeInterval(86_400), limit: 10, leaseUntil: monday.addingTimeInterval(90_000))
            #expect(due.first { $0.item.id == unchanged.id }?.handledThrough == monday)

            // Hours saved later keep the choice; a person who chose nothing has none.
            try await store.saveHours(PersonalSettings(timeZoneName: "Europe/Berlin"), of: bob, in: channel.workspace)
            #expect(try await store.settings(of: [bob], in: channel.workspace)[bob]?.nudges == .daily)
            try await store.saveNudges(.each, of: bob, in: channel.workspace, replanning: [])
            #expect(try await store.settings(of: [bob], in: channel.workspace)[bob]?.nudges == .each)
            try await store.saveProfileZones([ProfileZone(user: ChatUserID("U0CAROL"), zone: "UTC")], checkedAt: monday, in: channel.workspace)
            #expect(try await store.settings(of: [ChatUserID("U0CAROL")], in: channel.workspace)[ChatUserID("U0CAROL")]?.nudges == nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRetriedEventIsHandledOnceAcrossReplicas(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { first, database in
            let second = try await database.open()
            async let one = first.recordInboundEvent("Ev1", platform: "slack", at: monday)
            async let two = second.recordInboundEvent("Ev1", platform: "slack", at: monday)
            #expect(try await [one, two].filter { $0 }.count == 1)
            try await second.forgetInboundEvent("Ev1", platform: "slack")
            #expect(try await first.recordInboundEvent("Ev1", platform: "slack", at: monday))
            try await second.close()
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func handledEventsAreForgottenAfterTheirRetention(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let later = monday.addingTimeInterval(InboundEventRetention.interval)
            let recorded = [
                try await store.recordInboundEvent("Ev-old", platform: "slack", at: monday),
                try await store.recordInboundEvent("Ev-new", platform: "matrix", at: later),
            ]
            let forgotten = [
                try await store.forgetInboundEvents(recordedBefore: later), try await store.forgetInboundEvents(recordedBefore: later),
            ]
            // The old one would be handled again; the new one is still remembered.
            let recordedAgain = [
                try await store.recordInboundEvent("Ev-old", platform: "slack", at: later),
                try await store.recordInboundEvent("Ev-new", platform: "matrix", at: later),
            ]
            #expect(recorded == [true, true])
            #expect(forgotten == [1, 0])
            #expect(recordedAgain == [true, false])
        }
    }

    /// Each way a person's settings change is read back at once, though the same settings were read just before (the
    /// SQLite store keeps what it read).
    @Test(arguments: TestDatabase.kinds)
    func readsAPersonAgainAfterEveryChangeToThem(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let bob = ChatUserID("U0BOB")
            let workspace = channel.workspace
            func bobNow() async throws -> PersonalSettings? { try await store.settings(of: [bob], in: workspace)[bob] }
            #expect(try await bobNow() == nil)
            try await store.saveProfileZones([ProfileZone(user: bob, zone: "Europe/Paris")], checkedAt: monday, in: workspace)
            #expect(try await bobNow()?.directoryTimeZoneName == "Europe/Paris")
            let first = try #require(DateRange(first: LocalDate(year: 2026, month: 12, day: 1)!, last: LocalDate(year: 2026, month: 12, day: 2)!))
            try await store.addAway(first, for: bob, in: workspace)
            #expect(try await bobNow()?.away == [first])
            let second = try #require(DateRange(first: LocalDate(year: 2026, month: 12, day: 8)!, last: LocalDate(year: 2026, month: 12, day: 8)!))
            #expect(try await store.moveDeadlines(DeadlineMoves(changes: [], notices: [], away: .init(range: second, user: bob, workspace: workspace))))
            #expect(try await bobNow()?.away == [first, second])
            let tokyo = DeadlineMoves.LearnedZone(profile: ProfileZone(user: bob, zone: "Asia/Tokyo"), checkedAt: monday, workspace: workspace)
            #expect(try await store.moveDeadlines(DeadlineMoves(changes: [], notices: [], learnedZone: tokyo)))
            #expect(try await bobNow()?.directoryTimeZoneName == "Asia/Tokyo")
            try await store.saveNudges(.daily, of: bob, in: workspace, replanning: [])
            #expect(try await bobNow()?.nudges == .daily)
            try await store.saveHours(PersonalSettings(timeZoneName: "America/New_York"), of: bob, in: workspace)
            #expect(try await bobNow()?.timeZoneName == "America/New_York")
            try await store.clearAway(for: bob, in: workspace)
            #expect(try await bobNow()?.away == [])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func keepsPeoplesHoursAndTimeAway(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let bob = ChatUserID("U0BOB")
            var hours = PersonalSettings()
            hours.timeZoneName = "Asia/Kolkata"
            hours.days = [.monday, .tuesday]
            hours.blocks = ClockRange.blocks(parsing: "09:30-13:00,14:00-18:00")
            hours.focus = WeeklySchedule(parsing: "mon,wed 09:30-11:00")
            try await store.saveHours(hours, of: bob, in: channel.workspace)
            try await store.saveProfileZones([ProfileZone(user: bob, zone: "Europe/Paris")], checkedAt: monday, in: channel.workspace)
            let later = try #require(DateRange(first: LocalDate(year: 2026, month: 12, day: 24)!, last: LocalDate(year: 2026, month: 12, day: 31)!))
            let sooner = try #require(DateRange(first: LocalDate(year: 2026, month: 12, day: 1)!, last: LocalDate(year: 2026, month: 12, day: 1)!))
            try await store.addAway(later, for: bob, in: channel.workspace)
            try await store.addAway(sooner, for: bob, in: channel.workspace)
            let settings = try #require(try await store.settings(of: [bob, ChatUserID("U0NOBODY")], in: channel.workspace)[bob])
            #expect(settings.timeZoneName == "Asia/Kolkata" && settings.directoryTimeZoneName == "Europe/Paris")
            #expect(settings.days == [.monday, .tuesday] && settings.blocks?.listed == "09:30-13:00,14:00-18:00")
            #expect(settings.focus?.description == "mon,wed 09:30-11:00" && settings.week == nil)
            hours.week = WeeklySchedule(parsing: "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00")
            hours.focus = .empty
            try await store.saveHours(hours, of: bob, in: channel.workspace)
            let again = try #require(try await store.settings(of: [bob], in: channel.workspace)[bob])
            #expect(again.week == hours.week && again.focus == .empty && again.blocks == hours.blocks)
            #expect(settings.away == [sooner, later])
            try await store.clearAway(for: bob, in: channel.workspace)
            #expect(try await store.settings(of: [bob], in: channel.workspace)[bob]?.away == [])
            #expect(try await store.settings(of: [bob], in: WorkspaceRef(platform: "slack", workspaceID: "OTHER")).isEmpty)
        }
    }

    /// Asks due 30 seconds after they are made, without reminders: the overdue notice is their first follow-up.
    private static let dueInThirtySeconds = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(seconds: 30), counting: .calendar, remindAt: [])],
        defaultTierName: "standard", workingHours: .standardUTC)

    /// An ask to Bob due at `deadline`, with its overdue notice then.
    private func newAsk(_ number: Int, dueAt deadline: Date) -> NewItem {
        var ask = newAsk(number, followUpAt: deadline)
        ask.assignments[0].dueAt = deadline
        return ask
    }

    @Test(arguments: TestDatabase.kinds)
    func aTickLessThanAMillisecondBeforeAFollowUpDoesNotLoseIt(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let deadline = monday.addingTimeInterval(30)
            let item = try await store.create(newAsk(1, dueAt: deadline))
            let scheduler = FollowUpScheduler(store: store, policy: LivePolicy(Self.dueInThirtySeconds))
            // 0.4 ms early: a store rounding to whole milliseconds sees the notice as due already.
            try await scheduler.queueDueFollowUps(now: deadline.addingTimeInterval(-0.0004))
            try await scheduler.queueDueFollowUps(now: deadline.addingTimeInterval(1))
            #expect(try await store.post(withKey: .followUp("overdue", of: item.id, for: ChatUserID("U0BOB"), route: .thread)) != nil)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aBacklogOfSeveralBatchesIsQueuedInOnePass(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            let deadline = monday.addingTimeInterval(30)
            var items: [Item] = []
            for number in 1...5 {
                items.append(try await store.create(newAsk(number, dueAt: deadline)))
            }
            let scheduler = FollowUpScheduler(store: store, policy: LivePolicy(Self.dueInThirtySeconds))
            // Batches of two: the pass goes on claiming until a batch comes back short.
            #expect(try await scheduler.queueDueFollowUps(now: deadline, batchSize: 2) > 0)
            for item in items {
                #expect(try await store.post(withKey: .followUp("overdue", of: item.id, for: ChatUserID("U0BOB"), route: .thread)) != nil)
            }
            #expect(try await scheduler.queueDueFollowUps(now: deadline, batchSize: 2) == 0)
        }
    }
}
