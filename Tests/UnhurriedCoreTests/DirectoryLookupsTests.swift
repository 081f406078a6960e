import Foundation
import Synchronization
import Testing
@testable import UnhurriedCore

/// A slow directory is asked at most so many questions at once; everyone past that is unknown for now.
@Suite struct DirectoryLookupsTests {
    /// Answers once released, counting the questions it was asked.
    final class SlowDirectory: UserDirectory {
        let asked = Mutex(0)

        func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
            asked.withLock { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(300))
            return .zone("Europe/Berlin")
        }
    }

    @Test func boundsTheQuestionsInFlight() async {
        let lookups = DirectoryLookups(mostInFlight: 4)
        let directory = SlowDirectory()
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
        let answers = await withTaskGroup(of: DirectoryAnswer.self) { group in
            for index in 0..<10 {
                group.addTask { await lookups.question(about: ChatUserID("U\(index)"), in: workspace, from: directory, now: Date())?.value() ?? .unavailable }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(directory.asked.withLock { $0 } == 4)
        #expect(answers.filter { $0 == .zone("Europe/Berlin") }.count == 4)
        #expect(answers.filter { $0 == .unavailable }.count == 6)
        // Once they are answered, there is room again.
        #expect(await lookups.question(about: ChatUserID("U99"), in: workspace, from: directory, now: Date())?.value() == .zone("Europe/Berlin"))
    }

    @Test func anAskWaitsItsBudgetWhileTheQuestionGoesOnForWhoeverWaitsLonger() async {
        let lookups = DirectoryLookups()
        let directory = SlowDirectory()
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
        let question = lookups.question(about: ChatUserID("U1"), in: workspace, from: directory, now: Date())
        #expect(await question?.value(within: .milliseconds(10)) == nil)
        // Asked again meanwhile, the same question is shared: the directory hears it once.
        let again = lookups.question(about: ChatUserID("U1"), in: workspace, from: directory, now: Date())
        #expect(await again?.value() == .zone("Europe/Berlin"))
        #expect(await question?.value(within: .milliseconds(10)) == .zone("Europe/Berlin"))
        #expect(directory.asked.withLock { $0 } == 1)
    }
}
