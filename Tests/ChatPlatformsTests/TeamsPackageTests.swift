import ArgumentParser
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// `unhurried teams-package` writes what Teams takes: a zip with the manifest and icons at its root, the manifest
/// naming the bot, offering real verbs, and matching `manifests/teams/`.
@Suite struct TeamsPackageTests {
    static let appID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    private static let manifestsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "manifests/teams")

    private func document(_ manifest: TeamsAppManifest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: manifest.json()) as? [String: Any])
    }

    private func options(_ arguments: [String]) throws -> TeamsPackageCommand {
        try TeamsPackageCommand.parse(arguments)
    }

    @Test func theCommittedManifestIsThePlaceholderExample() throws {
        let example = TeamsAppManifest(appID: TeamsAppManifest.placeholderAppID, host: TeamsAppManifest.placeholderHost)
        let committed = try Data(contentsOf: Self.manifestsFolder.appending(path: "manifest.json"))
        #expect(String(decoding: committed, as: UTF8.self) == String(decoding: try example.json(), as: UTF8.self) + "\n")
    }

    @Test func offersOnlyRealVerbsWithWhatHelpSaysOfThem() throws {
        let manifest = try document(TeamsAppManifest(appID: try #require(UUID(uuidString: Self.appID)), host: "unhurried.example.org"))
        let bot = try #require((manifest["bots"] as? [[String: Any]])?.first)
        let lists = try #require(bot["commandLists"] as? [[String: Any]])
        #expect(lists.flatMap { $0["scopes"] as? [String] ?? [] }.sorted() == ["groupChat", "personal", "team"])
        #expect((bot["scopes"] as? [String])?.sorted() == ["groupChat", "personal", "team"])
        for list in lists {
            let commands = try #require(list["commands"] as? [[String: String]])
            #expect((1...12).contains(commands.count), "Teams shows at most 12 commands a list")
            #expect(Set(commands.compactMap { $0["title"] }).count == commands.count)
            for command in commands {
                let verb = try #require(Verb(rawValue: command["title"] ?? ""), "\(command) is no verb")
                let summary = verb.forms[0].summary
                #expect(command["description"] == summary.prefix(1).uppercased() + summary.dropFirst())
            }
        }
    }

    @Test func namesTheBotAndTheHostEverywhereTheManifestNeedsThem() throws {
        let command = try options(["--app-id", Self.appID.uppercased(), "--host", "https://Unhurried.Example.org/teams/messages"])
        let manifest = try document(try command.manifest(environment: [:]))
        let bot = try #require((manifest["bots"] as? [[String: Any]])?.first)
        #expect(bot["botId"] as? String == Self.appID)
        #expect(manifest["id"] as? String == Self.appID)
        #expect((manifest["webApplicationInfo"] as? [String: String])?["id"] == Self.appID)
        #expect(manifest["validDomains"] as? [String] == ["unhurried.example.org"])
        #expect((manifest["developer"] as? [String: String])?["websiteUrl"] == "https://unhurried.example.org/")
        #expect(manifest["manifestVersion"] as? String == "1.30")
        let permissions = (manifest["authorization"] as? [String: Any]).flatMap { $0["permissions"] as? [String: Any] }
        #expect(permissions?["resourceSpecific"] as? [[String: String]] == [
            ["name": "ChannelMessage.Read.Group", "type": "Application"],
        ])
    }

    @Test func takesTheAppIDFromTheEnvironmentAndTheNameFromItsOption() throws {
        let manifest = try options(["--host", "unhurried.example.org", "--name", "Follow-ups"])
            .manifest(environment: ["TEAMS_APP_ID": " \(Self.appID) "])
        #expect(manifest.appID == UUID(uuidString: Self.appID))
        let names = try #require(try document(manifest)["name"] as? [String: String])
        #expect(names["short"] == "Follow-ups")
    }

    @Test(arguments: [
        (["--host", "unhurried.example.org"], "--app-id (or set TEAMS_APP_ID)"),
        (["--app-id", "not-a-guid", "--host", "unhurried.example.org"], "--app-id must be a GUID"),
        (["--app-id", "00000000-0000-0000-0000-000000000000", "--host", "unhurried.example.org"], "placeholder"),
        (["--app-id", TeamsPackageTests.appID, "--host", "http://unhurried.example.org"], "https only"),
        (["--app-id", TeamsPackageTests.appID, "--host", "https://unhurried.example.org:8443"], "without port"),
        (["--app-id", TeamsPackageTests.appID, "--host", "https://unhurried.example.org/bot"], "without port, path"),
        (["--app-id", TeamsPackageTests.appID, "--host", "unhurried"], "public DNS name"),
        (["--app-id", TeamsPackageTests.appID, "--host", "unhurried.example.org/teams"], "public DNS name"),
        (["--app-id", TeamsPackageTests.appID, "--host", "bad-.example.org"], "public DNS name"),
        (["--app-id", TeamsPackageTests.appID, "--host", "unhurried.example.org", "--name", String(repeating: "n", count: 31)], "1 to 30 characters"),
    ])
    func refusesWhatTeamsWouldNot(arguments: [String], explanation: String) throws {
        let error = #expect(throws: ValidationError.self) { try options(arguments).manifest(environment: [:]) }
        #expect(error?.message.contains(explanation) == true, "\(error?.message ?? "")")
    }

    @Test func theEmbeddedIconsAreTheCommittedPNGsAtTheirSizes() throws {
        for (name, icon, side) in [("color.png", TeamsAppIcons.color, 192), ("outline.png", TeamsAppIcons.outline, 32)] {
            #expect(icon == (try Data(contentsOf: Self.manifestsFolder.appending(path: name))), "regenerate TeamsAppIcons from \(name)")
            // The PNG signature, then IHDR's width and height, big-endian.
            #expect(icon.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(Array(icon[16..<24]) == [0, 0, 0, UInt8(side), 0, 0, 0, UInt8(side)], "\(name) is \(side)×\(side)")
        }
    }

    @Test func writesAZipWithExactlyTheManifestAndIconsAtItsRoot() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "teams-package-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appending(path: "unhurried-teams.zip")
        let command = try options(["--app-id", Self.appID, "--host", "unhurried.example.org", "--output", output.path])
        try command.run()

        let entries = try StoredZipReading.entries(of: try Data(contentsOf: output))
        #expect(entries.map(\.name) == ["manifest.json", "color.png", "outline.png"])
        #expect(entries.first?.contents == (try command.manifest(environment: [:]).json()))
        #expect(entries.dropFirst().map(\.contents) == [TeamsAppIcons.color, TeamsAppIcons.outline])
    }
}
