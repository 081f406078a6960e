import Foundation

/// Asking an ask's author for more, and the answer. An assignee who cannot answer yet says so (`clarify 42 which deck?`,
/// or the Need more info button): the author is called under the card once their working time allows, and the
/// assignee's reminders stop, as after any response. The author's next reply in the thread answers every open request,
/// and each requester is called back there in their own working time. Both calls are queued with the change.
extension ItemResponses {
    public func requestInfo(
        _ id: ItemID, by user: ChatUserID, question: [CommandToken], in workspace: WorkspaceRef, now: Date
    ) async throws -> Outcome {
        guard let found = try await store.item(id, in: workspace) else { return .notFound(id) }
        let authorReachable = try await reachableInstants(of: [found.author], in: found.channel, now: now)[found.author] ?? now
        return try await change(id, in: workspace) { item in
            guard item.author != user, let index = item.assignments.firstIndex(where: { $0.assignee == user }) else { return .notAllowed }
            guard item.assignments[index].status == .open else { return .nothingToDo }
            // Pressed again before an answer: the author has been asked, and a question typed again is a new one.
            guard item.assignments[index].infoRequestedAt == nil || !question.isEmpty else { return .nothingToDo }
            item.assignments[index].infoRequestedAt = item.assignments[index].infoRequestedAt ?? now
            item.assignments[index].acknowledgedAt = item.assignments[index].acknowledgedAt ?? now
            item.assignments[index].nextFollowUpAt = nil
            let call = QueuedPost(
                idempotencyKey: .infoRequest(on: id, by: user, at: now), channel: item.channel, kind: .threadCall, itemID: id,
                subject: item.author, replyInThread: true, body: MessageComposer.infoRequest(item, by: user, question: question),
                dueAt: authorReachable)
            let kept = question.isEmpty ? nil : CommandToken.readableText(of: question)
            return .record(ItemEvent(kind: .infoRequested, actor: user, at: now, text: kept), queueing: [call])
        }
    }

    /// The author's reply `text` under the item answers the open requests for more: it is kept as their reply, and each
    /// requester is called back. `unchanged` when no request is open, so the reply is kept as any other.
    func answerInfoRequests(
        _ item: Item, with text: String, by user: ChatUserID, now: Date
    ) async throws -> Outcome {
        let requesters = item.assignments.filter { $0.infoRequestedAt != nil }.map(\.assignee)
        guard item.author == user, !requesters.isEmpty else { return .unchanged(item) }
        let reachable = try await reachableInstants(of: requesters, in: item.channel, now: now)
        return try await change(item.id, in: item.channel.workspace) { item in
            guard item.author == user else { return .notAllowed }
            var calls: [QueuedPost] = []
            for index in item.assignments.indices {
                guard let requestedAt = item.assignments[index].infoRequestedAt else { continue }
                item.assignments[index].infoRequestedAt = nil
                let requester = item.assignments[index].assignee
                calls.append(QueuedPost(
                    idempotencyKey: .infoAnswer(on: item.id, to: requester, requestedAt: requestedAt), channel: item.channel,
                    kind: .threadCall, itemID: item.id, subject: requester, replyInThread: true,
                    body: MessageComposer.infoAnswer(item, to: requester), dueAt: reachable[requester] ?? now))
            }
            guard !calls.isEmpty else { return .nothingToDo }
            return .record(ItemEvent(kind: .replied, actor: user, at: now, text: text), queueing: calls)
        }
    }

    /// When each person can next be called: now in their working time, else when it starts again.
    private func reachableInstants(of people: [ChatUserID], in channel: ChatChannel, now: Date) async throws -> [ChatUserID: Date] {
        let policy = livePolicy.current
        let settings = try await store.settings(of: people, in: channel.workspace)
        return Dictionary(uniqueKeysWithValues: Set(people).map { person in
            let hours = policy.workingHours(for: person, inChannel: channel.channelID, personal: settings[person])
            return (person, WorkingCalendar(hours: hours).nextReachableInstant(atOrAfter: now))
        })
    }
}
