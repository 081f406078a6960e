import ArgumentParser
import Foundation
import Logging
import UnhurriedServer
import UnhurriedStorage

/// `--database`, shared by the commands that open the store. The environment is read when the store is opened,
/// not as the option's default, so a password in `DATABASE_URL` never shows in `--help`.
struct DatabaseOption: ParsableArguments {
    @Option(help: """
        Where the data lives: sqlite://PATH (one machine) or postgres://user:password@host:5432/database \
        [?sslmode=disable|prefer|require|verify-full&schema=NAME] (several replicas). Default: $DATABASE_URL, else \(DatabaseLocation.defaultURL).
        """)
    var database: String?

    var url: String {
        database ?? ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? DatabaseLocation.defaultURL
    }

    func open(logger: Logger) async throws -> any ClosableStore {
        try await openStore(databaseURL: url, logger: logger)
    }

    /// Runs `body` with the store open and running, and closes it after, however `body` ends.
    func withStore<Result>(logger: Logger, _ body: (any ClosableStore) async throws -> Result) async throws -> Result {
        try await withRunningStore(try await open(logger: logger), body)
    }
}
