import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore
import Yams

/// `manifests/mattermost-command.json` and `manifests/matrix-registration.example.yaml` say what the code expects.
@Suite struct PlatformManifestTests {
    private func manifest(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("manifests/\(name)"), encoding: .utf8)
    }

    @Test func theMattermostCommandIsTheCatchAllPostingToTheCommandsRoute() throws {
        let command = try #require(try JSONSerialization.jsonObject(with: Data(try manifest("mattermost-command.json").utf8)) as? [String: Any])
        #expect("/" + (command["trigger"] as? String ?? "") == MattermostPlatform.command)
        #expect(command["method"] as? String == "P")
        #expect((command["url"] as? String)?.hasSuffix("/mattermost/commands") == true)
        #expect(command["auto_complete"] as? Bool == true)
        let hint = try #require(command["auto_complete_hint"] as? String)
        for verb in Verb.allCases { #expect(hint.contains(verb.rawValue), "the hint names \(verb)") }
        #expect(command["auto_complete_desc"] as? String == Verb.names)
        // Only fields `POST /api/v4/commands` takes; the server sets the token and the rest.
        let accepted: Set<String> = ["team_id", "trigger", "method", "url", "display_name", "description", "auto_complete",
                                     "auto_complete_desc", "auto_complete_hint", "username", "icon_url"]
        #expect(Set(command.keys).isSubset(of: accepted))
    }

    @Test func theMatrixExampleIsWhatMatrixRegistrationPrints() throws {
        let example = try manifest("matrix-registration.example.yaml")
        let yaml = try #require(try Yams.load(yaml: example) as? [String: Any])
        let url = try #require((yaml["url"] as? String).flatMap(URL.init(string:)))
        let localpart = try #require(yaml["sender_localpart"] as? String)
        let registration = MatrixRegistration(
            id: try #require(yaml["id"] as? String), url: url, applicationServiceToken: try #require(yaml["as_token"] as? String),
            homeserverToken: try #require(yaml["hs_token"] as? String), bot: ChatUserID("@\(localpart):example.org"))
        #expect(registration.yaml + "\n" == example)
    }
}
