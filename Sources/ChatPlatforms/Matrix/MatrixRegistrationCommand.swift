import ArgumentParser
import Foundation
import UnhurriedCore

struct MatrixRegistrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix-registration",
        abstract: "Print the application-service registration file for a Matrix homeserver.",
        discussion: """
            The tokens come from MATRIX_AS_TOKEN and MATRIX_HS_TOKEN when set, as `serve` reads them. When they are not
            set, new random tokens are written into the file and the variables to set for `serve` are printed on
            standard error.

              unhurried matrix-registration --url http://unhurried:8080 --bot @unhurried:example.org > unhurried.yaml
            """)

    @Option(help: "Where the homeserver reaches Unhurried (it calls <url>/_matrix/app/v1/…).")
    var url: String
    @Option(help: "The bot's Matrix user id (default: MATRIX_BOT_USER).")
    var bot: String?
    @Option(help: "The registration's id, unique on the homeserver.")
    var id = "unhurried"

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let address = URL(string: url), ["http", "https"].contains(address.scheme?.lowercased() ?? ""), address.host != nil else {
            throw ValidationError("--url must be an http(s) URL such as http://unhurried:8080")
        }
        guard let botText = bot ?? environment["MATRIX_BOT_USER"], let botUser = MatrixText.userID(botText) else {
            throw ValidationError("name the bot with --bot @unhurried:example.org (or MATRIX_BOT_USER)")
        }
        var generated: [String] = []
        func token(_ name: String) -> String {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
            let value = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
            generated.append("\(name)=\(value)")
            return value
        }
        let registration = MatrixRegistration(
            id: id, url: address, applicationServiceToken: token("MATRIX_AS_TOKEN"), homeserverToken: token("MATRIX_HS_TOKEN"),
            bot: botUser)
        print(registration.yaml)
        if !generated.isEmpty {
            FileHandle.standardError.write(Data("""
                New tokens were generated. Start `unhurried serve` with:
                  \(generated.joined(separator: "\n  "))
                  MATRIX_BOT_USER=\(botUser)

                """.utf8))
        }
    }
}
