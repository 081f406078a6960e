/// Sends decisions to one publication target. Each call is one attempt of one outbox post; the outbox retries it.
public protocol DecisionPublisher: Sendable {
    /// Publishes `publication` and returns what the target calls it (a page version, a row's id, a status) for the
    /// outbox to record. `earlierAttemptUncertain`: an earlier attempt may have arrived (it timed out after sending),
    /// so a target that can look for it does before sending again. Throws how the attempt failed.
    func publish(_ publication: DecisionPublication, earlierAttemptUncertain: Bool) async throws(DeliveryFailure) -> String
}
