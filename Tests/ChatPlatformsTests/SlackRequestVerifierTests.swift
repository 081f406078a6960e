import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing

@Suite struct SlackRequestVerifierTests {
    // Slack's published example (platforms.md §9.1).
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let timestamp = "1531420618"
    static let signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    static let body: Data = {
        let url = Bundle.module.url(forResource: "slack-signing-vector-body", withExtension: "txt", subdirectory: "Fixtures")!
        return try! Data(contentsOf: url)
    }()
    static let signedAt = Date(timeIntervalSince1970: 1_531_420_618)

    let verifier = SlackRequestVerifier(signingSecrets: [secret])

    @Test func acceptsSlacksPublishedTestVector() throws {
        #expect(Self.body.count == 362)
        try verifier.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt)
    }

    /// A body that is not one run of bytes in memory (a lazily mapped view) is signed the same.
    @Test func acceptsTheVectorFromABodyNotStoredContiguously() throws {
        try verifier.verify(body: Self.body.lazy.map { $0 }, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt)
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try verifier.verify(body: Self.body.dropLast().lazy.map { $0 }, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt)
        }
    }

    @Test func acceptsAnyConfiguredSecretDuringRotation() throws {
        let rotating = SlackRequestVerifier(signingSecrets: ["new-secret", Self.secret])
        try rotating.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt)
    }

    @Test(arguments: [
        ("tampered body", Data("x".utf8) + body.dropFirst(), timestamp, signature, 0.0, SignedRequestFailure.signatureMismatch),
        ("timestamp changed", body, "1531420619", signature, 0.0, .signatureMismatch),
        ("signature of another secret", body, timestamp, "v0=" + String(repeating: "ab", count: 32), 0.0, .signatureMismatch),
        ("stale by 301 s", body, timestamp, signature, 301.0, .outsideReplayWindow),
        ("from 301 s in the future", body, timestamp, signature, -301.0, .outsideReplayWindow),
        ("timestamp not a number", body, "yesterday", signature, 0.0, .malformedTimestamp),
        ("no v0 prefix", body, timestamp, String(signature.dropFirst(3)), 0.0, .malformedSignature),
        ("odd-length hex", body, timestamp, String(signature.dropLast()), 0.0, .malformedSignature),
        ("not hex", body, timestamp, "v0=" + String(repeating: "zz", count: 32), 0.0, .malformedSignature),
        ("characters of several bytes", body, timestamp, "v0=" + String(repeating: "é", count: 32), 0.0, .malformedSignature),
        ("truncated mac", body, timestamp, String(signature.prefix(40)), 0.0, .malformedSignature),
    ] as [(String, Data, String, String, Double, SignedRequestFailure)])
    func refuses(_ name: String, body: Data, timestamp: String, signature: String, clockSkew: Double, expected: SignedRequestFailure) {
        #expect(throws: expected) {
            try verifier.verify(body: body, timestamp: timestamp, signature: signature, now: Self.signedAt + clockSkew)
        }
    }

    @Test func acceptsTheEdgesOfTheReplayWindow() throws {
        for skew in [-300.0, 300.0] {
            try verifier.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt + skew)
        }
    }

    @Test func refusesMissingHeaders() {
        #expect(throws: SignedRequestFailure.missingHeaders) {
            try verifier.verify(body: Self.body, timestamp: nil, signature: Self.signature, now: Self.signedAt)
        }
        #expect(throws: SignedRequestFailure.missingHeaders) {
            try verifier.verify(body: Self.body, timestamp: Self.timestamp, signature: nil, now: Self.signedAt)
        }
    }

    @Test func refusesAWrongSecret() {
        let wrong = SlackRequestVerifier(signingSecrets: ["not-the-secret"])
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try wrong.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature, now: Self.signedAt)
        }
    }

    @Test func readsTheOfficialVectorAsACommand() throws {
        let command = try #require(try? SlackSlashCommand(decodingFormBody: String(decoding: Self.body, as: UTF8.self)))
        #expect(command.command == "/webhook-collect")
        #expect(command.teamID == "T1DC2JH3J")
        #expect(command.channelID == "G8PSS9T3V")
        #expect(command.userID == "U2CERLKJA")
        #expect(command.text == "")
        #expect(command.responseURL == "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN")
    }
}
