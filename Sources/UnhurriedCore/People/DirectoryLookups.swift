import Foundation
import Synchronization

/// Asks the people directory about each person at most once in a while: concurrent asks about the same person
/// share one question, and an answer — or a failure, while the directory is down — is remembered in memory
/// for a few minutes, so a burst of commands does not each wait for the directory again.
final class DirectoryLookups: Sendable {
    private struct Entry {
        let answer: PendingAnswer
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

    /// The question about `user`, asked now unless it was asked lately; nil when too many are out already.
    func question(about user: ChatUserID, in workspace: WorkspaceRef, from directory: any UserDirectory, now: Date) -> PendingAnswer? {
        let key = "\(workspace.platform)/\(workspace.workspaceID)/\(user.rawValue)"
        return entries.withLock { entries -> PendingAnswer? in
            if let entry = entries[key], now.timeIntervalSince(entry.askedAt) <= memory { return entry.answer }
            if entries.count > 10_000 { entries = entries.filter { now.timeIntervalSince($0.value.askedAt) <= memory } }
            guard inFlight.withLock({ count in
                guard count < mostInFlight else { return false }
                count += 1
                return true
            }) else { return nil }
            let answer = PendingAnswer()
            // Outlives the ask that started it: the correction after a fallback waits for its answer. The directory
            // bounds its own time.
            Task {
                answer.resolve(await directory.timeZone(of: user, in: workspace))
                inFlight.withLock { $0 -= 1 }
            }
            entries[key] = Entry(answer: answer, askedAt: now)
            return answer
        }
    }
}
