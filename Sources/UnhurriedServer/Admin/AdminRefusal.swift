/// Why an admin request was turned away; the label is `reason` on `unhurried_verification_failures_total{platform="admin"}`.
enum AdminRefusal: String, Sendable {
    case wrongToken = "wrong_token"
    case missingToken = "missing_token"
    case notConfigured = "no_admin_token_configured"
    case csrfMismatch = "csrf_mismatch"
    /// Too many wrong tokens wait already: refused before the token is looked at.
    case flooded = "too_many_wrong_tokens"

    var metricLabel: String { rawValue }
}
