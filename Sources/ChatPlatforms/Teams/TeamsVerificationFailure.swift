/// Why a request claiming to come from the Bot Framework channel was refused. The raw value is the refusal reason
/// that is counted and logged; it is never shown to the caller.
public enum TeamsVerificationFailure: String, Error, Sendable {
    case noToken = "no_token"
    case badScheme = "bad_scheme"
    case malformedToken = "malformed_token"
    case unsupportedAlgorithm = "unsupported_alg"
    case noKeyID = "no_kid"
    case wrongIssuer = "wrong_issuer"
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case wrongAudience = "wrong_audience"
    case expired = "expired"
    case notYetValid = "not_yet_valid"
    case noServiceURL = "no_service_url"
    case serviceURLMismatch = "service_url_mismatch"
    case notEndorsed = "not_endorsed"
    case metadataUnavailable = "metadata_unavailable"
}
