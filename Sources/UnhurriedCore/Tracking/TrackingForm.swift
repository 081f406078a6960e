import Foundation

/// A message someone chose to track through a form (Slack's message shortcut) rather than a reaction: the form
/// shows what the message says, and the person corrects whom it asks, its tier, its deadline and its words before
/// it becomes an ask.
public enum TrackingForm {
    /// What the form offers before anything is typed: the channel's tiers, its default first chosen.
    public struct Choices: Sendable, Equatable {
        public var tierNames: [String]
        public var defaultTierName: String
        /// How many people one ask may name here; the form's people picker stops there.
        public var maxAssignees: Int

        public init(tierNames: [String], defaultTierName: String, maxAssignees: Int) {
            self.tierNames = tierNames
            self.defaultTierName = defaultTierName
            self.maxAssignees = maxAssignees
        }
    }

    /// What the person submitted.
    public struct Submission: Sendable, Equatable {
        public var message: ItemOrigin
        public var channel: ChatChannel
        public var asker: ChatUserID
        public var assignees: [ChatUserID]
        public var tierName: String?
        /// As typed: `by friday 3pm`, or `friday 3pm` (read as `by friday 3pm`); nil or blank for the tier's window.
        public var deadline: String?
        public var request: String

        public init(
            message: ItemOrigin, channel: ChatChannel, asker: ChatUserID, assignees: [ChatUserID], tierName: String?, deadline: String?,
            request: String
        ) {
            self.message = message
            self.channel = channel
            self.asker = asker
            self.assignees = assignees
            self.tierName = tierName
            self.deadline = deadline
            self.request = request
        }
    }

    /// The form's fields, each of which can be refused with a reason shown under it.
    public enum Field: String, Sendable, CaseIterable {
        case assignees, tier, deadline, request
    }

    /// What became of a submission.
    public enum Answer: Sendable {
        case tracked(CommandOutcome)
        /// Nothing was recorded; the reason goes under the field.
        case refused(Field, reason: String)
    }
}
