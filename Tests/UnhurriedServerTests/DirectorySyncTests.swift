import ChatPlatformKit
import Foundation
import Synchronization
import Testing
import UnhurriedCore

/// A pass over the directory follows the cursor to the end, waits as long as a 429 says and asks for the same page
/// again, and gives up on a page that keeps failing, keeping what it remembered.
@Suite(.timeLimit(.minutes(1))) struct DirectorySyncTests {
    /// Answers each call with the next of `answers`, recording the cursors it was asked for.
    final class ScriptedListing: PeopleListing {
        let pause = Duration.zero
        let answers: Mutex<[Result<DirectoryPage, DeliveryFailure>]>
        let cursors = Mutex<[String?]>([])

        init(_ answers: [Result<DirectoryPage, DeliveryFailure>]) {
            self.answers = Mutex(answers)
        }

        func page(after cursor: String?) async throws(DeliveryFailure) -> DirectoryPage {
            cursors.withLock { $0.append(cursor) }
            let answer = answers.withLock { $0.isEmpty ? .failure(.permanent("script ran out")) : $0.removeFirst() }
            return try answer.get()
        }
    }

    private let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")

    private func page(_ users: [String], next: String?) -> DirectoryPage {
        DirectoryPage(profiles: [workspace: users.map { ProfileZone(user: ChatUserID($0), zone: "Europe/Berlin") }], next: next)
    }

    private func pass(_ listing: ScriptedListing, store: any UnhurriedStore) async -> Int {
        let host = ProfileHost(handler: CommandHandler(store: store, policy: LivePolicy(wallClockPolicy)), clock: SystemClock())
        return await DirectorySync(listing: listing, host: host, platform: "slack", logger: quietLogger).passOverDirectory()
    }

    @Test func waitsOutA429AndAsksForTheSamePageAgain() async throws {
        try await withTestStore(.memory) { store, _ in
            let listing = ScriptedListing([
                .success(page(["U1", "U2"], next: "c2")), .failure(.rateLimited(retryAfterSeconds: 1)), .failure(.temporary("HTTP 503")),
                .success(page(["U3"], next: nil)),
            ])
            let started = ContinuousClock.now
            #expect(await pass(listing, store: store) == 3)
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(listing.cursors.withLock { $0 } == [nil, "c2", "c2", "c2"])
            let people = try await store.settings(of: [ChatUserID("U1"), ChatUserID("U3")], in: workspace)
            #expect(people.values.map(\.directoryTimeZoneName) == ["Europe/Berlin", "Europe/Berlin"])
        }
    }

    /// Replicas started together all ask for the first page: a 429 or an error on it is waited out like any other's.
    @Test func asksForTheFirstPageAgainAfterA429OrAnError() async throws {
        try await withTestStore(.memory) { store, _ in
            let listing = ScriptedListing([
                .failure(.rateLimited(retryAfterSeconds: 0)), .failure(.temporary("HTTP 503")), .success(page(["U1"], next: nil)),
            ])
            #expect(await pass(listing, store: store) == 1)
            #expect(listing.cursors.withLock { $0 } == [nil, nil, nil])
        }
    }

    @Test func givesUpOnAPageThatKeepsFailingAndKeepsWhatItHas() async throws {
        try await withTestStore(.memory) { store, _ in
            let listing = ScriptedListing([.success(page(["U1"], next: "c2"))])
            #expect(await pass(listing, store: store) == 1)
            #expect(listing.cursors.withLock { $0 } == [nil, "c2", "c2", "c2"])
        }
    }
}
