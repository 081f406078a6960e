import ArgumentParser
import Foundation

package struct TeamsPackageCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "teams-package",
        abstract: "Write the Microsoft Teams app package, the zip to upload in Teams.",
        discussion: """
            The package holds manifest.json and the two icons. Its bot is the Microsoft Entra application that \
            `serve` signs in as, so give the same id as TEAMS_APP_ID (the default when set):

              unhurried teams-package --app-id 3f2504e0-4f89-41d3-9a0c-0305e82c3301 --host unhurried.example.com
            """)

    private static var messagingPath: String { TeamsPlatform.messagingPath }

    @Option(name: .customLong("app-id"), help: "The bot's Microsoft Entra application (client) id (default: TEAMS_APP_ID).")
    var appID: String?
    @Option(help: "Unhurried's public host name, or its https URL (Teams reaches it at https://<host>\(Self.messagingPath)).")
    var host: String
    @Option(help: "Where to write the package.")
    var output = "unhurried-teams.zip"
    @Option(help: "The app's name in Teams, which people @mention (at most \(TeamsAppManifest.nameLimit) characters).")
    var name = TeamsAppManifest.defaultName

    package init() {}

    package func run() throws {
        let manifest = try manifest(environment: ProcessInfo.processInfo.environment)
        try TeamsAppPackage.archive(of: manifest).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("""
            Wrote \(output) for the bot \(manifest.appID.uuidString.lowercased()).
            Its messaging endpoint (in the bot's registration): https://\(manifest.host)\(Self.messagingPath)
            Upload the package in Teams: Apps → Manage your apps → Upload an app.
            """)
    }

    /// The manifest the options describe, or a `ValidationError` saying which option to fix and how.
    package func manifest(environment: [String: String]) throws -> TeamsAppManifest {
        guard let idText = appID ?? environment["TEAMS_APP_ID"].map({ $0.trimmingCharacters(in: .whitespaces) }), !idText.isEmpty else {
            throw ValidationError("give the bot's Microsoft Entra application (client) id with --app-id (or set TEAMS_APP_ID)")
        }
        guard let id = UUID(uuidString: idText) else {
            throw ValidationError(
                "--app-id must be a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301 (the application (client) id), not \"\(idText)\"")
        }
        guard id != TeamsAppManifest.placeholderAppID else {
            throw ValidationError("--app-id is the example's placeholder; give the bot's own application (client) id")
        }
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        // UTF-16 units, the longest of the ways a limit on characters may be counted.
        guard !trimmedName.isEmpty, trimmedName.utf16.count <= TeamsAppManifest.nameLimit else {
            throw ValidationError("--name must be 1 to \(TeamsAppManifest.nameLimit) characters, Teams' limit for an app's name")
        }
        return TeamsAppManifest(appID: id, host: try Self.hostName(host), name: trimmedName)
    }

    /// The lower-cased DNS name in `text`: a bare host, or an https URL naming one (its path may only be the
    /// messaging endpoint's, in case that is what was pasted).
    private static func hostName(_ text: String) throws -> String {
        let example = "such as unhurried.example.com or https://unhurried.example.com"
        var candidate = text.trimmingCharacters(in: .whitespaces)
        if candidate.contains("://") {
            guard let url = URLComponents(string: candidate), url.scheme?.lowercased() == "https" else {
                throw ValidationError("--host must be a host name or an https URL (Teams calls bots over https only), \(example)")
            }
            guard url.port == nil, url.query == nil, url.user == nil, ["", "/", messagingPath].contains(url.path) else {
                throw ValidationError("--host takes the host alone, without port, path or query, \(example)")
            }
            candidate = url.host ?? ""
        }
        let labels = candidate.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        let validLabel = { (label: Substring) in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
        }
        guard labels.count >= 2, candidate.count <= 253, labels.allSatisfy(validLabel) else {
            throw ValidationError("--host must be the public DNS name Teams reaches Unhurried at, \(example), not \"\(text)\"")
        }
        return candidate.lowercased()
    }
}
