import UnhurriedConfiguration
import UnhurriedCore

/// The what-if form and, once a candidate was posted, its problems or what it would change.
struct WhatIfPage {
    struct Problem {
        var line: Int
        var column: Int
        var key: String
        var message: String
    }

    struct Comparison {
        var asks: Int
        var assignments: Int
        var nothing: Bool
        var earlierCount: Int
        var earlierBy: String
        var laterCount: Int
        var laterBy: String
        var remindersNow: Int
        var remindersCandidate: Int
        var outsideNow: Int
        var outsideCandidate: Int
        var escalationsGained: Int
        var escalationsLost: Int
        var tiersMissing: String?
    }

    var csrf: String
    /// The layout shows the navigation only with a session.
    let signedIn = true
    var candidate: String
    var askLimit = PolicyRehearsal.askLimit
    var weekCount = AdminOverviewPage.weekCount
    var policyFile: String
    var hasFile: Bool
    var hasProblems = false
    var problems: [Problem] = []
    var comparison: Comparison?

    init(csrf: String, candidate: String, policyFile: String?) {
        self.csrf = csrf
        self.candidate = candidate
        self.policyFile = policyFile ?? "FILE"
        hasFile = policyFile != nil
    }

    mutating func show(_ error: YAMLFileError) {
        problems = error.problems.map { Problem(line: $0.line, column: $0.column, key: $0.key, message: $0.message) }
        hasProblems = !problems.isEmpty
    }

    mutating func show(_ result: PolicyComparison) {
        func by(_ shift: PolicyComparison.Shift) -> String {
            guard let median = shift.median, let largest = shift.largest else { return "" }
            return "median \(MessageComposer.durationText(median)), at most \(MessageComposer.durationText(largest))"
        }
        comparison = Comparison(
            asks: result.asksCompared, assignments: result.assignmentsCompared, nothing: result.changesNothing,
            earlierCount: result.earlier.count, earlierBy: by(result.earlier), laterCount: result.later.count, laterBy: by(result.later),
            remindersNow: result.remindersNow, remindersCandidate: result.remindersCandidate, outsideNow: result.callsOutsideHoursNow,
            outsideCandidate: result.callsOutsideHoursCandidate, escalationsGained: result.escalationsGained,
            escalationsLost: result.escalationsLost,
            tiersMissing: result.tiersMissing.isEmpty ? nil : result.tiersMissing.joined(separator: ", "))
    }
}
