import Foundation
import Synchronization

/// Asks the people directory about each person at most once in a while: concurrent asks about the same person
/// share one question, and an answer — or a failure, while the directory is down — is remembered in memory
/// for a few minutes, so a burst of commands does not each wait for the directory again.
final class DirectoryLookups: Sendable {
    private struct Entry {
        let answer: Task<DirectoryAnswer, Never>
        let askedAt: Date
    }

    private let memory: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])
    /// At most this many questions are out at once; past it, a person is taken as unknown for now (the team's zone,
    /// asked again next time) rather than adding to a directory that is already slow to answer.
    private let mostInFlight: Int
    private let inFlight = Mutex(0)

    init(memory: TimeInterval = 600, mostInFlight: Int = 64) {
        self.memory = memory
        self.mostInFlight = mostInFlight
    }

    func answer(about user: ChatUserID, in workspace: WorkspaceRef, from directory: any UserDirectory, now: Date) async -> DirectoryAnswer {
        let key = "\(workspace.platform)/\(workspace.workspaceID)/\(user.rawValue)"
        let answer = entries.withLock { entries -> Task<DirectoryAnswer, Never>? in
            if let entry = entries[key], now.timeIntervalSince(entry.askedAt) <= memory { return entry.answer }
            if entries.count > 10_000 { entries = entries.filter { now.timeIntervalSince($0.value.askedAt) <= memory } }
            guard inFlight.withLock({ count in
                guard count < mostInFlight else { return false }
                count += 1
                return true
            }) else { return nil }
            // Shared by every command that asks about this person meanwhile; the directory bounds its own time.
            let answer = Task {
                defer { inFlight.withLock { $0 -= 1 } }
                return await directory.timeZone(of: user, in: workspace)
            }
            entries[key] = Entry(answer: answer, askedAt: now)
            return answer
        }
        return await answer?.value ?? .unavailable
    }
}
