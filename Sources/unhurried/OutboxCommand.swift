import ArgumentParser
import Foundation
import Logging
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List the posts waiting to be delivered or parked as dead, and put one back in the queue.",
        subcommands: [List.self, Retry.self],
        defaultSubcommand: List.self)

    struct StoreOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOption

        func withStore<Result>(_ body: (any ClosableStore) async throws -> Result) async throws -> Result {
            var logger = Logger(label: "unhurried")
            logger.logLevel = .warning
            return try await database.withStore(logger: logger, body)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pending posts, or dead ones with --dead.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "List the posts that failed for good instead of the pending ones.") var dead = false

        func run() async throws {
            let posts = try await store.withStore { try await $0.posts(withStatus: dead ? .dead : .pending) }
            guard !posts.isEmpty else {
                print(dead ? "No dead posts." : "No pending posts.")
                return
            }
            for post in posts {
                let when = dead ? "" : " next attempt \(post.nextAttemptAt.formatted(.iso8601))"
                let error = post.lastError.map { " — \($0)" } ?? ""
                print("\(post.id)  \(post.idempotencyKey)  \(post.channel.platform):\(post.channel.channelID)  attempts \(post.attempts)\(when)\(error)")
            }
            if dead { print("Put one back with: unhurried outbox retry ID") }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a pending or dead post for delivery now; a running server picks it up within 30 s.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The post's id, as `outbox` lists it.") var id: Int64

        func run() async throws {
            let requeued = try await store.withStore { try await $0.requeue(id, at: Date()) }
            guard requeued else {
                FileHandle.standardError.write(Data("No pending or dead post \(id); `unhurried outbox --dead` lists them.\n".utf8))
                throw ExitCode.failure
            }
            print("Post \(id) is queued again.")
        }
    }
}
