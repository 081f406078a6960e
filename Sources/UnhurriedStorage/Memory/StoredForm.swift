import Foundation
import UnhurriedCore

// Rows as the databases keep them. Both keep instants as whole milliseconds; the in-memory store does too, so that
// it compares, orders and returns instants exactly as they do: a tick less than a millisecond early finds the same
// work due.

extension Date {
    /// The instant as a database row holds it.
    var storedInstant: Date { Date(milliseconds: milliseconds) }
}

extension NewItem {
    var stored: NewItem {
        var item = self
        item.createdAt = createdAt.storedInstant
        item.assignments = assignments.map(\.stored)
        item.meeting = meeting.map { Meeting(title: $0.title, startsAt: $0.startsAt.storedInstant, postAt: $0.postAt.storedInstant) }
        return item
    }
}

extension Assignment {
    var stored: Assignment {
        Assignment(
            assignee: assignee, dueAt: dueAt.storedInstant, status: status, acknowledgedAt: acknowledgedAt?.storedInstant,
            snoozedUntil: snoozedUntil?.storedInstant, nextFollowUpAt: nextFollowUpAt?.storedInstant, firstCallAt: firstCallAt?.storedInstant,
            plannedInTeamZone: plannedInTeamZone, infoRequestedAt: infoRequestedAt?.storedInstant)
    }
}

extension QueuedPost {
    var stored: QueuedPost {
        var post = self
        post.dueAt = dueAt.storedInstant
        // Not part of a stored body: it reads back as a new message's default.
        post.body?.callsPeopleNamed = true
        return post
    }
}
